import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  referentRoles,
  rulesForRole,
  rolePermissions,
  type Me,
  type Member,
  type Role,
  type invitationCreateSchema,
  type memberListQuerySchema,
  type memberUpdateSchema,
} from '@maillon/shared/identity';
import { inTransaction, setTxContext, type Db } from '../../db/tx.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import { AppError, notFound, staleVersion } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import { enqueueMail } from '../../lib/outbox.ts';
import { isoRequired } from '../../lib/time.ts';
import type { AuthState, Ctx } from '../../plugins/context.ts';
import type { AppDeps } from '../../plugins/deps.ts';
import { writeAudit } from '../audit/public.ts';
import { WRONG, checkUserSecret } from './auth.service.ts';
import { assertOwnService } from './org.service.ts';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.ts';
import { revokeUserSessions } from './sessions.service.ts';
import { appUser, invitation, membership, organisation } from './tables.ts';

const INVITATION_TTL_DAYS = 7;

export async function me(db: Db, auth: AuthState, idleMinutes: number): Promise<Me> {
  return inTransaction(db, { tenantId: auth.tenantId, userId: auth.userId }, async (tx) => {
    const u = (await tx.select().from(appUser).where(eq(appUser.id, auth.userId)))[0]!;
    const orgs = await tx.execute<{ id: string; name: string; role: Role }>(sql`
      select o.id, o.name, m.role from membership m join organisation o on o.id = m.tenant_id
      where m.user_id = ${auth.userId} and m.status = 'active' order by o.name`);
    const current = orgs.rows.find((o) => o.id === auth.tenantId) ?? null;
    const blocked = auth.mfaPending || auth.mfaEnrolmentRequired;
    return {
      user: { id: u.id, email: u.email, displayName: u.displayName, locale: u.locale, mfaEnabled: !!u.totpEnabledAt },
      organisation: current ? { id: current.id, name: current.name } : null,
      membership:
        auth.membershipId && auth.role
          ? {
              id: auth.membershipId,
              role: auth.role,
              profession: auth.profession as NonNullable<Me['membership']>['profession'],
              serviceId: auth.serviceId,
            }
          : null,
      organisations: orgs.rows.map((o) => ({ id: o.id, name: o.name, role: o.role })),
      abilities: auth.role && !blocked ? rulesForRole(auth.role) : [],
      permissions: auth.role && !blocked ? [...rolePermissions[auth.role]] : [],
      session: {
        mfaPending: auth.mfaPending,
        mfaEnrolmentRequired: auth.mfaEnrolmentRequired,
        expiresAt: auth.expiresAt.toISOString(),
        idleTimeoutMinutes: idleMinutes,
      },
    };
  });
}

type MemberRow = {
  membership_id: string;
  user_id: string;
  email: string;
  display_name: string;
  role: Role;
  profession: string | null;
  service_id: string | null;
  job_title: string | null;
  status: 'active' | 'deactivated';
  mfa: boolean;
  version: number;
};

const toMember = (r: MemberRow): Member => ({
  membershipId: r.membership_id,
  userId: r.user_id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  profession: r.profession as Member['profession'],
  serviceId: r.service_id,
  jobTitle: r.job_title,
  status: r.status,
  mfaEnabled: r.mfa,
  version: r.version,
});

const memberSelect = sql`
  select m.id as membership_id, u.id as user_id, u.email, u.display_name, m.role, m.profession, m.service_id,
         m.job_title, m.status, u.totp_enabled_at is not null as mfa, m.version
  from membership m join app_user u on u.id = m.user_id`;

/** Members of the current organisation, by name then id, keyset-paginated. */
/**
 * Whether the membership `m` may be the referent coordinator of a person of `serviceId`
 * (issue 19): active, a role that manages care teams, and of that service or of none (a person
 * without a service: any service). The one rule for the picker and for the server's check.
 */
