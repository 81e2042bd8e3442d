import { and, eq, isNull, sql } from 'drizzle-orm';
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import { defaultMfaRequiredRoles, type Role } from '@maillon/shared/identity';
import { inTransaction, setTxContext, type Db, type Tx } from '../../db/tx.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { enqueueMail } from '../../lib/outbox.ts';
import type { AppDeps } from '../../plugins/deps.ts';
import { writeAudit, type AuditAction, type AuditActor } from '../audit/public.ts';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.ts';
import { createSession, revokeUserSessions, rotateSession } from './sessions.service.ts';
import { appUser, passwordReset, recoveryCode } from './tables.ts';
import {
  ACCOUNT_POLICY,
  IP_POLICY,
  USER_SECRET_POLICY,
  clearFailures,
  rateLimited,
  recordFailure,
  retryAfter,
  userSecretKey,
} from './throttle.service.ts';

const RESET_TTL_MINUTES = 30;

interface RequestInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

const anonymous = (r: RequestInfo, tenantId: string | null = null, userId: string | null = null): AuditActor => ({
  tenantId,
  userId,
  role: null,
  profession: null,
  requestId: r.requestId,
  ip: r.ip,
});

/** Statements with a tenant and user set, outside a request's own context (login, MFA, step-up). */
const asUser = <T>(db: Db, tenantId: string | null, userId: string | null, fn: (tx: Tx) => Promise<T>) =>
  inTransaction(db, { tenantId, userId }, fn);

interface MembershipChoice {
  tenantId: string;
  role: Role;
  profession: string | null;
  mfaRequiredRoles: string[];
}

/** The organisation a login lands in: the most recently joined active membership. */
async function firstMembership(tx: Tx, userId: string): Promise<MembershipChoice | null> {
  const r = await tx.execute<{ tenant_id: string; role: Role; profession: string | null; settings: { mfaRequiredRoles?: string[] } }>(sql`
    select m.tenant_id, m.role, m.profession, o.settings from membership m join organisation o on o.id = m.tenant_id
    where m.user_id = ${userId} and m.status = 'active' order by m.created_at desc limit 1`);
  const m = r.rows[0];
  return m
    ? {
        tenantId: m.tenant_id,
        role: m.role,
        profession: m.profession,
        mfaRequiredRoles: m.settings.mfaRequiredRoles ?? defaultMfaRequiredRoles,
      }
    : null;
}

type LoginStatus = 'authenticated' | 'mfa_required' | 'mfa_enrolment_required';

/**
 * E-mail + password. Unknown e-mail, wrong password and deactivated account give the same answer
 * (SEC-AUTHN-09); failures are throttled per account and per IP (SEC-AUTHN-04) and audited.
 */
export async function login(
  deps: AppDeps,
  input: { email: string; password: string },
  req: RequestInfo,
): Promise<{ token: string; status: LoginStatus }> {
  const { db } = deps;
  const email = input.email.trim().toLowerCase();
  const acctKey = `acct:${sha256(email)}`;
  const ipKey = `ip:${req.ip}`;
  const wait = await retryAfter(db, [acctKey, ipKey]);
  if (wait > 0) {
    await writeAudit(db, anonymous(req), {
      action: 'auth.login',
      resourceType: 'session',
      outcome: 'denied',
      purpose: 'auth',
      details: { reason: 'throttled' },
    });
    throw new AppError('rate_limited', `Too many attempts. Try again in ${wait} seconds.`, { headers: { 'retry-after': String(wait) } });
  }
  const users = await db
    .select()
    .from(appUser)
    .where(sql`lower(${appUser.email}) = ${email}`)
    .limit(1);
  const user = users[0];
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok || user.status !== 'active') {
    await recordFailure(db, acctKey, ACCOUNT_POLICY);
    await recordFailure(db, ipKey, IP_POLICY);
    await writeAudit(db, anonymous(req, null, user?.id ?? null), {
      action: 'auth.login',
      resourceType: 'session',
      outcome: 'failure',
      purpose: 'auth',
      details: { reason: user ? (user.status !== 'active' ? 'inactive' : 'bad_password') : 'unknown_account' },
    });
    throw new AppError('unauthenticated', 'E-mail or password incorrect.');
  }
  await clearFailures(db, acctKey);
  return asUser(db, null, user.id, async (tx) => {
    const m = await firstMembership(tx, user.id);
    const hasMfa = !!user.totpEnabledAt;
    const mustEnrol = !hasMfa && !!m && m.mfaRequiredRoles.includes(m.role);
    const s = await createSession(tx, deps, {
      userId: user.id,
      tenantId: m?.tenantId ?? null,
      mfaPending: hasMfa,
      mfaEnrolmentRequired: mustEnrol,
      ip: req.ip,
      userAgent: req.userAgent,
    });
    const status: LoginStatus = hasMfa ? 'mfa_required' : mustEnrol ? 'mfa_enrolment_required' : 'authenticated';
    await setTxContext(tx, { tenantId: m?.tenantId ?? null, userId: user.id });
    await writeAudit(
      tx,
      { ...anonymous(req, m?.tenantId ?? null, user.id), role: m?.role ?? null, profession: m?.profession ?? null },
      {
        action: 'auth.login',
        resourceType: 'session',
        resourceId: s.id,
        purpose: 'auth',
        details: { step: status },
      },
    );
    return { token: s.token, status };
  });
}

