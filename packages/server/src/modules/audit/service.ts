import { sql } from 'drizzle-orm';
import type { AuditAction, AuditOutcome, AuditPurpose, AuditResourceType } from '@maillon/shared/audit';
import type { InfoCategory } from '@maillon/shared/people';
import { runNamed, type Db, type Tx } from '../../db/tx.ts';

export type { AuditAction, AuditOutcome, AuditPurpose, AuditResourceType };

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
  /** One of the catalogue in @maillon/shared/audit, each with its French and English label. */
  action: AuditAction;
  resourceType: AuditResourceType;
  resourceId?: string | null;
  personId?: string | null;
  infoCategory?: InfoCategory | null;
  purpose?: AuditPurpose;
  outcome?: AuditOutcome;
  details?: Record<string, string | number | boolean | null | string[]>;
}

const AUDIT_INSERT = `insert into audit_event (tenant_id, actor_user_id, actor_role, actor_profession, action, resource_type,
  resource_id, person_id, info_category, purpose, outcome, request_id, ip, details)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;

/**
 * Writes one audit row in the caller's transaction, so the action and its trace commit together.
 * Every request touching a person's record runs it: a constant text, as a named statement.
 */
export async function writeAudit(tx: Tx | Db, actor: AuditActor, e: AuditInput): Promise<void> {
  await runNamed(tx, 'audit_write', AUDIT_INSERT, [
    actor.tenantId,
    actor.userId,
    actor.role,
    actor.profession,
    e.action,
    e.resourceType,
    e.resourceId ?? null,
    e.personId ?? null,
    e.infoCategory ?? null,
    e.purpose ?? 'care',
    e.outcome ?? 'success',
    actor.requestId,
    actor.ip,
    JSON.stringify(e.details ?? {}),
  ]);
}

/** Chains the rows committed since the last call (see migration 0001). Returns rows sealed. */
export async function sealAudit(db: Db): Promise<number> {
  const r = await db.execute<{ n: number }>(sql`select audit_seal() as n`);
  return Number(r.rows[0]?.n ?? 0);
}