export function referentEligibleSql(serviceId: string | null): SQL {
  return sql`(m.status = 'active' and m.role in (${sql.join(
    referentRoles.map((r) => sql`${r}`),
    sql`, `,
  )}) and (m.service_id is null or ${serviceId}::uuid is null or m.service_id = ${serviceId}::uuid))`;
}

export async function listMembers(
  ctx: Ctx,
  q: z.infer<typeof memberListQuerySchema> & { q?: string; referentForService?: string },
  where: 'querystring' | 'body' = 'querystring',
) {
  const cursor = q.cursor ? decodeCursor(q.cursor, ['text', 'uuid'], where) : null;
  const rows = await ctx.tx.execute<MemberRow>(sql`${memberSelect}
    where m.tenant_id = ${ctx.actor.tenantId}
    ${q.q ? sql`and (unaccent(u.display_name) ilike unaccent(${'%' + q.q + '%'}) or u.email ilike ${'%' + q.q + '%'})` : sql``}
    ${q.role ? sql`and m.role = ${q.role}` : sql``}
    ${q.status ? sql`and m.status = ${q.status}` : sql``}
    ${q.referentForService ? sql`and ${referentEligibleSql(q.referentForService)}` : sql``}
    ${cursor ? sql`and (lower(u.display_name), m.id) > (${cursor[0]}, ${cursor[1]}::uuid)` : sql``}
    order by lower(u.display_name), m.id limit ${q.limit + 1}`);
  return toPage(rows.rows.map(toMember), q.limit, (last) => [last.displayName.toLowerCase(), last.membershipId]);
}

export async function getMember(ctx: Ctx, membershipId: string): Promise<Member> {
  const r = await ctx.tx.execute<MemberRow>(sql`${memberSelect} where m.id = ${membershipId} and m.tenant_id = ${ctx.actor.tenantId}`);
  if (!r.rows[0]) throw notFound('member');
  return toMember(r.rows[0]);
}

/** Role changes need a recent authentication (SEC-SESS-06) and are audited. */
export async function updateMember(
  ctx: Ctx,
  membershipId: string,
  expected: number,
  input: z.infer<typeof memberUpdateSchema>,
): Promise<Member> {
  const before = await getMember(ctx, membershipId);
  await assertOwnService(ctx, input.serviceId);
  if (before.userId === ctx.actor.userId && input.role && input.role !== before.role) {
    throw new AppError('member.own_role', 'You cannot change your own role; ask another administrator.');
  }
  const rows = await ctx.tx
    .update(membership)
    .set({ ...input, updatedAt: new Date(), version: sql`${membership.version} + 1` })
    .where(and(eq(membership.id, membershipId), eq(membership.version, expected)))
    .returning({ id: membership.id });
  if (!rows[0]) throw await staleVersion('This member was changed in the meantime.', () => getMember(ctx, membershipId));
  await ctx.audit({
    action: input.role && input.role !== before.role ? 'user.role_changed' : 'user.update',
    resourceType: 'membership',
    resourceId: membershipId,
    purpose: 'admin',
    details: { fields: Object.keys(input), ...(input.role ? { from: before.role, to: input.role } : {}) },
  });
  return getMember(ctx, membershipId);
}

/** Deactivation ends the member's sessions in this organisation at once (SEC-SESS-04). */
export async function setMemberStatus(ctx: Ctx, membershipId: string, expected: number, status: 'active' | 'deactivated'): Promise<Member> {
  const before = await getMember(ctx, membershipId);
  if (before.userId === ctx.actor.userId) throw new AppError('member.self_deactivation', 'You cannot deactivate yourself.');
  const rows = await ctx.tx
    .update(membership)
    .set({
      status,
      deactivatedAt: status === 'deactivated' ? new Date() : null,
      updatedAt: new Date(),
      version: sql`${membership.version} + 1`,
    })
    .where(and(eq(membership.id, membershipId), eq(membership.version, expected)))
    .returning({ id: membership.id });
  if (!rows[0]) throw await staleVersion('This member was changed in the meantime.', () => getMember(ctx, membershipId));
  let ended = 0;
  if (status === 'deactivated') ended = await revokeUserSessions(ctx.tx, before.userId, 'deactivated', ctx.actor.tenantId!);
  await ctx.audit({
    action: status === 'deactivated' ? 'user.deactivated' : 'user.reactivated',
    resourceType: 'membership',
    resourceId: membershipId,
    purpose: 'admin',
    details: { sessionsEnded: ended },
  });
  return getMember(ctx, membershipId);
}