/** What a check returns when the password or the code is wrong. */
export const WRONG = Symbol('wrong password or code');

/**
 * Every check of a password or a code for a known user goes through here (SEC-AUTHN-04): one
 * per-user counter (`userSecretKey`), checked before anything is verified — so that the right
 * password is refused while locked and the lock reveals nothing — with 429 and Retry-After once
 * the free failures are spent. `check` runs in a transaction as that user and returns `WRONG` for
 * a wrong secret (its transaction still commits: a consumed TOTP step stays consumed); the
 * failure is then counted and audited, and `refusal` is thrown.
 */
export async function checkUserSecret<T>(
  deps: AppDeps,
  who: { userId: string; tenantId: string | null; role: string | null },
  req: RequestInfo,
  action: AuditAction,
  check: (tx: Tx) => Promise<T | typeof WRONG>,
  refusal: () => AppError,
): Promise<T> {
  const { db } = deps;
  const key = userSecretKey(who.userId);
  const actor = { ...anonymous(req, who.tenantId, who.userId), role: who.role };
  const wait = await retryAfter(db, [key]);
  if (wait > 0) {
    await asUser(db, who.tenantId, who.userId, (tx) =>
      writeAudit(tx, actor, {
        action,
        resourceType: 'user',
        resourceId: who.userId,
        outcome: 'denied',
        purpose: 'auth',
        details: { reason: 'throttled' },
      }),
    );
    throw rateLimited(wait);
  }
  const r = await asUser(db, who.tenantId, who.userId, check);
  if (r === WRONG) {
    await recordFailure(db, key, USER_SECRET_POLICY);
    await asUser(db, who.tenantId, who.userId, (tx) =>
      writeAudit(tx, actor, { action, resourceType: 'user', resourceId: who.userId, outcome: 'failure', purpose: 'auth' }),
    );
    throw refusal();
  }
  await clearFailures(db, key);
  return r;
}

/** Checks a TOTP code once: a code already used (same or older time step) is refused (SEC-AUTHN-06). */
async function consumeTotp(tx: Tx, deps: AppDeps, userId: string, code: string, which: 'active' | 'pending' = 'active'): Promise<boolean> {
  const rows = await tx.select().from(appUser).where(eq(appUser.id, userId)).for('update');
  const u = rows[0];
  const enc = which === 'active' ? u?.totpSecretEnc : u?.totpPendingEnc;
  if (!u || !enc) return false;
  const secret = deps.cipher.decrypt(enc);
  const delta = authenticator.checkDelta(code, secret);
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 30_000) + delta;
  if (u.totpLastStep !== null && step <= u.totpLastStep) return false;
  await tx.update(appUser).set({ totpLastStep: step }).where(eq(appUser.id, userId));
  return true;
}

async function consumeRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  const normalised = code.replace(/[\s-]/g, '').toUpperCase();
  const r = await tx
    .update(recoveryCode)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCode.userId, userId), eq(recoveryCode.codeHash, sha256(normalised)), isNull(recoveryCode.usedAt)))
    .returning({ id: recoveryCode.id });
  return r.length > 0;
}

