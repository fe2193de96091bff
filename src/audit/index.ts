export { auditConfigSchema } from './AuditConfig.js';
export type { AuditConfig } from './AuditConfig.js';
