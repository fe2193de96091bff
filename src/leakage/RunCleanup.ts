import type { Redis } from 'ioredis';
import type { KeyspaceReport } from './KeyspaceCheck.js';

/** True for `ns` itself and keys under it, not for a sibling namespace it prefixes (`…:r1` vs `…:r12`). */
export function isUnderNamespace(key: string, namespace: string): boolean {
  return key.startsWith(namespace) && !/^[0-9A-Za-z]/.test(key.slice(namespace.length));
}

const escapeGlob = (s: string): string => s.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Deletes what one run left in Redis: the keys under its namespace (already unlinked by a
 * keyspace check run with `dropNamespace`) and any key holding its tokens elsewhere. Never
 * FLUSHDB: the stores opened ahead for the next runs hold their own namespaces on the server.
 */
export async function cleanupRun(admin: Redis, namespace: string, report: KeyspaceReport | undefined): Promise<void> {
  let doomed: string[];
  if (report === undefined) {
    doomed = [];
    let cursor = '0';
    do {
      const [next, batch] = await admin.scan(cursor, 'MATCH', `${escapeGlob(namespace)}*`, 'COUNT', 1000);
      cursor = next;
      doomed.push(...batch.filter((k) => isUnderNamespace(k, namespace)));
    } while (cursor !== '0');
  } else {
    doomed = report.runKeys.filter((k) => !isUnderNamespace(k, namespace));
  }
  for (let i = 0; i < doomed.length; i += 500) await admin.unlink(...doomed.slice(i, i + 500));
}
