import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/index.js';

export interface CliRun { code: number; out: string; err: string }

/** Runs `isogate <argv>` in-process, as a user would from the shell, capturing what it prints. */
export async function runIsogate(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: process.cwd(), env: process.env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export function tempEvidenceDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'isogate-ev-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
