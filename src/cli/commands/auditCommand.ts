import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import {
  CACHE_DIR, formatJson, formatJunit, formatSarif, formatText, readBaseline, resolveAuditSettings, runAudit, writeBaseline,
  type AuditReport,
} from '../../audit/index.js';
import { loadConfig } from '../../config/index.js';
import { IsogateError, isIsogateError } from '../../errors/index.js';
import { writeEvidence, type Evidence } from '../../evidence/index.js';
import { EXIT, type Command } from '../Command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate audit [--config F] [--format text|json|sarif|junit] [--output F] [--baseline F] [--write-baseline F] '
  + '[--changed-since REF] [--no-cache] [--evidence-dir D] [paths…]';
const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
const TOOL_VERSION = '0.1.0';

/** Static audit: does any code touch tenant state outside the wrappers? Exit 0 clean, 1 violations, 3 cannot tell. */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'static audit: tenant state only through the wrappers, singletons, legacy headers, KEYS, rediss:// (ts-morph)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      'changed-since': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      'evidence-dir': { type: 'string' },
    }, usage);
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
      throw new IsogateError('ISOGATE_USAGE', `expected --format to be one of ${FORMATS.join('|')}, found ${JSON.stringify(values.format)}`, { hint: `usage: ${usage}` });
    }
    const writeTo = values['write-baseline'];
    if (writeTo !== undefined && isCi(io.env)) {
      throw new IsogateError('ISOGATE_USAGE', 'expected --write-baseline to run on a workstation, found CI set', {
        hint: 'a baseline records accepted debt: write it locally, review it, commit it; CI only reads it (--baseline)',
      });
    }
    const started = new Date();
    const evidenceDir = values['evidence-dir'] === undefined ? undefined : resolve(io.cwd, values['evidence-dir']);
    try {
      const loaded = await loadConfig(values.config, io.cwd);
      if (loaded.config.audit === undefined) {
        throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected an \`audit\` section in ${loaded.path}, found none`, {
          hint: "add audit: { project: 'tsconfig.json', wrappers: [...], state: { modules: ['ioredis'] } } (see README)",
        });
      }
      const settings = resolveAuditSettings(loaded.config.audit, loaded.dir);
      const report = await runAudit(settings, {
        paths: positionals.map((p) => resolve(io.cwd, p)),
        changedSince: values['changed-since'],
        cacheDir: values['no-cache'] === true ? undefined : join(loaded.dir, CACHE_DIR),
        baseline: values.baseline === undefined ? undefined : await readBaseline(resolve(io.cwd, values.baseline)),
      });
      if (writeTo !== undefined) {
        const entries = await writeBaseline(resolve(io.cwd, writeTo), report.unbaselined);
        io.out(`baseline: wrote ${entries} entr${entries === 1 ? 'y' : 'ies'} (${report.unbaselined.length} findings) to ${writeTo}`);
        return EXIT.ok;
      }
      const rendered = render(format, report);
      if (values.output === undefined) io.out(rendered);
      else {
        await mkdir(dirname(resolve(io.cwd, values.output)), { recursive: true });
        await writeFile(resolve(io.cwd, values.output), `${rendered}\n`);
        io.out(`audit: ${report.violations.length} violation(s), ${report.suppressed.length} suppressed; ${format} written to ${values.output}`);
      }
      if (evidenceDir !== undefined) await writeEvidence(evidenceDir, evidenceOf(report, relative(loaded.dir, settings.tsconfig), started, values['changed-since']));
      return report.violations.length === 0 ? EXIT.ok : EXIT.fail;
    } catch (error) {
      // Fail closed: the gate must see that the audit could not decide, not a missing record.
      if (evidenceDir !== undefined && isIsogateError(error)) await writeEvidence(evidenceDir, errorEvidence(error, started));
      throw error;
    }
  },
};

function render(format: (typeof FORMATS)[number], report: AuditReport): string {
  switch (format) {
    case 'json': return formatJson(report);
    case 'sarif': return formatSarif(report, TOOL_VERSION);
    case 'junit': return formatJunit(report);
    default: return formatText(report);
  }
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

function evidenceOf(report: AuditReport, target: string, started: Date, changedSince: string | undefined): Evidence {
  return {
    check: 'audit',
    target,
    status: report.violations.length === 0 ? 'pass' : 'fail',
    metrics: {
      violations: report.violations.length,
      suppressed: report.suppressed.length,
      filesScanned: report.filesScanned,
      unverifiable: report.violations.filter((v) => v.rule === 'unverifiable-access').length,
    },
    details: {
      violations: report.violations.slice(0, 50).map(({ rule, file, line, column, message }) => ({ rule, file, line, column, message })),
      staleBaseline: report.staleBaseline.length,
      changedSince: changedSince ?? null,
      filesChecked: report.filesChecked,
      phasesMs: report.phases,
    },
    seed: null,
    startedAt: started.toISOString(),
    durationMs: report.durationMs,
    artifacts: [],
  };
}

function errorEvidence(error: IsogateError, started: Date): Evidence {
  return {
    check: 'audit',
    target: 'project',
    status: 'error',
    metrics: {},
    details: { code: error.code, message: error.message },
    seed: null,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    artifacts: [],
  };
}
