import fc from 'fast-check';
import { tenantsArbitrary } from '../src/leakage/TenantSpace.js';
const colls: Array<[string, (s: string) => string]> = [
  ['lower', (s) => s.toLowerCase()], ['nfkc', (s) => s.normalize('NFKC')], ['trim', (s) => s.trim()],
  ['trunc24', (s) => s.slice(0, 24)], ['safe', (s) => s.replace(/[^A-Za-z0-9_-]/g, '_')],
  ['utf8', (s) => Buffer.from(s).toString('hex')], ['pct', (s) => { try { return decodeURIComponent(s); } catch { return s; } }],
];
const runs = fc.sample(tenantsArbitrary({ pattern: undefined }, 2, 8), { numRuns: 1000, seed: 5 });
for (const [n, f] of colls) {
  const front = runs.filter((ids) => ids.length >= 2 && f(ids[0]!) === f(ids[1]!)).length;
  const any = runs.filter((ids) => ids.some((a, i) => ids.some((b, j) => i < j && f(a) === f(b)))).length;
  console.log(n, 'front', front, 'any', any);
}
console.log(runs.slice(0, 15).map((r) => JSON.stringify(r.slice(0, 3))).join('\n'));
