// One measured run in a fresh process (so peak RSS is this run's alone): `audit`, `changed` or `eslint`.
// Prints one JSON line: { ms (wall), cpuMs (user+sys of the run itself), maxRssMb (whole process), files, findings, detail }.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { resolveAuditSettings, runAudit, auditConfigSchema, CACHE_DIR } from '../../src/audit/index.js';

const [mode = 'audit', workDir = '.', restricted = ''] = process.argv.slice(2);
const config = auditConfigSchema.parse(JSON.parse(readFileSync(join(workDir, 'audit-config.json'), 'utf8')));

async function measure(): Promise<{ files: number; findings: number; detail: unknown }> {
  if (mode === 'eslint') {
    const files = readFileSync(join(workDir, 'files.txt'), 'utf8').split('\n').filter(Boolean);
    const eslint = new ESLint({
      cwd: workDir,
      overrideConfigFile: true,
      overrideConfig: [{
        files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
        languageOptions: { parser: tseslint.parser },
        rules: { 'no-restricted-imports': ['error', { paths: restricted.split(',').filter(Boolean) }] },
      }],
      cache: false,
    });
    const results = await eslint.lintFiles(files);
    return { files: results.length, findings: results.reduce((n, r) => n + r.errorCount, 0), detail: { fatal: results.filter((r) => r.fatalErrorCount > 0).length } };
  }
  const settings = resolveAuditSettings(config, workDir);
  const report = await runAudit(settings, mode === 'changed'
    ? { changedSince: 'HEAD', cacheDir: join(workDir, CACHE_DIR) }
    : { cacheDir: join(workDir, CACHE_DIR) });
  const byRule: Record<string, number> = {};
  for (const v of report.violations) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
  return { files: report.filesScanned, findings: report.violations.length, detail: { byRule, filesChecked: report.filesChecked, typeChecked: report.filesTypeChecked, phases: report.phases } };
}

const startUsage = process.resourceUsage();
const cpuAtStart = (startUsage.userCPUTime + startUsage.systemCPUTime) / 1000;
const started = performance.now();
const result = await measure();
const ms = performance.now() - started;
const usage = process.resourceUsage();
const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000 - cpuAtStart);
process.stdout.write(`${JSON.stringify({ ms: Math.round(ms), cpuMs, maxRssMb: Math.round(usage.maxRSS / 1024), ...result })}\n`);
