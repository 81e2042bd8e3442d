import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/tx.ts';
import { auditEvent } from './tables.ts';

export type AuditPurpose = 'care' | 'consent' | 'break_glass' | 'admin' | 'export' | 'auth';
export type AuditOutcome = 'success' | 'failure' | 'denied';

/** Who did it and from where: copied on every audit row (SEC-LOG-01). */
export interface AuditActor {
  tenantId: string | null;
  userId: string | null;
  role: string | null;
  profession: string | null;
  requestId: string | null;
  ip: string | null;
}

/** What was done: never the data itself, only references and categories (SEC-LOG-02). */
export interface AuditInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  personId?: string | null;
  infoCategory?: string | null;
  purpose?: AuditPurpose;
  outcome?: AuditOutcome;
  details?: Record<string, string | number | boolean | null | string[]>;
}

/** Writes one audit row in the caller's transaction, so the action and its trace commit together. */
export async function writeAudit(tx: Tx | Db, actor: AuditActor, e: AuditInput): Promise<void> {
  await tx.insert(auditEvent).values({
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    actorRole: actor.role,
    actorProfession: actor.profession,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId ?? null,
    personId: e.personId ?? null,
    infoCategory: e.infoCategory ?? null,
    purpose: e.purpose ?? 'care',
    outcome: e.outcome ?? 'success',
    requestId: actor.requestId,
    ip: actor.ip,
    details: e.details ?? {},
  });
}

/** Chains the rows committed since the last call (see migration 0001). Returns rows sealed. */
export async function sealAudit(db: Db): Promise<number> {
  const r = await db.execute<{ n: number }>(sql`select audit_seal() as n`);
  return Number(r.rows[0]?.n ?? 0);
}
