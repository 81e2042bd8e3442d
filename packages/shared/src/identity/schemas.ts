import { z } from 'zod';
import { cursorField, dateTimeField, nameField, secretField, textField } from '../api/fields.ts';
import { permissions } from './permissions.ts';
import { professions, roles, serviceKinds } from './roles.ts';
import { PASSWORD_MAX } from './password.ts';

export const emailSchema = textField(254).toLowerCase().pipe(z.email());
export const uuidSchema = z.uuid();
export const idParamsSchema = z.strictObject({ id: z.uuid() });

export const loginBodySchema = z.strictObject({
  email: textField(254),
  password: secretField(PASSWORD_MAX * 4).min(1),
});
export const mfaVerifyBodySchema = z.strictObject({
  code: textField(32).min(6).describe('A 6-digit TOTP code or a recovery code'),
});
export const loginResultSchema = z.object({
  status: z.enum(['authenticated', 'mfa_required', 'mfa_enrolment_required']),
});

export const organisationSummarySchema = z.object({ id: z.uuid(), name: z.string() });
export const meSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), locale: z.string(), mfaEnabled: z.boolean() }),
  organisation: organisationSummarySchema.nullable(),
  membership: z
    .object({ id: z.uuid(), role: z.enum(roles), profession: z.enum(professions).nullable(), serviceId: z.uuid().nullable() })
    .nullable(),
  organisations: z.array(organisationSummarySchema.extend({ role: z.enum(roles) })),
  abilities: z.array(z.object({ action: z.string(), subject: z.string() })),
  permissions: z.array(z.enum(permissions)),
  session: z.object({ mfaPending: z.boolean(), mfaEnrolmentRequired: z.boolean(), expiresAt: z.string(), idleTimeoutMinutes: z.number() }),
});
export type Me = z.infer<typeof meSchema>;

export const switchOrganisationBodySchema = z.strictObject({ organisationId: z.uuid() });

export const serviceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(serviceKinds),
  capacity: z.number().int().nullable(),
  address: z.string().nullable(),
  archived: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Service = z.infer<typeof serviceSchema>;
export const serviceCreateSchema = z.strictObject({
  name: nameField(200, 2),
  kind: z.enum(serviceKinds),
  capacity: z.number().int().min(0).max(100_000).nullable().optional(),
  address: textField(500, { lines: true }).nullable().optional(),
});
export const serviceUpdateSchema = serviceCreateSchema.partial().extend({ archived: z.boolean().optional() }).strict();

export const organisationSettingsSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  finess: z.string().nullable(),
  mfaRequiredRoles: z.array(z.enum(roles)),
  version: z.number().int(),
});
export const organisationUpdateSchema = z.strictObject({
  name: nameField(200, 2).optional(),
  finess: z
    .string()
    .regex(/^\d{9}$|^2[AB]\d{7}$/, 'A FINESS number has 9 characters')
    .nullable()
    .optional(),
  mfaRequiredRoles: z.array(z.enum(roles)).max(roles.length).optional(),
});

export const memberSchema = z.object({
  membershipId: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  profession: z.enum(professions).nullable(),
  serviceId: z.uuid().nullable(),
  jobTitle: z.string().nullable(),
  status: z.enum(['active', 'deactivated']),
  mfaEnabled: z.boolean(),
  version: z.number().int(),
});
export type Member = z.infer<typeof memberSchema>;
/** Listing members: no name in the URL (SEC-DP-02); a name search is the POST variant below. */
export const memberListQuerySchema = z.strictObject({
  role: z.enum(roles).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  cursor: cursorField.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const memberSearchSchema = z.strictObject({
  q: textField(100).optional(),
  role: z.enum(roles).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  /** Only the active members who may be the referent coordinator of a person of this service. */
  referentForService: z.uuid().optional(),
  cursor: cursorField.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const memberUpdateSchema = z.strictObject({
  role: z.enum(roles).optional(),
  profession: z.enum(professions).nullable().optional(),
  serviceId: z.uuid().nullable().optional(),
  jobTitle: textField(200).nullable().optional(),
});

export const invitationCreateSchema = z.strictObject({
  email: emailSchema,
  displayName: nameField(200, 2),
  role: z.enum(roles),
  profession: z.enum(professions).nullable().optional(),
  serviceId: z.uuid().nullable().optional(),
});
export const invitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(roles),
  expiresAt: z.string(),
  status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
});
export const invitationAcceptSchema = z.strictObject({
  token: secretField(200).min(20),
  displayName: nameField(200, 2).optional(),
  password: secretField(PASSWORD_MAX * 4),
});
export const invitationPreviewSchema = z.object({
  organisation: z.string(),
  email: z.string(),
  displayName: z.string().nullable().describe('the name the administrator typed, to prefill (null for older invitations)'),
  role: z.enum(roles),
  needsPassword: z.boolean(),
});

export const passwordChangeSchema = z.strictObject({
  currentPassword: secretField(PASSWORD_MAX * 4).min(1),
  newPassword: secretField(PASSWORD_MAX * 4),
});
export const passwordResetRequestSchema = z.strictObject({ email: textField(254) });
export const passwordResetSchema = z.strictObject({
  token: secretField(200).min(20),
  newPassword: secretField(PASSWORD_MAX * 4),
});

export const sessionInfoSchema = z.object({
  id: z.uuid(),
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

export const mfaSetupSchema = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export const mfaEnableSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code'),
  password: secretField(PASSWORD_MAX * 4),
});
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const auditPurposes = ['care', 'consent', 'break_glass', 'admin', 'export', 'auth'] as const;
export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export const auditEventSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorProfession: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  personId: z.uuid().nullable(),
  /** The person's name beside their id, for the DPO only (null for anyone else). */
  personName: z.string().nullable(),
  infoCategory: z.string().nullable(),
  purpose: z.string(),
  outcome: z.string(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  sealed: z.boolean(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
export const auditQuerySchema = z.strictObject({
  userId: z.uuid().optional(),
  personId: z.uuid().optional(),
  action: textField(100).optional(),
  /** `denied`: refused attempts (SEC-LOG-02), e.g. records read outside the caller's care team */
  outcome: z.enum(auditOutcomes).optional(),
  from: dateTimeField.optional(),
  to: dateTimeField.optional(),
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'Not a valid cursor')
    .optional()
    .describe('The id of the last event of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
