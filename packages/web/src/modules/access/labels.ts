import { auditLabel, isAuditAction } from '@maillon/shared/audit';
import {
  breakGlassReasons,
  careTeamFunctions,
  consentMeans,
  consentMethods,
  infoCategories,
  professionalCategories,
  type InfoCategory,
  type ProfessionalCategory,
} from '@maillon/shared/people';
import type { TFunction } from 'i18next';
import { i18n } from '../../i18n';
import { isProfession, isRole, professionLabel, roleLabel } from '../identity/public';

/** French (or English) names of the access vocabularies: care team, consent, emergency access, access report. */

export type CareTeamFunction = (typeof careTeamFunctions)[number];
export type ConsentMethod = (typeof consentMethods)[number];
export type ConsentMean = (typeof consentMeans)[number];
export type BreakGlassReason = (typeof breakGlassReasons)[number];
export type ReviewOutcome = 'justified' | 'unjustified';
export type AccessVia = 'care_team' | 'service_policy' | 'consent' | 'break_glass';
export type { InfoCategory, ProfessionalCategory };

export interface Option<T extends string> {
  value: T;
  label: string;
}

const optionsOf = <T extends string>(values: readonly T[], label: (value: T) => string): Option<T>[] =>
  values.map((value) => ({ value, label: label(value) }));

export const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

export const infoCategoryLabel = (t: TFunction, v: InfoCategory) => t(`access.enums.infoCategory.${v}`);
export const professionalCategoryLabel = (t: TFunction, v: ProfessionalCategory) => t(`access.enums.professionalCategory.${v}`);
export const careTeamFunctionLabel = (t: TFunction, v: CareTeamFunction) => t(`access.enums.function.${v}`);
export const consentMethodLabel = (t: TFunction, v: ConsentMethod) => t(`access.enums.method.${v}`);
export const consentMeanLabel = (t: TFunction, v: ConsentMean) => t(`access.enums.means.${v}`);
export const breakGlassReasonLabel = (t: TFunction, v: BreakGlassReason) => t(`access.enums.reason.${v}`);
export const reviewOutcomeLabel = (t: TFunction, v: ReviewOutcome) => t(`access.enums.outcome.${v}`);
export const accessViaLabel = (t: TFunction, v: AccessVia) => t(`access.enums.via.${v}`);

export const infoCategoryOptions = (t: TFunction) => optionsOf(infoCategories, (v) => infoCategoryLabel(t, v));
export const professionalCategoryOptions = (t: TFunction) => optionsOf(professionalCategories, (v) => professionalCategoryLabel(t, v));
export const careTeamFunctionOptions = (t: TFunction) => optionsOf(careTeamFunctions, (v) => careTeamFunctionLabel(t, v));
export const consentMethodOptions = (t: TFunction) => optionsOf(consentMethods, (v) => consentMethodLabel(t, v));
export const consentMeanOptions = (t: TFunction) => optionsOf(consentMeans, (v) => consentMeanLabel(t, v));
export const breakGlassReasonOptions = (t: TFunction) => optionsOf(breakGlassReasons, (v) => breakGlassReasonLabel(t, v));

/** A role code as its name; a code the catalogue does not know is shown as it is. */
export const roleName = (t: TFunction, role: string | null) => (role ? (isRole(role) ? roleLabel(t, role) : role) : null);
export const professionName = (t: TFunction, profession: string | null) =>
  profession ? (isProfession(profession) ? professionLabel(t, profession) : profession) : null;

/** A translation when the catalogue has one for this code, `fallback` otherwise (codes of the audit log grow). */
function labelOr(key: string, fallback: string, t: TFunction): string {
  return typeof i18n.getResource(i18n.resolvedLanguage ?? 'fr', 'translation', key) === 'string' ? String(t(key as never)) : fallback;
}

/** What was done, from the audit action; the server's French wording when the UI has none. */
export const reportActionLabel = (_t: TFunction, action: string, what: string) =>
  isAuditAction(action) ? auditLabel.action(action, (i18n.resolvedLanguage ?? 'fr').startsWith('en') ? 'en' : 'fr') : what;
export const reportPurposeLabel = (t: TFunction, purpose: string) => labelOr(`access.report.purposes.${purpose}`, purpose, t);
export const reportOutcomeLabel = (t: TFunction, outcome: string) => labelOr(`access.report.outcomes.${outcome}`, outcome, t);
export const reportCategoryLabel = (t: TFunction, category: string | null) =>
  category ? labelOr(`access.enums.infoCategory.${category}`, category, t) : null;
