/** What a scenario check saw go wrong, by kind; the first few of each are kept as examples. */
export interface Finding {
  kind: string;
  message: string;
}

export class Findings {
  private readonly counts = new Map<string, number>();
  private readonly examples: Finding[] = [];

  constructor(private readonly keepPerKind = 5) {}

  add(kind: string, message: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= this.keepPerKind) this.examples.push({ kind, message });
  }

  count(...kinds: string[]): number {
    return kinds.reduce((sum, k) => sum + (this.counts.get(k) ?? 0), 0);
  }

  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  list(): Finding[] {
    return [...this.examples];
  }
}

/** Thrown inside a property so fast-check shrinks to the shortest sequence that shows it. */
export class ScenarioViolation extends Error {
  constructor(readonly kind: string, message: string) {
    super(`${kind}: ${message}`);
    this.name = 'ScenarioViolation';
  }
}
