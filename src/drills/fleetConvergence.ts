import { performance } from 'node:perf_hooks';
import { pollUntil } from './pollUntil.js';
import type { ServiceClient } from './ServiceClient.js';

/** setFlag may say which flags version it wrote; then "converged" means that version, not just the value. */
export function versionOf(result: unknown): number | undefined {
  const v = typeof result === 'object' && result !== null ? (result as { version?: unknown }).version : undefined;
  return typeof v === 'number' ? v : undefined;
}

/** Milliseconds from `t0` until the instance reports `value` (at `version` or later), or undefined if it never did. */
export async function convergence(client: ServiceClient, flag: string, value: boolean, version: number | undefined, t0: number, timeoutMs: number): Promise<number | undefined> {
  const seen = await pollUntil(async () => {
    const now = await client.flag(flag);
    return now !== undefined && now.value === value && (version === undefined || now.version >= version);
  }, timeoutMs - (performance.now() - t0), 10);
  return seen ? Math.round(performance.now() - t0) : undefined;
}

/** Per instance, ms until it reported the flip; undefined where it never did. */
export function fleetConvergence(clients: readonly ServiceClient[], flag: string, value: boolean, version: number | undefined, t0: number, timeoutMs: number): Promise<Array<number | undefined>> {
  return Promise.all(clients.map((c) => convergence(c, flag, value, version, t0, timeoutMs)));
}