/** Second factor at login: TOTP or a recovery code; on the per-user throttle. Returns the new token. */
export async function verifyMfa(
  deps: AppDeps,
  auth: { sessionId: string; userId: string; tenantId: string | null; role: string | null },
  code: string,
  req: RequestInfo,
): Promise<string> {
  return checkUserSecret(
    deps,
    auth,
    req,
    'auth.mfa',
    async (tx) => {
      const digits = /^\d{6}$/.test(code);
      const ok = digits ? await consumeTotp(tx, deps, auth.userId, code) : await consumeRecoveryCode(tx, auth.userId, code);
      if (!ok) return WRONG;
      const s = await rotateSession(tx, auth.sessionId, { mfaPending: false, reauthenticated: true });
      await writeAudit(
        tx,
        { ...anonymous(req, auth.tenantId, auth.userId), role: auth.role },
        {
          action: 'auth.mfa',
          resourceType: 'session',
          resourceId: s.id,
          purpose: 'auth',
          details: { method: digits ? 'totp' : 'recovery_code' },
        },
      );
      return s.token;
    },
    () => new AppError('unauthenticated', 'The code is not valid.'),
  );
}

/** Starts TOTP enrolment: a new secret, kept encrypted, active only once a code confirms it. */
export async function mfaSetup(deps: AppDeps, userId: string, email: string) {
  const secret = authenticator.generateSecret(20);
  // Kept apart until confirmed: abandoning a new set-up leaves the current factor in place.
  await deps.db
    .update(appUser)
    .set({ totpPendingEnc: deps.cipher.encrypt(secret) })
    .where(eq(appUser.id, userId));
  const otpauthUrl = authenticator.keyuri(email, 'Maillon', secret);
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1 });
  return { secret, otpauthUrl, qrSvg };
}

function newRecoveryCodes(): { plain: string[]; hashes: string[] } {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const plain: string[] = [];
  for (let i = 0; i < 10; i++) {
    const bytes = Buffer.from(randomToken(16), 'base64url');
    let s = '';
    for (let j = 0; j < 16; j++) s += alphabet[bytes[j]! % alphabet.length];
    plain.push(`${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}`);
  }
  return { plain, hashes: plain.map((p) => sha256(p.replaceAll('-', ''))) };
}

/**
 * Confirms enrolment with a code and the password; returns the recovery codes, shown once.
 * A wrong password and a wrong code get the same answer, so that this cannot tell a right
 * password from a wrong one; both count on the per-user throttle.
 */
export async function mfaEnable(
  deps: AppDeps,
  auth: { sessionId: string; userId: string; tenantId: string | null; role: string | null },
  input: { code: string; password: string },
  req: RequestInfo,
): Promise<{ recoveryCodes: string[]; token: string }> {
  const pending = await deps.db.select({ enc: appUser.totpPendingEnc }).from(appUser).where(eq(appUser.id, auth.userId));
  if (!pending[0]?.enc) throw new AppError('auth.mfa_setup_not_started', 'Start the set-up first.');
  return checkUserSecret(
    deps,
    auth,
    req,
    'auth.mfa_enabled',
    async (tx) => {
      const u = (await tx.select().from(appUser).where(eq(appUser.id, auth.userId)))[0];
      if (!u?.totpPendingEnc) throw new AppError('auth.mfa_setup_not_started', 'Start the set-up first.');
      const passwordOk = await verifyPassword(u.passwordHash, input.password);
      // The code is consumed only with the right password: a wrong one leaves the step usable.
      if (!passwordOk || !(await consumeTotp(tx, deps, auth.userId, input.code, 'pending'))) return WRONG;
      await tx
        .update(appUser)
        .set({ totpSecretEnc: u.totpPendingEnc, totpPendingEnc: null, totpEnabledAt: new Date(), updatedAt: new Date() })
        .where(eq(appUser.id, auth.userId));
      await tx.delete(recoveryCode).where(eq(recoveryCode.userId, auth.userId));
      const codes = newRecoveryCodes();
      await tx.insert(recoveryCode).values(codes.hashes.map((h) => ({ id: newId(), userId: auth.userId, codeHash: h })));
      // Enrolment is a step-up: the session gets a new token.
      const s = await rotateSession(tx, auth.sessionId, { mfaPending: false, mfaEnrolmentRequired: false, reauthenticated: true });
      await writeAudit(
        tx,
        { ...anonymous(req, auth.tenantId, auth.userId), role: auth.role },
        { action: 'auth.mfa_enabled', resourceType: 'user', resourceId: auth.userId, purpose: 'auth' },
      );
      return { recoveryCodes: codes.plain, token: s.token };
    },
    () => {
      const message = 'The password or the code is not correct.';
      return new AppError('validation_failed', message, {
        errors: [
          { path: 'body.password', message, code: 'wrong_password' },
          { path: 'body.code', message, code: 'invalid_code' },
        ],
      });
    },
  );
}

