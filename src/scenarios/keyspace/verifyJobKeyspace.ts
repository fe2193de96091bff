import type { Redis } from 'ioredis';
import type { JobModel } from './JobModel.js';

export interface KeyspaceCounts {
  old: number;
  new: number;
  perWorkspace: Record<string, { model: number; newKeys: number }>;
}

export interface KeyspaceVerification {
  mismatches: string[];
  counts: KeyspaceCounts;
}

const glob = (s: string): string => s.replace(/[*?[\]\\]/g, '\\$&');

async function scanAll(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  return keys;
}

/**
 * The checklist's "Validation After Backfill", made exact: counts per schema and per workspace,
 * and workspace consistency (the key's workspace, the stored workspace_id and the owner that
 * created the job agree). Valid at any point: the model knows which jobs must have a new key.
 */
export async function verifyJobKeyspace(redis: Redis, namespace: string, model: JobModel): Promise<KeyspaceVerification> {
  const p = `${namespace}:`;
  const mismatches: string[] = [];
  const oldKeys = await scanAll(redis, `${glob(p)}ai:jobs:*`);
  const newKeys = await scanAll(redis, `${glob(p)}ai:job:*`);
  const perWorkspace: KeyspaceCounts['perWorkspace'] = {};
  const slot = (ws: string) => (perWorkspace[ws] ??= { model: 0, newKeys: 0 });
  for (const job of model.jobs.values()) if (job.inNew) slot(job.ws).model += 1;
  const values = newKeys.length === 0 ? [] : await redis.mget(...newKeys);
  newKeys.forEach((key, i) => {
    const [ws, jobId] = key.slice(`${p}ai:job:`.length).split(':');
    if (ws === undefined || jobId === undefined) return;
    slot(ws).newKeys += 1;
    let stored: string | undefined;
    try {
      stored = (JSON.parse(values[i] ?? 'null') as { workspace_id?: string } | null)?.workspace_id;
    } catch {
      stored = undefined;
    }
    const owner = model.owner(jobId);
    if (stored !== ws || owner !== ws) mismatches.push(`${key}: key workspace ${ws}, stored workspace_id ${stored ?? 'unreadable'}, created by ${owner ?? 'nobody'}`);
  });
  for (const [ws, c] of Object.entries(perWorkspace)) {
    if (c.model !== c.newKeys) mismatches.push(`workspace ${ws}: ${c.model} jobs must be on the new schema, found ${c.newKeys} new-schema keys`);
  }
  if (oldKeys.length !== model.jobs.size) mismatches.push(`old schema: ${model.jobs.size} acknowledged jobs, found ${oldKeys.length} ai:jobs:* keys`);
  return { mismatches, counts: { old: oldKeys.length, new: newKeys.length, perWorkspace } };
}

/** Calls of KEYS so far, from INFO commandstats: the checklist requires SCAN. */
export async function keysCommandCalls(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  const m = /^cmdstat_keys:calls=(\d+)/m.exec(info);
  return m?.[1] === undefined ? 0 : Number(m[1]);
}