/** Invites someone by e-mail with a role; the link carries a single-use token valid 7 days. */
export async function createInvitation(ctx: Ctx, input: z.infer<typeof invitationCreateSchema>) {
  const existing = await ctx.tx.execute(sql`
    select 1 from membership m join app_user u on u.id = m.user_id
    where m.tenant_id = ${ctx.actor.tenantId} and lower(u.email) = ${input.email}`);
  if (existing.rowCount) {
    throw new AppError('member.already_member', 'This person is already a member of the organisation.', {
      errors: [{ path: 'body.email', message: 'already a member', code: 'duplicate' }],
    });
  }
  await assertOwnService(ctx, input.serviceId);
  const token = randomToken(32);
  const id = newId();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
  await ctx.tx.execute(
    sql`update invitation set revoked_at = now() where lower(email) = ${input.email} and accepted_at is null and revoked_at is null`,
  );
  await ctx.tx.insert(invitation).values({
    id,
    email: input.email,
    displayName: input.displayName,
    role: input.role,
    profession: input.profession ?? null,
    serviceId: input.serviceId ?? null,
    tokenHash: sha256(token),
    invitedBy: ctx.actor.userId!,
    expiresAt,
  });
  const org = (await ctx.tx.select().from(organisation).where(eq(organisation.id, ctx.actor.tenantId!)))[0]!;
  const base = ctx.deps.config.PUBLIC_URL ?? `http://localhost:${ctx.deps.config.PORT}`;
  await enqueueMail(ctx.tx, ctx.actor.tenantId, {
    to: input.email,
    subject: `Invitation à rejoindre ${org.name} sur Maillon`,
    text: `Bonjour ${input.displayName},\n\n${org.name} vous invite à rejoindre son espace Maillon.\nPour accepter et choisir votre mot de passe, ouvrez ce lien dans les ${INVITATION_TTL_DAYS} jours :\n${base}/invitation#token=${token}\n`,
  });
  await ctx.audit({ action: 'user.invited', resourceType: 'invitation', resourceId: id, purpose: 'admin', details: { role: input.role } });
  return { id, email: input.email, role: input.role, expiresAt: expiresAt.toISOString(), status: 'pending' as const };
}

async function findInvitation(db: Db, token: string) {
  const hash = sha256(token);
  return inTransaction(db, { tenantId: null, userId: null }, async (tx) => {
    const t = await tx.execute<{ tenant_id: string | null }>(sql`select invitation_tenant(${hash}) as tenant_id`);
    const tenantId = t.rows[0]?.tenant_id;
    if (!tenantId) return null;
    await setTxContext(tx, { tenantId, userId: null });
    const inv = (await tx.select().from(invitation).where(eq(invitation.tokenHash, hash)))[0];
    const org = (await tx.select().from(organisation).where(eq(organisation.id, tenantId)))[0];
    const user = inv
      ? (
          await tx
            .select()
            .from(appUser)
            .where(sql`lower(${appUser.email}) = ${inv.email.toLowerCase()}`)
        )[0]
      : undefined;
    return inv && org ? { inv, org, user } : null;
  });
}

const invalidInvitation = () =>
  new AppError('validation_failed', 'This invitation is no longer valid. Ask for a new one.', {
    errors: [{ path: 'body.token', message: 'expired, used or revoked', code: 'invalid_token' }],
  });

