import type { Evidence } from '../../src/evidence/index.js';
import { drillsConfigSchema, runDrill, type DrillName, type DrillsConfigInput, type FlagExposure } from '../../src/drills/index.js';

/**
 * Runs one drill with small budgets (few flips, short traffic) so the whole folder stays well
 * under a minute and a half; prints the failures of a drill that did not pass, for the reader.
 */
export async function drillRun(name: DrillName, input: DrillsConfigInput = {}, exposure?: { exposure: FlagExposure; arm: string }): Promise<Evidence> {
  // hang guard: the services compile on start, which a busy machine may take most of a minute to do.
  const config = drillsConfigSchema.parse({ ...input, service: { readyTimeoutMs: 60_000, ...input.service } });
  const evidence = await runDrill(name, { config, baseDir: process.cwd(), seed: 7, log: () => undefined, ...exposure });
  const details = evidence.details as { failures?: string[]; error?: string };
  if (evidence.status !== 'pass') console.log(`${evidence.check} ${evidence.status}: ${JSON.stringify(details.failures ?? details.error)}`);
  return evidence;
}

export function failuresOf(evidence: Evidence): string[] {
  return (evidence.details as { failures?: string[] }).failures ?? [];
}
