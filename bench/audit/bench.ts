// npm run bench:audit — the audit on a large real TypeScript code base (the sources that viem,
// effect and rxjs ship in their npm packages), next to ESLint's no-restricted-imports on the same
// files as the anchor, and a --changed-since run touching 10 files. Prints a table.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
// Inside the repo's git-ignored cache, so the copies still resolve their own dependencies from node_modules.
const WORK = join(ROOT, '.isogate-cache', 'bench-audit');
const PACKAGES: Array<[name: string, sourceDir: string]> = [['viem', 'node_modules/viem'], ['effect', 'node_modules/effect/src'], ['rxjs', 'node_modules/rxjs/src']];
const RESTRICTED = ['ioredis', 'fs', 'node:fs', 'child_process', 'node:child_process'];
const TOUCHED = 10;

interface Run { ms: number; cpuMs: number; maxRssMb: number; files: number; findings: number; detail: unknown }

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('_')) continue;
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|cts|tsx)$/.test(name) && !/\.d\.[cm]?ts$/.test(name)) out.push(path);
  }
  return out;
}

function prepare(): string[] {
  rmSync(WORK, { recursive: true, force: true });
  const files: string[] = [];
  for (const [name, dir] of PACKAGES) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const target = join(WORK, 'src', name, relative(join(ROOT, dir), file));
      mkdirSync(join(target, '..'), { recursive: true });
      cpSync(file, target);
      files.push(relative(WORK, target));
    }
  }
  writeFileSync(join(WORK, 'files.txt'), files.join('\n'));
  writeFileSync(join(WORK, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
    include: ['src'],
  }));
  // State for this code base: Redis and the file system (what a tenant-state audit looks for);
  // every file is request path, legacy headers are checked. With classes that flow through most
  // of the code declared as state (rxjs's subjects), the name taint spreads to most files and
  // the run is far slower: see bench/audit/README.md.
  writeFileSync(join(WORK, 'audit-config.json'), JSON.stringify({
    project: 'tsconfig.json',
    state: { modules: ['ioredis', 'fs', 'node:fs'] },
    requestPath: ['src/**'],
    legacyHeaders: { names: ['x-tenant-id'], allowedIn: [] },
  }));
  writeFileSync(join(WORK, '.gitignore'), '.isogate-cache/\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=bench', ...args], { cwd: WORK });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'bench corpus');
  return files;
}

function measured(mode: string): Run {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/audit/measureRun.ts'), mode, WORK, RESTRICTED.join(',')], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`${mode} run failed (${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(line) as Run;
}

// The machine may be shared: the load at the start says how far the wall times can be trusted.
const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
// `--skip-eslint`: the audit runs only (the ESLint anchor takes most of the bench's time).
const skipEslint = process.argv.includes('--skip-eslint');
const files = prepare();
const eslint: Run = skipEslint ? { ms: Number.NaN, cpuMs: Number.NaN, maxRssMb: 0, files: files.length, findings: 0, detail: {} } : measured('eslint');
const audit = measured('audit');
const touched = files.filter((_f, i) => i % Math.floor(files.length / TOUCHED) === 0).slice(0, TOUCHED);
const originals = touched.map((f) => readFileSync(join(WORK, f), 'utf8'));
touched.forEach((f, i) => writeFileSync(join(WORK, f), `${originals[i] ?? ''}\nexport const __isogateBenchTouch${i} = ${i};\n`));
const changed = measured('changed');
touched.forEach((f, i) => writeFileSync(join(WORK, f), originals[i] ?? ''));

function row(name: string, r: Run, withRate: boolean): string[] {
  const perS = (ms: number) => (withRate ? String(Math.round(r.files / (ms / 1000))) : '-');
  return [name, String(r.files), `${(r.ms / 1000).toFixed(2)} s`, `${(r.cpuMs / 1000).toFixed(2)} s`, perS(r.ms), perS(r.cpuMs), `${r.maxRssMb} MB`];
}
const rows: string[][] = [
  ['run', 'files', 'wall time', 'CPU time', 'files/s (wall)', 'files/s (CPU)', 'peak RSS'],
  row('eslint no-restricted-imports', eslint, true),
  row('isogate audit (full, cold)', audit, true),
  row(`isogate audit --changed-since (${TOUCHED} files touched)`, changed, false),
];
const widths = rows[0]?.map((_c, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
const print = (r: string[]) => console.log(`| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`);
console.log(`\naudit benchmark: ${files.length} TypeScript files shipped by ${PACKAGES.map(([n]) => n).join(', ')}`);
console.log(`machine: ${cpus().length} cores, load average at start ${loadAtStart} (1, 5, 15 min)\n`);
print(rows[0] ?? []);
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) print(r);
console.log(`\naudit / eslint ratio: ${(audit.ms / eslint.ms).toFixed(2)}x wall, ${(audit.cpuMs / eslint.cpuMs).toFixed(2)}x CPU (goal <= 1.5x)`);
console.log(`findings: eslint ${eslint.findings} (imports only); audit ${audit.findings} ${JSON.stringify((audit.detail as { byRule: unknown }).byRule)}`);
console.log(`audit phases (ms): ${JSON.stringify((audit.detail as { phases: unknown }).phases)}; type-checked ${(audit.detail as { typeChecked: number }).typeChecked} files`);
console.log(`changed-since: re-checked ${(changed.detail as { filesChecked: number }).filesChecked} files; phases ${JSON.stringify((changed.detail as { phases: unknown }).phases)}`);
console.log(`goals: ${files.length >= 2000 ? 'ok' : 'NOT MET'} 2,000+ files; ${audit.ms < 10_000 ? 'ok' : 'NOT MET'} under 10 s; `
  + `${audit.maxRssMb < 1024 ? 'ok' : 'NOT MET'} under 1 GB; ${audit.ms / eslint.ms <= 1.5 ? 'ok' : 'NOT MET'} within 1.5x of ESLint; `
  + `${changed.ms < 2000 ? 'ok' : 'NOT MET'} 10-file --changed-since under 2 s`);
console.log(`load average at start ${loadAtStart}, at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}: above ${cpus().length} the wall times are inflated; CPU time is the steadier figure`);
