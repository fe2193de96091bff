#!/usr/bin/env zx
// One stage's go/no-go: `npx zx scripts/gate.mjs --stage <stage> [--plan <plan>] [--config F]
// [--force] [--reports-dir D]` (or `npm run gate -- --stage <stage>`). Thin on purpose: the
// logic is `isogate gate` (src/gate), reached through the same CLI a user runs. Exit 0 GO,
// 1 NO-GO, 2 INCONCLUSIVE, 3 usage or configuration error.
import { fileURLToPath } from 'node:url';
import { $, argv } from 'zx';

const bin = fileURLToPath(new URL('../bin/isogate.mjs', import.meta.url));
const known = new Set(['_', 'stage', 'plan', 'config', 'force', 'reports-dir', 'evidence-dir', 'list', 'help', 'h']);
const unknown = Object.keys(argv).filter((k) => !known.has(k));
if (unknown.length > 0 || argv._.length > 0) {
  console.error(`ISOGATE_USAGE: expected --stage <stage> [--plan <plan>] [--config F] [--force] [--reports-dir D], found ${[...unknown.map((k) => `--${k}`), ...argv._].join(' ')}`);
  process.exit(3);
}
const args = [];
for (const name of ['stage', 'plan', 'config', 'reports-dir', 'evidence-dir']) {
  const value = argv[name];
  if (value === undefined) continue;
  if (typeof value !== 'string' || value === '') {
    console.error(`ISOGATE_USAGE: expected --${name} <value>, found ${JSON.stringify(value)}`);
    process.exit(3);
  }
  args.push(`--${name}`, value);
}
for (const flag of ['force', 'list', 'help']) if (argv[flag] === true) args.push(`--${flag}`);

const result = await $({ stdio: 'inherit', nothrow: true })`node ${bin} gate ${args}`;
process.exit(result.exitCode ?? 4);
