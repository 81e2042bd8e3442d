export const roles = [
  'admin',
  'director',
  'coordinator',
  'health_professional',
  'social_worker',
  'care_staff',
  'hr_manager',
  'logistics_referent',
  'dpo',
  'external_partner',
] as const;
export type Role = (typeof roles)[number];

/** Professions of health professionals (and of some other roles); drive the FR-05 matrix later. */
export const professions = [
  'nurse',
  'coordinating_nurse',
  'doctor',
  'physiotherapist',
  'occupational_therapist',
  'psychologist',
  'dietitian',
  'speech_therapist',
  'pharmacist',
  'care_assistant',
  'social_worker',
  'educator',
  'case_manager',
  'administrative',
  'other',
] as const;
export type Profession = (typeof professions)[number];

export const serviceKinds = ['ssiad', 'saad', 'spasad', 'ehpad', 'dac', 'cpts', 'samsah', 'savs', 'sessad', 'ccas', 'other'] as const;
export type ServiceKind = (typeof serviceKinds)[number];

/** Roles that must use MFA unless the organisation chooses otherwise (issue 3 default). */
export const defaultMfaRequiredRoles: Role[] = ['admin', 'director', 'dpo', 'health_professional'];
