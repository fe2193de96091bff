/**
 * The exact model of a TenantStore, per tenant, with uncertainty: a key maps to the SET of values
 * it may hold (null: absent), so an operation whose outcome is unknown (`info`) widens the set
 * instead of being counted as a loss. A read that returns a value outside the set is a lost
 * write or a stale read.
 */
type Possible = Set<string | null>;

interface StreamState { values: string[]; certain: boolean }

interface TenantModel {
  kv: Map<string, Possible>;
  streams: Map<string, StreamState>;
}

/** `lost`: data the tenant wrote is missing (a deletion), rather than wrong or stale. */
export type ModelVerdict = { status: 'consistent' } | { status: 'inconsistent'; expected: string; lost: boolean };

const show = (p: Possible): string => [...p].map((v) => (v === null ? 'absent' : JSON.stringify(v))).join(' or ');

export class StoreModel {
  private readonly tenants = new Map<number, TenantModel>();
  /** Tenants that have written something this run: who a read could leak from. */
  readonly writers = new Set<number>();

  private of(t: number): TenantModel {
    let m = this.tenants.get(t);
    if (m === undefined) {
      m = { kv: new Map(), streams: new Map() };
      this.tenants.set(t, m);
    }
    return m;
  }

  private possible(t: number, key: string): Possible {
    return this.of(t).kv.get(key) ?? new Set([null]);
  }

  put(t: number, key: string, value: string, certain: boolean): void {
    this.writers.add(t);
    const next = certain ? new Set<string | null>() : new Set(this.possible(t, key));
    next.add(value);
    this.of(t).kv.set(key, next);
  }

  delete(t: number, key: string, certain: boolean): void {
    const next = certain ? new Set<string | null>() : new Set(this.possible(t, key));
    next.add(null);
    this.of(t).kv.set(key, next);
  }

  append(t: number, stream: string, value: string, certain: boolean): void {
    this.writers.add(t);
    const s = this.of(t).streams.get(stream) ?? { values: [], certain: true };
    s.values.push(value);
    if (!certain) s.certain = false;
    this.of(t).streams.set(stream, s);
  }

  clear(t: number, certain: boolean): void {
    const m = this.of(t);
    for (const [key, p] of m.kv) m.kv.set(key, certain ? new Set([null]) : new Set([...p, null]));
    if (certain) m.streams.clear();
    else for (const s of m.streams.values()) s.certain = false;
  }

  /** An independent copy: a linearization check tries orders of overlapping operations on copies. */
  clone(): StoreModel {
    const copy = new StoreModel();
    for (const w of this.writers) copy.writers.add(w);
    for (const [t, m] of this.tenants) {
      copy.tenants.set(t, {
        kv: new Map([...m.kv].map(([k, p]) => [k, new Set(p)])),
        streams: new Map([...m.streams].map(([k, st]) => [k, { values: [...st.values], certain: st.certain }])),
      });
    }
    return copy;
  }

  /**
   * Tenant `t`'s state becomes what any of `outcomes` (models after the orders that explain what
   * was seen) allows: per key the union of possible values, so no later read is judged against
   * one order when another explained the past as well.
   */
  adopt(t: number, outcomes: readonly StoreModel[]): void {
    const merged: TenantModel = { kv: new Map(), streams: new Map() };
    const keys = new Set(outcomes.flatMap((o) => [...o.of(t).kv.keys()]));
    for (const k of keys) merged.kv.set(k, new Set(outcomes.flatMap((o) => [...o.possible(t, k)])));
    const streams = new Set(outcomes.flatMap((o) => [...o.of(t).streams.keys()]));
    for (const k of streams) {
      const all = outcomes.map((o) => o.of(t).streams.get(k) ?? { values: [], certain: true });
      const first = all[0] ?? { values: [], certain: true };
      const same = all.every((st) => st.certain && st.values.length === first.values.length && st.values.every((v, i) => v === first.values[i]));
      merged.streams.set(k, same ? { values: [...first.values], certain: true } : { values: [...new Set(all.flatMap((st) => st.values))], certain: false });
    }
    this.tenants.set(t, merged);
    for (const o of outcomes) for (const w of o.writers) this.writers.add(w);
  }

