/** The tabs of a person's record: the `?tab=` search parameter of `/people/$personId`. */
export const PERSON_TABS = [
  'summary',
  'identity',
  'relatives',
  'protection',
  'professionals',
  'team',
  'documents',
  'assessments',
  'plans',
  'journal',
  'consents',
  'access',
] as const;
export type PersonTab = (typeof PERSON_TABS)[number];

export const isPersonTab = (value: unknown): value is PersonTab =>
  typeof value === 'string' && (PERSON_TABS as readonly string[]).includes(value);
