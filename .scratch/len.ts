import fc from 'fast-check';
import { tenantsArbitrary } from '../src/leakage/TenantSpace.js';
const runs = fc.sample(tenantsArbitrary({ pattern: undefined }, 2, 8), { numRuns: 1000, seed: 5 });
const h = new Map<number, number>();
for (const r of runs) h.set(r.length, (h.get(r.length) ?? 0) + 1);
console.log([...h].sort((a, b) => a[0] - b[0]));
