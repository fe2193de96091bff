// Folders under src/ form layers (docs/architecture.md, "Layers"): an import from one folder to
// another must never be answered by a chain of imports leading back. A type-only or dynamic
// import counts too: either still ties the two folders' designs together.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const SRC = join(ROOT, 'src');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm;

/** `redis` for src/redis/…/x.ts, undefined for a file not inside a folder of src/. */
function folderOf(file) {
  const parts = relative(SRC, file).split(sep);
  return parts.length >= 2 && parts[0] !== '..' ? parts[0] : undefined;
}

/** The other folders of src/ that `text` (the source of `file`) imports. */
function importedFolders(file, text) {
  const own = folderOf(file);
  const out = new Set();
  for (const m of text.matchAll(SPECIFIER)) {
    const target = folderOf(resolve(dirname(file), m[1]));
    if (target !== undefined && target !== own) out.add(target);
  }
  return out;
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Per file, the folders it imports, as on disk: read once per lint run. */
let edgesByFile;
function edges() {
  edgesByFile ??= new Map(sourceFiles(SRC).map((f) => [f, importedFolders(f, readFileSync(f, 'utf8'))]));
  return edgesByFile;
}

/** A path of folders from `from` to `to`, or undefined; `current` is the linted file's text, not its disk copy. */
function pathBetween(from, to, current) {
  const graph = new Map();
  const all = new Map(edges());
  all.set(current.file, current.targets);
  for (const [file, targets] of all) {
    const folder = folderOf(file);
    if (folder === undefined) continue;
    const set = graph.get(folder) ?? new Set();
    for (const t of targets) set.add(t);
    graph.set(folder, set);
  }
  const previous = new Map([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === to) {
      const path = [];
      for (let f = to; f !== undefined; f = previous.get(f)) path.unshift(f);
      return path;
    }
    for (const next of graph.get(at) ?? []) {
      if (!previous.has(next)) { previous.set(next, at); queue.push(next); }
    }
  }
  return undefined;
}

export const folderCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'no import cycles between the folders of src/' },
    messages: {
      cycle: "src/{{from}} imports src/{{to}}, which already leads back to src/{{from}} ({{path}}); move the code that needs both into the layer above them",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = folderOf(file);
    if (from === undefined) return {};
    const current = { file, targets: importedFolders(file, context.sourceCode.text) };
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = folderOf(resolve(dirname(file), source));
      if (to === undefined || to === from) return;
      const back = pathBetween(to, from, current);
      if (back === undefined) return;
      context.report({ node, messageId: 'cycle', data: { from, to, path: [from, ...back].map((f) => `src/${f}`).join(' → ') } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
