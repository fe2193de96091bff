import { resolveAuditSettings, runAudit } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';
const loaded = await loadConfig(process.argv[2]!);
const r = await runAudit(resolveAuditSettings(loaded.config.audit!, loaded.dir, new Date('2026-03-15T12:00:00Z')));
for (const v of r.violations) console.log(`${v.file}:${v.line} ${v.rule}  ${v.message}`);
console.log('suppressed', r.suppressed.map((s) => `${s.file}:${s.line}`).join(' '));
