#!/usr/bin/env node
// isogate runs from its TypeScript sources, and loads users' TypeScript configs and targets:
// tsx's loader makes both importable without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
