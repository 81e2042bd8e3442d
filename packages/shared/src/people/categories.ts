import type { Profession, Role } from '../identity/roles.ts';

/** Information categories (DESIGN.md §4): every piece of a person's record carries one. */
export const infoCategories = ['administrative', 'social', 'health', 'restricted'] as const;
export type InfoCategory = (typeof infoCategories)[number];

/**
 * "Strictly necessary" per profession (FR-05): which categories a care-team member may read.
 * Health secrecy: only health professionals read `health`. `restricted` is never granted by
 * profession: only by naming the member in the care team.
 */
export const professionCategories: Record<Profession, readonly Exclude<InfoCategory, 'restricted'>[]> = {
  doctor: ['administrative', 'social', 'health'],
  nurse: ['administrative', 'social', 'health'],
  coordinating_nurse: ['administrative', 'social', 'health'],
  physiotherapist: ['administrative', 'health'],
  occupational_therapist: ['administrative', 'social', 'health'],
  psychologist: ['administrative', 'social', 'health'],
  dietitian: ['administrative', 'health'],
  speech_therapist: ['administrative', 'health'],
  pharmacist: ['administrative', 'health'],
  care_assistant: ['administrative', 'health'],
  social_worker: ['administrative', 'social'],
  educator: ['administrative', 'social'],
  case_manager: ['administrative', 'social'],
  administrative: ['administrative'],
  other: ['administrative'],
};

/** Categories when the member has no profession recorded: by role, never more than administrative+social. */
export const roleDefaultCategories: Record<Role, readonly Exclude<InfoCategory, 'restricted'>[]> = {
  admin: [],
  director: ['administrative', 'social'],
  coordinator: ['administrative', 'social'],
  health_professional: ['administrative'],
  social_worker: ['administrative', 'social'],
  care_staff: ['administrative'],
  hr_manager: [],
  logistics_referent: [],
  dpo: [],
  external_partner: ['administrative'],
};

export function categoriesFor(role: Role, profession: Profession | null): InfoCategory[] {
  if (role === 'admin' || role === 'hr_manager' || role === 'logistics_referent' || role === 'dpo') return [];
  return [...(profession ? professionCategories[profession] : roleDefaultCategories[role])];
}

/** Categories of professionals a consent can name (FR-03). */
export const professionalCategories = ['health', 'social', 'medico_social', 'administrative', 'employment'] as const;
export type ProfessionalCategory = (typeof professionalCategories)[number];

export function professionalCategoryOf(profession: Profession | null): ProfessionalCategory {
  switch (profession) {
    case 'doctor':
    case 'nurse':
    case 'coordinating_nurse':
    case 'physiotherapist':
    case 'occupational_therapist':
    case 'psychologist':
    case 'dietitian':
    case 'speech_therapist':
    case 'pharmacist':
    case 'care_assistant':
      return 'health';
    case 'social_worker':
    case 'case_manager':
      return 'social';
    case 'educator':
      return 'medico_social';
    case 'administrative':
    case 'other':
    case null:
      return 'administrative';
  }
}

/**
 * The organisation's service policy (DESIGN.md §4.2, issue 19): which records a member reads
 * without being in the care team. Coordinators and directors read the records of their service,
 * or of every service when they have none; the médecin coordonnateur and the infirmière
 * coordinatrice (a health professional whose profession is doctor or coordinating nurse) read
 * those of their service only, and none when they have no service. Everyone else reads the
 * records of the care teams they belong to.
 */
export type ServicePolicyScope = 'all_services' | 'own_service' | 'none';
export function servicePolicyScope(role: Role, profession: Profession | null, serviceId: string | null): ServicePolicyScope {
  if (role === 'coordinator' || role === 'director') return serviceId ? 'own_service' : 'all_services';
  if (role === 'health_professional' && (profession === 'doctor' || profession === 'coordinating_nurse') && serviceId) return 'own_service';
  return 'none';
}

/**
 * The caseload a member lands on (issue 19): the coordinator and the members of care teams
 * start on "my people"; the director, the médecin coordonnateur and the infirmière coordinatrice
 * (health professionals), who read their service by policy and are rarely in a care team, on
 * "my service".
 */
export function defaultCaseloadScope(role: Role, profession: Profession | null, serviceId: string | null): 'mine' | 'service' {
  return role !== 'coordinator' && servicePolicyScope(role, profession, serviceId) !== 'none' ? 'service' : 'mine';
}
