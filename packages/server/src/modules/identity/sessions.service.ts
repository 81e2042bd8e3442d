import { and, eq, isNull, sql } from 'drizzle-orm';
import { inTransaction, type Db, type Tx } from '../../db/tx.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isoRequired } from '../../lib/time.ts';
import type { AppDeps } from '../../plugins/deps.ts';
import { writeAudit } from '../audit/public.ts';
import { session } from './tables.ts';

interface NewSession {
  userId: string;
  tenantId: string | null;
  mfaPending: boolean;
  mfaEnrolmentRequired: boolean;
  ip: string | null;
  userAgent: string | null;
}

/** Creates a session and returns its opaque token; only the token's hash is stored (SEC-SESS-01). */
export async function createSession(tx: Tx | Db, deps: AppDeps, s: NewSession): Promise<{ id: string; token: string }> {
  const token = randomToken(32);
  const id = newId();
  const now = new Date();
  await tx.insert(session).values({
    id,
    tokenHash: sha256(token),
    userId: s.userId,
    tenantId: s.tenantId,
    mfaPending: s.mfaPending,
    mfaEnrolmentRequired: s.mfaEnrolmentRequired,
    authenticatedAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + deps.config.SESSION_ABSOLUTE_HOURS * 3_600_000),
    ip: s.ip,
    userAgent: s.userAgent?.slice(0, 300) ?? null,
  });
  return { id, token };
}

/**
 * Replaces a session by a new one with a new token, keeping its absolute expiry. Used after the
 * second factor, step-up and organisation switch: the old token is dead at once (SEC-SESS-02).
 */
export async function rotateSession(
  tx: Tx | Db,
  oldId: string,
  changes: { tenantId?: string | null; mfaPending?: boolean; mfaEnrolmentRequired?: boolean; reauthenticated?: boolean },
): Promise<{ id: string; token: string }> {
  const token = randomToken(32);
  const id = newId();
  const r = await tx.execute(sql`
    with old as (
      update session set revoked_at = now(), revoked_reason = 'rotated' where id = ${oldId} and revoked_at is null returning *
    )
    insert into session (id, token_hash, user_id, tenant_id, mfa_pending, mfa_enrolment_required, authenticated_at, last_seen_at, expires_at, ip, user_agent)
    select ${id}, ${sha256(token)}, user_id,
      ${changes.tenantId === undefined ? sql`tenant_id` : sql`${changes.tenantId}::uuid`},
      ${changes.mfaPending === undefined ? sql`mfa_pending` : sql`${changes.mfaPending}`},
      ${changes.mfaEnrolmentRequired === undefined ? sql`mfa_enrolment_required` : sql`${changes.mfaEnrolmentRequired}`},
      ${changes.reauthenticated ? sql`now()` : sql`authenticated_at`}, now(), expires_at, ip, user_agent
    from old`);
  if (r.rowCount === 0) throw new AppError('session_expired', 'Your session has ended. Please sign in again.');
  return { id, token };
}

export async function revokeSession(tx: Tx | Db, id: string, reason: string): Promise<void> {
  await tx
    .update(session)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(session.id, id), isNull(session.revokedAt)));
}

/** Ends sessions at once (SEC-SESS-04); within one organisation when a tenant is given. */
export async function revokeUserSessions(tx: Tx | Db, userId: string, reason: string, tenantId?: string): Promise<number> {
  const r = await tx.execute(sql`
    update session set revoked_at = now(), revoked_reason = ${reason}
    where user_id = ${userId} and revoked_at is null ${tenantId ? sql`and tenant_id = ${tenantId}` : sql``}`);
  return r.rowCount ?? 0;
}

export async function listSessions(db: Db, userId: string, currentId: string, idleMinutes: number) {
  const r = await db.execute<{
    id: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    ip: string | null;
    user_agent: string | null;
  }>(sql`
    select id, created_at, last_seen_at, expires_at, ip, user_agent from session
    where user_id = ${userId} and revoked_at is null and expires_at > now()
      and last_seen_at > now() - make_interval(mins => ${idleMinutes})
    order by last_seen_at desc`);
  return r.rows.map((s) => ({
    id: s.id,
    current: s.id === currentId,
    createdAt: isoRequired(s.created_at),
    lastSeenAt: isoRequired(s.last_seen_at),
    expiresAt: isoRequired(s.expires_at),
    ip: s.ip,
    userAgent: s.user_agent,
  }));
}

/** Ends the session and records it in the organisation's log (with the tenant set, for RLS). */
export async function logout(
  db: Db,
  auth: { sessionId: string; userId: string; tenantId: string | null; role: string | null; profession: string | null },
  req: { requestId: string; ip: string },
): Promise<void> {
  await inTransaction(db, { tenantId: auth.tenantId, userId: auth.userId }, async (tx) => {
    await revokeSession(tx, auth.sessionId, 'logout');
    await writeAudit(
      tx,
      { tenantId: auth.tenantId, userId: auth.userId, role: auth.role, profession: auth.profession, requestId: req.requestId, ip: req.ip },
      { action: 'auth.logout', resourceType: 'session', resourceId: auth.sessionId, purpose: 'auth' },
    );
  });
}
