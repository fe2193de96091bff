// A folder under src/ (or fixtures/) is one concern; others reach it only through its index.ts.
// Tests under test/<folder>/ mirror src/<folder>/ (test/fixtures/<x>/ mirrors fixtures/<x>/)
// and may reach its internals.
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const GUARDED = ['src', 'fixtures'];

/** `src/redis` for any file under src/redis/…, or undefined for files outside a guarded folder. */
function ownerOf(file) {
  const parts = relative(ROOT, file).split(sep);
  if (parts[0] === 'test' && parts[1] === 'fixtures' && parts.length > 3) return `fixtures/${parts[2]}`;
  if (parts[0] === 'test' && parts.length > 2) return `src/${parts[1]}`;
  if (GUARDED.includes(parts[0]) && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return undefined;
}

function folderOf(target) {
  const parts = relative(ROOT, target).split(sep);
  if (GUARDED.includes(parts[0]) && parts.length > 2) {
    const isIndex = parts.length === 3 && /^index\.(ts|js|mjs)$/.test(parts[2]);
    return { folder: `${parts[0]}/${parts[1]}`, isIndex };
  }
  return undefined;
}

export const folderBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "import another folder only through its index.ts" },
    messages: {
      internal: "'{{source}}' reaches into {{folder}}/; import '{{folder}}/index.js' and export what you need from there",
    },
    schema: [],
  },
  create(context) {
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(context.filename), source);
      const hit = folderOf(target);
      if (hit === undefined || hit.isIndex) return;
      if (ownerOf(context.filename) === hit.folder) return;
      context.report({ node, messageId: 'internal', data: { source, folder: hit.folder } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
