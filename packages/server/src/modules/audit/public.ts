// The audit module's public entry (STYLE.md 9): every module writes its audit rows through it.
export { writeAudit, type AuditAction, type AuditActor } from './service.ts';