/** Step-up (SEC-SESS-06): the password again, and the TOTP code when MFA is on; new token. */
export async function reauthenticate(
  deps: AppDeps,
  auth: { sessionId: string; userId: string; tenantId: string | null; role: string | null },
  input: { password: string; code?: string },
  req: RequestInfo,
): Promise<string> {
  return checkUserSecret(
    deps,
    auth,
    req,
    'auth.step_up',
    async (tx) => {
      const u = (await tx.select().from(appUser).where(eq(appUser.id, auth.userId)))[0];
      let ok = !!u && (await verifyPassword(u.passwordHash, input.password));
      if (ok && u?.totpEnabledAt) ok = !!input.code && (await consumeTotp(tx, deps, auth.userId, input.code));
      if (!ok) return WRONG;
      const s = await rotateSession(tx, auth.sessionId, { reauthenticated: true });
      await writeAudit(
        tx,
        { ...anonymous(req, auth.tenantId, auth.userId), role: auth.role },
        { action: 'auth.step_up', resourceType: 'session', resourceId: s.id, purpose: 'auth' },
      );
      return s.token;
    },
    () => new AppError('unauthenticated', 'The password or the code is not correct.'),
  );
}

/** SEC-AUTHN-03: the current password is required; all other sessions end. */
export async function changePassword(
  deps: AppDeps,
  auth: { sessionId: string; userId: string; email: string; tenantId: string | null; role: string | null },
  input: { currentPassword: string; newPassword: string },
  req: RequestInfo,
): Promise<string> {
  const refusal = () =>
    new AppError('validation_failed', 'The current password is not correct.', {
      errors: [{ path: 'body.currentPassword', message: 'The current password is not correct.', code: 'wrong_password' }],
    });
  return checkUserSecret(
    deps,
    auth,
    req,
    'auth.password_changed',
    async (tx) => {
      const u = (await tx.select().from(appUser).where(eq(appUser.id, auth.userId)))[0];
      if (!u || !(await verifyPassword(u.passwordHash, input.currentPassword))) return WRONG;
      const names = await organisationNames(tx, auth.userId);
      assertPasswordAcceptable(input.newPassword, { email: u.email, names, common: deps.commonPasswords, field: 'newPassword' });
      await tx
        .update(appUser)
        .set({ passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date(), updatedAt: new Date() })
        .where(eq(appUser.id, auth.userId));
      await tx.execute(
        sql`update session set revoked_at = now(), revoked_reason = 'password_changed' where user_id = ${auth.userId} and id <> ${auth.sessionId} and revoked_at is null`,
      );
      const s = await rotateSession(tx, auth.sessionId, { reauthenticated: true });
      await writeAudit(
        tx,
        { ...anonymous(req, auth.tenantId, auth.userId), role: auth.role },
        { action: 'auth.password_changed', resourceType: 'user', resourceId: auth.userId, purpose: 'auth' },
      );
      return s.token;
    },
    refusal,
  );
}

async function organisationNames(tx: Tx, userId: string): Promise<string[]> {
  const r = await tx.execute<{ name: string }>(
    sql`select o.name from organisation o join membership m on m.tenant_id = o.id where m.user_id = ${userId}`,
  );
  return r.rows.map((x) => x.name);
}

