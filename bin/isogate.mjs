#!/usr/bin/env node
// The `isogate` command. An installed package runs its compiled JavaScript (dist/); tsx is then
// used only to import a user's TypeScript config and targets (src/targets/importUserModule.ts).
// In a checkout of the isogate repository (src/ next to bin/; the package never ships src/) it
// runs the sources through tsx instead, so `npm ci` needs no build step and no command can run
// a stale dist/ (docs/architecture.md, "Build and package").
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sources = new URL('../src/cli/index.ts', import.meta.url);
const compiled = new URL('../dist/cli/index.js', import.meta.url);
let entry = compiled;
if (existsSync(sources)) {
  // The repository's tsconfig maps `isogate` to src/, whatever the working directory.
  process.env['TSX_TSCONFIG_PATH'] ??= fileURLToPath(new URL('../tsconfig.json', import.meta.url));
  const { register } = await import('tsx/esm/api');
  register();
  entry = sources;
} else if (!existsSync(compiled)) {
  process.stderr.write(`ISOGATE_INTERNAL: expected the compiled CLI at ${compiled.pathname}, found none\n  next: reinstall isogate (the package is built by \`npm run build\` before it is packed)\n`);
  process.exit(4);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
