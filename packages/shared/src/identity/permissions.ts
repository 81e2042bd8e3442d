import type { Role } from './roles.ts';

/**
 * Permission names are persisted and shown to administrators: an API, never renamed (STYLE.md 7).
 * `resource.action`. The matrix below is the single source of truth (SEC-AZ-01); the server
 * checks it on every route, the web reads the same abilities to hide what cannot be done.
 */
export const permissions = [
  'organisation.read',
  'organisation.update',
  'service.read',
  'service.create',
  'service.update',
  'user.read',
  'user.invite',
  'user.update',
  'user.deactivate',
  'audit.read',
  'audit.export',
  'accessreport.read',
  'person.read',
  'person.create',
  'person.update',
  'person.merge',
  'careteam.manage',
  'consent.manage',
  'breakglass.use',
  'breakglass.review',
  'referral.read',
  'referral.create',
  'referral.update',
  'referral.submit',
  'committee.decide',
  'assessment.read',
  'assessment.write',
  'assessment.sign',
  'instrument.manage',
  'plan.read',
  'plan.write',
  'plan.agree',
  'journal.read',
  'journal.write',
] as const;
export type Permission = (typeof permissions)[number];

const careRead: Permission[] = [
  'organisation.read',
  'service.read',
  'person.read',
  'assessment.read',
  'plan.read',
  'referral.read',
  'journal.read',
];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: [
    'organisation.read',
    'organisation.update',
    'service.read',
    'service.create',
    'service.update',
    'user.read',
    'user.invite',
    'user.update',
    'user.deactivate',
    'audit.read',
    'audit.export',
    'instrument.manage',
  ],
  director: [
    ...careRead,
    'user.read',
    'service.create',
    'service.update',
    'person.create',
    'person.update',
    'careteam.manage',
    'referral.create',
    'referral.update',
    'committee.decide',
    'plan.agree',
    'breakglass.use',
  ],
  coordinator: [
    ...careRead,
    'user.read',
    'person.create',
    'person.update',
    'person.merge',
    'careteam.manage',
    'consent.manage',
    'referral.create',
    'referral.update',
    'assessment.write',
    'assessment.sign',
    'plan.write',
    'plan.agree',
    'breakglass.use',
    'journal.write',
  ],
  health_professional: [
    ...careRead,
    'person.update',
    'assessment.write',
    'assessment.sign',
    'plan.write',
    'breakglass.use',
    'journal.write',
  ],
  social_worker: [...careRead, 'person.update', 'consent.manage', 'assessment.write', 'assessment.sign', 'plan.write', 'journal.write'],
  care_staff: ['organisation.read', 'service.read', 'person.read', 'plan.read', 'journal.read', 'journal.write'],
  hr_manager: ['organisation.read', 'service.read', 'user.read'],
  logistics_referent: ['organisation.read', 'service.read'],
  // Only the DPO reads any person's access report, and sees people in the audit log (issue 17).
  dpo: ['organisation.read', 'service.read', 'user.read', 'audit.read', 'audit.export', 'accessreport.read', 'breakglass.review'],
  external_partner: ['organisation.read', 'person.read', 'plan.read', 'referral.submit', 'journal.read', 'journal.write'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

/**
 * Roles that may be a person's referent coordinator (issue 19): those who manage care teams.
 * A member of one of these roles is eligible for the people of their own service, or of every
 * service when they have none.
 */
export const referentRoles: readonly Role[] = (Object.keys(rolePermissions) as Role[]).filter((r) => roleHas(r, 'careteam.manage'));