export async function previewInvitation(db: Db, token: string) {
  const f = await findInvitation(db, token);
  if (!f || f.inv.acceptedAt || f.inv.revokedAt || f.inv.expiresAt.getTime() <= Date.now()) throw invalidInvitation();
  return {
    organisation: f.org.name,
    email: f.inv.email,
    displayName: f.inv.displayName,
    role: f.inv.role as Role,
    needsPassword: !f.user?.passwordHash,
  };
}

/**
 * Accepting: a new user sets their password (policy applies); an existing user proves it is
 * them with their current password. Single use.
 */
export async function acceptInvitation(
  deps: AppDeps,
  input: { token: string; password: string; displayName?: string },
  req: { ip: string; requestId: string },
): Promise<{ email: string }> {
  const f = await findInvitation(deps.db, input.token);
  if (!f || f.inv.acceptedAt || f.inv.revokedAt || f.inv.expiresAt.getTime() <= Date.now()) throw invalidInvitation();
  const { inv, org } = f;
  let userId = f.user?.id;
  if (f.user?.passwordHash) {
    const stored = f.user.passwordHash;
    // The existing account's password, on the same per-user throttle as every other check (SEC-AUTHN-04).
    await checkUserSecret(
      deps,
      { userId: f.user.id, tenantId: inv.tenantId, role: null },
      { ip: req.ip, requestId: req.requestId, userAgent: null },
      'user.invitation_accepted',
      async () => ((await verifyPassword(stored, input.password)) ? true : WRONG),
      () =>
        new AppError('validation_failed', 'Enter the password of your existing Maillon account.', {
          errors: [{ path: 'body.password', message: 'wrong password', code: 'wrong_password' }],
        }),
    );
  } else {
    assertPasswordAcceptable(input.password, { email: inv.email, names: [org.name], common: deps.commonPasswords });
  }
  const passwordHash = f.user?.passwordHash ? null : await hashPassword(input.password);
  await inTransaction(deps.db, { tenantId: inv.tenantId, userId: null }, async (tx) => {
    const used = await tx
      .update(invitation)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitation.id, inv.id), sql`${invitation.acceptedAt} is null`))
      .returning({ id: invitation.id });
    if (!used[0]) throw invalidInvitation();
    if (!userId) {
      userId = newId();
      await tx.insert(appUser).values({
        id: userId,
        email: inv.email,
        displayName: input.displayName ?? inv.displayName ?? inv.email.split('@')[0]!,
        passwordHash,
        passwordChangedAt: new Date(),
      });
    } else if (passwordHash) {
      await tx.update(appUser).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(appUser.id, userId));
    }
    await tx.execute(sql`select set_config('app.user_id', ${userId}, true)`);
    await tx.insert(membership).values({ id: newId(), userId, role: inv.role, profession: inv.profession, serviceId: inv.serviceId });
    await writeAudit(
      tx,
      { tenantId: inv.tenantId, userId, role: inv.role, profession: inv.profession, requestId: req.requestId, ip: req.ip },
      {
        action: 'user.invitation_accepted',
        resourceType: 'invitation',
        resourceId: inv.id,
        purpose: 'admin',
      },
    );
  });
  return { email: inv.email };
}

export async function listInvitations(ctx: Ctx) {
  const rows = await ctx.tx
    .select()
    .from(invitation)
    .orderBy(sql`${invitation.createdAt} desc`)
    .limit(200);
  return rows.map((i) => ({
    id: i.id,
    email: i.email,
    role: i.role as Role,
    expiresAt: isoRequired(i.expiresAt),
    status: i.acceptedAt
      ? ('accepted' as const)
      : i.revokedAt
        ? ('revoked' as const)
        : i.expiresAt.getTime() <= Date.now()
          ? ('expired' as const)
          : ('pending' as const),
  }));
}
