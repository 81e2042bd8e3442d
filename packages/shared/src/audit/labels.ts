import type { Role } from '../identity/roles.ts';
import type { InfoCategory } from '../people/categories.ts';
import { auditActionLabels, type Label } from './actions.ts';

const l = (fr: string, en: string): Label => ({ fr, en });

/** What an audit row is about (`resource_type`), in words. */
export const auditResourceLabels = {
  admission_decision: l('Décision d’admission', 'Admission decision'),
  admission_setting: l('Réglages d’admission', 'Admission settings'),
  assessment: l('Évaluation', 'Assessment'),
  assessment_instrument: l('Outil d’évaluation', 'Assessment tool'),
  assessment_need_type: l('Type de besoin', 'Need type'),
  audit_log: l('Journal d’audit', 'Audit log'),
  break_glass: l('Accès d’urgence', 'Emergency access'),
  care_team: l('Équipe de soins', 'Care team'),
  care_team_member: l('Membre de l’équipe de soins', 'Care team member'),
  committee_session: l('Commission d’admission', 'Admission committee'),
  consent: l('Consentement', 'Consent'),
  document_checklist: l('Pièces attendues', 'Document checklist'),
  home_visit: l('Visite à domicile', 'Home visit'),
  invitation: l('Invitation', 'Invitation'),
  journal_entry: l('Écrit du journal de coordination', 'Journal entry'),
  legal_protection: l('Mesure de protection', 'Legal protection'),
  membership: l('Compte utilisateur', 'User account'),
  organisation: l('Organisation', 'Organisation'),
  person: l('Dossier de la personne', 'Person’s record'),
  person_document: l('Document', 'Document'),
  person_professional: l('Professionnel', 'Professional'),
  person_relative: l('Proche', 'Relative'),
  plan: l('Projet d’accompagnement', 'Support plan'),
  referral: l('Demande d’admission', 'Referral'),
  route: l('Fonction de l’application', 'Application function'),
  service: l('Service', 'Service'),
  session: l('Session', 'Session'),
  user: l('Utilisateur', 'User'),
  waiting_list: l('Liste d’attente', 'Waiting list'),
  waiting_list_entry: l('Inscription sur liste d’attente', 'Waiting list entry'),
} as const satisfies Record<string, Label>;
export type AuditResourceType = keyof typeof auditResourceLabels;

export const infoCategoryLabels: Record<InfoCategory, Label> = {
  administrative: l('Administratif', 'Administrative'),
  social: l('Social', 'Social'),
  health: l('Santé', 'Health'),
  restricted: l('Restreint', 'Restricted'),
};

export const auditPurposes = ['care', 'consent', 'break_glass', 'admin', 'export', 'auth'] as const;
export type AuditPurpose = (typeof auditPurposes)[number];
export const auditPurposeLabels: Record<AuditPurpose, Label> = {
  care: l('Soins et accompagnement', 'Care and support'),
  consent: l('Consentement', 'Consent'),
  break_glass: l('Accès d’urgence', 'Emergency access'),
  admin: l('Administration', 'Administration'),
  export: l('Export', 'Export'),
  auth: l('Connexion', 'Sign-in'),
};

export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
export const auditOutcomeLabels: Record<AuditOutcome, Label> = {
  success: l('Réussi', 'Succeeded'),
  failure: l('Échec', 'Failed'),
  denied: l('Refusé', 'Refused'),
};

export const roleLabels: Record<Role, Label> = {
  admin: l('Administration', 'Administrator'),
  director: l('Direction', 'Director'),
  coordinator: l('Coordination', 'Coordinator'),
  health_professional: l('Professionnel de santé', 'Health professional'),
  social_worker: l('Travail social', 'Social worker'),
  care_staff: l('Soins et aide', 'Care staff'),
  hr_manager: l('Ressources humaines', 'HR manager'),
  logistics_referent: l('Logistique', 'Logistics'),
  dpo: l('Protection des données', 'Data protection officer'),
  external_partner: l('Partenaire', 'Partner'),
};

type Lang = 'fr' | 'en';
const pick = (map: Record<string, Label>, code: string | null, lang: Lang): string | null =>
  code === null ? null : Object.hasOwn(map, code) ? map[code]![lang] : code;

/** Labels of an audit row's codes; an unknown code (older rows) is shown as is rather than hidden. */
export const auditLabel = {
  action: (code: string, lang: Lang = 'fr') => pick(auditActionLabels, code, lang)!,
  resource: (code: string, lang: Lang = 'fr') => pick(auditResourceLabels, code, lang)!,
  category: (code: string | null, lang: Lang = 'fr') => pick(infoCategoryLabels, code, lang),
  purpose: (code: string, lang: Lang = 'fr') => pick(auditPurposeLabels, code, lang)!,
  outcome: (code: string, lang: Lang = 'fr') => pick(auditOutcomeLabels, code, lang)!,
  role: (code: string | null, lang: Lang = 'fr') => pick(roleLabels, code, lang),
};
