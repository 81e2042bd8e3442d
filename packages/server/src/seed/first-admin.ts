import { sql } from 'drizzle-orm';
import { defaultMfaRequiredRoles } from '@maillon/shared/identity';
import type { Db } from '../db/tx.ts';
import { randomToken, sha256 } from '../lib/crypto.ts';
import { newId } from '../lib/ids.ts';
import { writeAudit } from '../modules/audit/service.ts';
import { appUser, membership, organisation, passwordReset } from '../modules/identity/tables.ts';

export const FIRST_ADMIN_LINK_HOURS = 24;

/**
 * Production installs have no default account (SEC-AUTHN-05): this creates the organisation and
 * its first administrator without a password, and returns a one-time link where they choose it.
 * MFA is then required at their first login (the default policy covers admins). One time only.
 */
export async function createFirstAdmin(
  db: Db,
  input: { organisation: string; email: string; displayName: string },
): Promise<{ token: string }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7341002613)`);
    const any = await tx.execute(sql`select 1 from app_user limit 1`);
    if (any.rowCount)
      throw new Error('This installation already has users: setup-admin runs only once. Invite administrators from the users page.');
    const orgId = newId();
    const userId = newId();
    await tx.execute(sql`select set_config('app.tenant_id', ${orgId}, true), set_config('app.user_id', ${userId}, true)`);
    await tx.insert(organisation).values({ id: orgId, name: input.organisation, settings: { mfaRequiredRoles: defaultMfaRequiredRoles } });
    await tx
      .insert(appUser)
      .values({ id: userId, email: input.email.trim().toLowerCase(), displayName: input.displayName, passwordHash: null });
    await tx.insert(membership).values({ id: newId(), userId, role: 'admin' });
    const token = randomToken(32);
    await tx
      .insert(passwordReset)
      .values({ id: newId(), userId, tokenHash: sha256(token), expiresAt: new Date(Date.now() + FIRST_ADMIN_LINK_HOURS * 3_600_000) });
    await writeAudit(
      tx,
      { tenantId: orgId, userId: null, role: null, profession: null, requestId: null, ip: null },
      { action: 'system.first_admin_created', resourceType: 'user', resourceId: userId, purpose: 'admin' },
    );
    return { token };
  });
}
