// Child process for the interruption test: a gate's runChecks on one check that records its pid
// and never ends; the test stops this process and looks for the check.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecks } from '../../../src/gate/runChecks.js';

const [root] = process.argv.slice(2);
if (root === undefined) throw new Error('usage: holdChecks.ts <dir>');
const bin = join(root, 'fake-isogate.mjs');
// The check's process records its pid, starts a grandchild that does the same, and waits.
writeFileSync(bin, `
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[process.argv.indexOf('--evidence-dir') + 1];
writeFileSync(join(dir, '..', '..', 'check.pid'), String(process.pid));
const grandchild = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
writeFileSync(join(dir, '..', '..', 'grandchild.pid'), String(grandchild.pid));
setTimeout(() => {}, 600000);
`);
await runChecks({
  runs: [{ id: 'held', argv: ['hold'], produces: ['leakage'] }],
  reportDir: join(root, 'report'), cwd: root, env: process.env, progress: () => undefined, bin, timeoutSeconds: 600,
});