/** Always the same answer, whoever asks (SEC-AUTHN-09); the e-mail leaves through the outbox. */
export async function requestPasswordReset(deps: AppDeps, emailInput: string, req: RequestInfo): Promise<void> {
  const email = emailInput.trim().toLowerCase();
  const key = `reset:${req.ip}`;
  if ((await retryAfter(deps.db, [key])) > 0) return;
  await recordFailure(deps.db, key, { free: 10, windowMinutes: 15, baseLockSeconds: 60, maxLockSeconds: 900 });
  await asUser(deps.db, null, null, async (tx) => {
    const u = (
      await tx
        .select()
        .from(appUser)
        .where(sql`lower(${appUser.email}) = ${email}`)
        .limit(1)
    )[0];
    if (!u || u.status !== 'active') {
      // Same work on both paths, so timing tells nothing.
      sha256(randomToken(32));
      return;
    }
    const token = randomToken(32);
    await tx
      .insert(passwordReset)
      .values({ id: newId(), userId: u.id, tokenHash: sha256(token), expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * 60_000) });
    const base = deps.config.PUBLIC_URL ?? `http://localhost:${deps.config.PORT}`;
    await enqueueMail(tx, null, {
      to: u.email,
      subject: 'Maillon — réinitialisation de votre mot de passe',
      text: `Bonjour ${u.displayName},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans les ${RESET_TTL_MINUTES} minutes :\n${base}/reset-password#token=${token}\n\nSi vous n'avez rien demandé, ignorez ce message.\n`,
    });
    await writeAudit(tx, anonymous(req, null, u.id), {
      action: 'auth.password_reset_requested',
      resourceType: 'user',
      resourceId: u.id,
      purpose: 'auth',
    });
  });
}

/** A single-use, expiring token sets a new password; every session ends; MFA still applies at the next login. */
export async function resetPassword(deps: AppDeps, input: { token: string; newPassword: string }, req: RequestInfo): Promise<void> {
  await asUser(deps.db, null, null, async (tx) => {
    const rows = await tx
      .select()
      .from(passwordReset)
      .where(eq(passwordReset.tokenHash, sha256(input.token)))
      .for('update');
    const t = rows[0];
    if (!t || t.usedAt || t.expiresAt.getTime() <= Date.now()) {
      throw new AppError('validation_failed', 'This link is no longer valid. Ask for a new one.', {
        errors: [{ path: 'body.token', message: 'expired or already used', code: 'invalid_token' }],
      });
    }
    const u = (await tx.select().from(appUser).where(eq(appUser.id, t.userId)))[0]!;
    await tx.execute(sql`select set_config('app.user_id', ${u.id}, true)`);
    assertPasswordAcceptable(input.newPassword, {
      email: u.email,
      names: await organisationNames(tx, u.id),
      common: deps.commonPasswords,
      field: 'newPassword',
    });
    await tx.update(passwordReset).set({ usedAt: new Date() }).where(eq(passwordReset.id, t.id));
    await tx
      .update(appUser)
      .set({ passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(appUser.id, u.id));
    await revokeUserSessions(tx, u.id, 'password_reset');
    await writeAudit(tx, anonymous(req, null, u.id), {
      action: 'auth.password_reset',
      resourceType: 'user',
      resourceId: u.id,
      purpose: 'auth',
    });
  });
}

/** Moves the session to another organisation of the user; new token; MFA policy of that organisation applies. */
export async function switchOrganisation(
  deps: AppDeps,
  auth: { sessionId: string; userId: string; mfaEnabled: boolean },
  organisationId: string,
  req: RequestInfo,
): Promise<string> {
  return asUser(deps.db, organisationId, auth.userId, async (tx) => {
    const r = await tx.execute<{ role: Role; profession: string | null; settings: { mfaRequiredRoles?: string[] } }>(sql`
      select m.role, m.profession, o.settings from membership m join organisation o on o.id = m.tenant_id
      where m.user_id = ${auth.userId} and m.tenant_id = ${organisationId} and m.status = 'active'`);
    const m = r.rows[0];
    if (!m) throw new AppError('not_found', 'This organisation does not exist or you are not a member.');
    const mustEnrol = !auth.mfaEnabled && (m.settings.mfaRequiredRoles ?? defaultMfaRequiredRoles).includes(m.role);
    const s = await rotateSession(tx, auth.sessionId, { tenantId: organisationId, mfaEnrolmentRequired: mustEnrol });
    await writeAudit(
      tx,
      { ...anonymous(req, organisationId, auth.userId), role: m.role, profession: m.profession },
      { action: 'auth.switch_organisation', resourceType: 'session', resourceId: s.id, purpose: 'auth' },
    );
    return s.token;
  });
}

/** Whether the user has a confirmed second factor (one indexed read, for the switcher and set-up). */
export async function isMfaEnabled(db: Db, userId: string): Promise<boolean> {
  const r = await db.select({ on: appUser.totpEnabledAt }).from(appUser).where(eq(appUser.id, userId));
  return !!r[0]?.on;
}
