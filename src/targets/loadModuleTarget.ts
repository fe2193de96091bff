import { isAbsolute, resolve } from 'node:path';
import { IsogateError } from '../errors/index.js';
import { importUserModule } from './importUserModule.js';
import type { CreateStore } from './TenantStore.js';
import type { ModuleTargetConfig } from './TargetConfig.js';

/**
 * Imports a user's module and returns its store factory. `baseDir` is the directory of the
 * config file that declared it, so a config works wherever it lives.
 */
export async function loadExport<T>(modulePath: string, exportName: string, baseDir: string, what: string): Promise<T> {
  const file = isAbsolute(modulePath) ? modulePath : resolve(baseDir, modulePath);
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(file);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IsogateError('ISOGATE_TARGET_LOAD_FAILED', `expected to import ${what} from ${file}, but it failed: ${reason}`, {
      cause,
      hint: 'check the module path in your config (it is relative to the config file)',
    });
  }
  const exported = mod[exportName];
  if (typeof exported !== 'function') {
    const found = Object.keys(mod).join(', ') || 'no exports';
    throw new IsogateError('ISOGATE_TARGET_INVALID', `expected ${file} to export a function named ${exportName}, found ${found}`, {
      hint: `export ${exportName} from the module, or set \`export\` in the target config`,
    });
  }
  return exported as T;
}

export function loadModuleTarget(target: ModuleTargetConfig, baseDir: string): Promise<CreateStore> {
  return loadExport<CreateStore>(target.module, target.export, baseDir, 'a store factory');
}