  /** Whether the tenant may hold a value it wrote under `key` (a foreign value there overwrote it). */
  holdsOwn(t: number, key: string): boolean {
    return [...this.possible(t, key)].some((v) => v !== null);
  }

  checkGet(t: number, key: string, got: string | null): ModelVerdict {
    const p = this.possible(t, key);
    if (!p.has(got)) return { status: 'inconsistent', expected: show(p), lost: got === null };
    this.of(t).kv.set(key, new Set([got]));
    return { status: 'consistent' };
  }

  checkList(t: number, got: ReadonlyArray<readonly [string, string]>): ModelVerdict {
    const m = this.of(t);
    const seen = new Map<string, string>();
    for (const [k, v] of got) {
      if (seen.has(k)) return { status: 'inconsistent', expected: `each key once, but ${JSON.stringify(k)} is listed twice`, lost: false };
      seen.set(k, v);
      const p = this.possible(t, k);
      if (!p.has(v)) return { status: 'inconsistent', expected: `${JSON.stringify(k)} = ${show(p)}`, lost: false };
    }
    for (const [k, p] of m.kv) {
      if (!seen.has(k) && !p.has(null)) return { status: 'inconsistent', expected: `${JSON.stringify(k)} = ${show(p)} in the list`, lost: true };
    }
    for (const k of [...m.kv.keys()]) m.kv.set(k, new Set([seen.get(k) ?? null]));
    for (const [k, v] of seen) m.kv.set(k, new Set([v]));
    return { status: 'consistent' };
  }

  /**
   * A listing that overlapped writes of its tenant, judged entry by entry (what a SCAN, or KEYS
   * then one GET per key, guarantees), not as one snapshot: each returned value must be one the
   * key held in some state of the interval (`states`), each key left out must have been absent in
   * one of them. The model is not narrowed: entries from different moments fix no single state.
   */
  static checkListEntries(t: number, got: ReadonlyArray<readonly [string, string]>, states: readonly StoreModel[]): ModelVerdict {
    const allowed = (k: string): Possible => new Set(states.flatMap((s) => [...s.possible(t, k)]));
    const seen = new Set<string>();
    for (const [k, v] of got) {
      if (seen.has(k)) return { status: 'inconsistent', expected: `each key once, but ${JSON.stringify(k)} is listed twice`, lost: false };
      seen.add(k);
      if (!allowed(k).has(v)) return { status: 'inconsistent', expected: `${JSON.stringify(k)} = ${show(allowed(k))} at some point while it ran`, lost: false };
    }
    const keys = new Set(states.flatMap((s) => [...s.of(t).kv.keys()]));
    for (const k of keys) {
      const p = allowed(k);
      if (!seen.has(k) && !p.has(null)) return { status: 'inconsistent', expected: `${JSON.stringify(k)} = ${show(p)} in the list (present the whole time it ran)`, lost: true };
    }
    return { status: 'consistent' };
  }

  checkRange(t: number, stream: string, got: readonly string[]): ModelVerdict {
    const m = this.of(t);
    const s = m.streams.get(stream) ?? { values: [], certain: true };
    if (s.certain) {
      const same = s.values.length === got.length && s.values.every((v, i) => v === got[i]);
      if (!same) return { status: 'inconsistent', expected: JSON.stringify(s.values), lost: got.length < s.values.length };
    } else {
      // Unknown appends may or may not be there, but nothing this tenant never appended may be.
      const missing = got.find((v) => !s.values.includes(v));
      if (missing !== undefined) return { status: 'inconsistent', expected: `only values appended to ${JSON.stringify(stream)}, not ${JSON.stringify(missing)}`, lost: false };
    }
    m.streams.set(stream, { values: [...got], certain: true });
    return { status: 'consistent' };
  }
}
