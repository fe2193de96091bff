import { spawn } from 'node:child_process';
import { autocannonCli, driveLoad } from '../../src/load/index.js';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface DriverComparison { connections: number; seconds: number; isogateRps: number[]; autocannonRps: number[] }

function autocannonCliRps(url: string, connections: number, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [autocannonCli(), '-c', String(connections), '-d', String(seconds), '-j', '-H', 'authorization=Bearer tok-acme', `${url}/kv/load0`],
      { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('error', reject);
    child.once('exit', () => {
      try {
        const r = JSON.parse(out) as { requests: { total: number }; duration: number };
        resolve(r.requests.total / r.duration);
      } catch (error) { reject(error); }
    });
  });
}

/** The trivial server in its own process, so neither driver shares an event loop with it. */
async function spawnServer(): Promise<{ url: string; close(): Promise<void> }> {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = spawn(process.execPath, ['--import', tsx, join(import.meta.dirname, '../../fixtures/loopback-kv/loopbackKvMain.ts'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => { const m = /^listening (\S+)/.exec(line); if (m?.[1] !== undefined) resolve(m[1]); });
    child.once('exit', () => reject(new Error('loopback server exited before listening')));
  });
  return { url, close: async () => { child.kill('SIGTERM'); await exited; } };
}

/**
 * Closed-loop requests per second against a trivial loopback server: isogate's driver (autocannon
 * programmatic API + per-response recording) vs autocannon's own CLI, alternating, same server
 * (its own process), same connections.
 */
export async function benchDriver(connections: number, seconds: number, repeats: number): Promise<DriverComparison> {
  const server = await spawnServer();
  const request = [{ method: 'GET' as const, path: '/kv/load0', headers: { authorization: 'Bearer tok-acme' }, tenant: 'acme', kind: 'read' as const }];
  const out: DriverComparison = { connections, seconds, isogateRps: [], autocannonRps: [] };
  try {
    for (let i = 0; i < repeats; i++) {
      const ours = await driveLoad({ urls: [server.url], connectionsPerArm: connections, rpsPerArm: undefined, seconds, requests: () => request, blockMs: 1000, seed: i });
      out.isogateRps.push((ours.arms[0]?.latencyUs.length ?? 0) / (ours.wallMs / 1000));
      out.autocannonRps.push(await autocannonCliRps(server.url, connections, seconds));
    }
  } finally {
    await server.close();
  }
  return out;
}
