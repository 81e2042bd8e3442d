import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgPolicy, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId, tenantMatch, updatedAt, version } from '../../db/columns.ts';

const currentUser = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

/** An organisation is the tenant. Its members see it; a user also sees the organisations they belong to. */
export const organisation = pgTable(
  'organisation',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    finess: text('finess'),
    settings: jsonb('settings').$type<{ mfaRequiredRoles: string[] }>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  () => [
    pgPolicy('organisation_member', {
      for: 'select',
      using: sql`id = nullif(current_setting('app.tenant_id', true), '')::uuid
        or exists (select 1 from membership m where m.tenant_id = organisation.id and m.user_id = ${currentUser})`,
    }),
    pgPolicy('organisation_update', {
      for: 'update',
      using: sql`id = nullif(current_setting('app.tenant_id', true), '')::uuid`,
      withCheck: sql`id = nullif(current_setting('app.tenant_id', true), '')::uuid`,
    }),
    pgPolicy('organisation_insert', { for: 'insert', withCheck: sql`id = nullif(current_setting('app.tenant_id', true), '')::uuid` }),
  ],
).enableRLS();

/** A service or site of the organisation (SSIAD, SAAD, EHPAD unit, DAC antenna...). */
export const service = pgTable(
  'service',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    capacity: integer('capacity'),
    address: text('address'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('service_tenant_name_uq').on(t.tenantId, sql`lower(${t.name})`),
    pgPolicy('service_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * A person who works in one or more organisations. Global identity (not tenant-owned): the
 * login looks it up by e-mail before any tenant is known. Access to its rows in the API always
 * goes through a membership of the current organisation.
 */
export const appUser = pgTable(
  'app_user',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    status: text('status').notNull().default('active'),
    locale: text('locale').notNull().default('fr'),
    totpSecretEnc: text('totp_secret_enc'),
    /** a new secret being enrolled: the current one stays active until a code confirms it */
    totpPendingEnc: text('totp_pending_enc'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    totpLastStep: integer('totp_last_step'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('app_user_email_uq').on(sql`lower(${t.email})`)],
);

/** One user's role in one organisation (SEC-AZ-01: role × resource × action in shared). */
export const membership = pgTable(
  'membership',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    role: text('role').notNull(),
    profession: text('profession'),
    serviceId: uuid('service_id').references(() => service.id),
    jobTitle: text('job_title'),
    status: text('status').notNull().default('active'),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('membership_tenant_user_uq').on(t.tenantId, t.userId),
    index('membership_user_idx').on(t.userId),
    // A user sees their own memberships in every organisation (for the organisation switcher).
    pgPolicy('membership_select', { for: 'select', using: sql`${tenantMatch} or user_id = ${currentUser}` }),
    pgPolicy('membership_write', { for: 'insert', withCheck: tenantMatch }),
    pgPolicy('membership_update', { for: 'update', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** Server-side sessions: only the SHA-256 of the opaque token is stored (SEC-SESS-01). */
export const session = pgTable(
  'session',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    tenantId: uuid('tenant_id'),
    mfaPending: boolean('mfa_pending').notNull().default(false),
    mfaEnrolmentRequired: boolean('mfa_enrolment_required').notNull().default(false),
    authenticatedAt: timestamp('authenticated_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('session_token_hash_uq').on(t.tokenHash), index('session_user_idx').on(t.userId)],
);

/** Failed-login counters per account and per IP, for throttling that never locks out for good (SEC-AUTHN-04). */
export const authThrottle = pgTable('auth_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Single-use, short-lived tokens: password reset and e-mail invitations (SEC-AUTHN-08). */
export const passwordReset = pgTable(
  'password_reset',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_reset_token_uq').on(t.tokenHash)],
);

export const invitation = pgTable(
  'invitation',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    email: text('email').notNull(),
    /** The name the administrator typed, offered (editable) to the person who accepts. */
    displayName: text('display_name'),
    role: text('role').notNull(),
    profession: text('profession'),
    serviceId: uuid('service_id').references(() => service.id),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => appUser.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitation_token_uq').on(t.tokenHash),
    pgPolicy('invitation_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

export const recoveryCode = pgTable(
  'mfa_recovery_code',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('mfa_recovery_code_user_idx').on(t.userId)],
);
