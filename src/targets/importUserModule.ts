import { pathToFileURL } from 'node:url';

type Namespace = Record<string, unknown>;

/**
 * A user's .ts file may sit outside any ESM package (no "type": "module" above it); Node then
 * treats it as CommonJS and a plain import() fails. tsx's scoped loader imports it either way;
 * its CommonJS interop wraps the namespace once more (`default.__esModule`), which we unwrap.
 */
export async function importUserModule(file: string): Promise<Namespace> {
  let mod: Namespace;
  try {
    mod = (await import(pathToFileURL(file).href)) as Namespace;
  } catch (nativeError) {
    if (!/\.[cm]?tsx?$/.test(file)) throw nativeError;
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Namespace;
  }
  const inner = mod['default'];
  if (typeof inner === 'object' && inner !== null && (inner as Namespace)['__esModule'] === true) {
    return inner as Namespace;
  }
  return mod;
}
