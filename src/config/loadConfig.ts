import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { IsogateError } from '../errors/index.js';
import { importUserModule } from '../targets/index.js';
import { isogateConfigSchema, type IsogateConfig } from './IsogateConfig.js';

export interface LoadedConfig {
  config: IsogateConfig;
  /** Absolute path of the file; relative paths inside it are resolved against `dir`. */
  path: string;
  dir: string;
  /** sha256 of the file's bytes, named in every report. */
  hash: string;
}

export const DEFAULT_CONFIG_FILE = 'isogate.config.ts';

/** `path: what is wrong`, one line per problem, as the CLI prints them. */
export function formatConfigIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `  ${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');
}

export function parseConfig(raw: unknown, source: string): IsogateConfig {
  const result = isogateConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new IsogateError('ISOGATE_CONFIG_INVALID', `${source} is not a valid isogate config:\n${formatConfigIssues(result.error.issues)}`, {
      hint: 'fix the fields named above; defineConfig() in your editor shows what each expects',
    });
  }
  return result.data;
}

export async function loadConfig(file: string = DEFAULT_CONFIG_FILE, cwd: string = process.cwd()): Promise<LoadedConfig> {
  const path = resolve(cwd, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new IsogateError('ISOGATE_CONFIG_NOT_FOUND', `expected a config file at ${path}, found none`, {
      hint: `create ${DEFAULT_CONFIG_FILE} (see README) or pass --config <file>`,
    });
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected ${path} to load, but it threw: ${reason}`, {
      cause, hint: 'fix the error in the config file; run it with `npx tsx` to see it alone',
    });
  }
  if (mod['default'] === undefined) {
    throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected ${path} to have a default export, found none`, {
      hint: 'end the file with `export default defineConfig({ ... })`',
    });
  }
  return { config: parseConfig(mod['default'], path), path, dir: dirname(path), hash: createHash('sha256').update(bytes).digest('hex') };
}
