// The audit module's public entry (STYLE.md 9): every module writes its audit rows through it.
export { sealAudit, writeAudit, type AuditAction, type AuditActor, type AuditInput } from './service.ts';
