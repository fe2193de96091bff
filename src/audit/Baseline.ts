import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { IsogateError } from '../errors/index.js';
import { RULE_IDS } from './AuditRules.js';
import type { Finding, ReportedFinding, SuppressedFinding } from './Finding.js';

/**
 * A baseline lets a team adopt the audit on a code base that already has violations: only new
 * ones fail. Entries are keyed by rule, file and symbol (enclosing declaration > what it
 * touches), never by line, so edits elsewhere in a file do not churn them.
 */
const baselineSchema = z.object({
  version: z.literal(1),
  entries: z.array(z.object({
    fingerprint: z.string(),
    rule: z.enum(RULE_IDS),
    file: z.string(),
    symbol: z.string(),
    count: z.number().int().positive(),
  }).strict()),
}).strict();

export type Baseline = z.infer<typeof baselineSchema>;
export type BaselineEntry = Baseline['entries'][number];

export function fingerprintOf(f: Pick<Finding, 'rule' | 'file' | 'symbol'>): string {
  return createHash('sha256').update(`${f.rule}\0${f.file}\0${f.symbol}`).digest('hex').slice(0, 24);
}

export async function readBaseline(path: string): Promise<Baseline> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (cause) {
    throw new IsogateError('ISOGATE_USAGE', `expected a baseline file at ${path}, found none`, {
      cause, hint: 'create one with `isogate audit --write-baseline <file>` (locally, never in CI), or drop --baseline',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new IsogateError('ISOGATE_USAGE', `expected JSON in baseline ${path}, found text that does not parse`, { cause });
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IsogateError('ISOGATE_USAGE', `${path} is not an isogate audit baseline (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`, {
      hint: 'regenerate it with `isogate audit --write-baseline <file>`',
    });
  }
  return parsed.data;
}

export function buildBaseline(findings: readonly Finding[]): Baseline {
  const byPrint = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const fingerprint = fingerprintOf(f);
    const entry = byPrint.get(fingerprint);
    if (entry === undefined) byPrint.set(fingerprint, { fingerprint, rule: f.rule, file: f.file, symbol: f.symbol, count: 1 });
    else entry.count++;
  }
  const entries = [...byPrint.values()].sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.symbol.localeCompare(b.symbol));
  return { version: 1, entries };
}

export async function writeBaseline(path: string, findings: readonly Finding[]): Promise<number> {
  const baseline = buildBaseline(findings);
  await writeFile(path, `${JSON.stringify(baseline, null, 2)}\n`);
  return baseline.entries.length;
}

export interface BaselineOutcome {
  fresh: ReportedFinding[];
  baselined: SuppressedFinding[];
  /** Entries that no longer match anything (fixed, or moved): delete them from the baseline. */
  stale: Array<BaselineEntry & { unmatched: number }>;
}

/** Up to `count` findings per fingerprint are baselined (in file order); the rest are new. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline | undefined): BaselineOutcome {
  const left = new Map((baseline?.entries ?? []).map((e) => [e.fingerprint, e.count]));
  const fresh: ReportedFinding[] = [];
  const baselined: SuppressedFinding[] = [];
  for (const f of findings) {
    const fingerprint = fingerprintOf(f);
    const remaining = left.get(fingerprint) ?? 0;
    if (remaining > 0) {
      left.set(fingerprint, remaining - 1);
      baselined.push({ ...f, fingerprint, suppression: { kind: 'baseline', justification: 'present in the baseline when the audit was adopted' } });
    } else fresh.push({ ...f, fingerprint });
  }
  const stale = (baseline?.entries ?? []).flatMap((e) => {
    const unmatched = left.get(e.fingerprint) ?? 0;
    return unmatched > 0 ? [{ ...e, unmatched }] : [];
  });
  return { fresh, baselined, stale };
}
