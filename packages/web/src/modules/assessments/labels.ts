import type {
  AssessmentCategory,
  AssessmentContext,
  AssessmentDomain,
  AssessmentPlace,
  AssessmentStatus,
  BandSeverity,
  NeedPriority,
  RiskKind,
  RiskLevel,
  StrengthKind,
  UrgencyLevel,
  WishSource,
} from '@maillon/shared/assessments';
import { AGGIR_DISCRIMINANT_VARIABLES } from '@maillon/shared/assessments';
import type { TFunction } from 'i18next';

// Words of the assessments vocabulary in the UI language. The French catalogue repeats the labels of
// `@maillon/shared/assessments` (domains.ts, aggir.data.ts): labels.test.ts fails if they drift apart.

export const domainLabel = (t: TFunction, d: AssessmentDomain) => t(`assessments.domains.${d}`);
export const categoryLabel = (t: TFunction, c: AssessmentCategory) => t(`assessments.categories.${c}`);
export const contextLabel = (t: TFunction, c: AssessmentContext) => t(`assessments.contexts.${c}`);
export const placeLabel = (t: TFunction, p: AssessmentPlace) => t(`assessments.places.${p}`);
export const statusLabel = (t: TFunction, s: AssessmentStatus) => t(`assessments.statuses.${s}`);
export const priorityLabel = (t: TFunction, p: NeedPriority) => t(`assessments.priorities.${p}`);
export const urgencyLabel = (t: TFunction, u: UrgencyLevel) => t(`assessments.urgency.${u}`);
export const wishSourceLabel = (t: TFunction, w: WishSource) => t(`assessments.wishSources.${w}`);
export const strengthKindLabel = (t: TFunction, k: StrengthKind) => t(`assessments.strengthKinds.${k}`);
export const riskKindLabel = (t: TFunction, k: RiskKind) => t(`assessments.riskKinds.${k}`);
export const riskLevelLabel = (t: TFunction, l: RiskLevel) => t(`assessments.riskLevels.${l}`);
export const severityLabel = (t: TFunction, s: BandSeverity) => t(`assessments.bandSeverities.${s}`);

export const statusColor: Record<AssessmentStatus, string> = { draft: 'blue', signed: 'teal', superseded: 'gray', discarded: 'gray' };
export const priorityColor: Record<NeedPriority, string> = { low: 'gray', medium: 'yellow', high: 'red' };
export const urgencyColor: Record<UrgencyLevel, string> = { none: 'gray', planned: 'blue', priority: 'orange', immediate: 'red' };
export const riskLevelColor: Record<RiskLevel, string> = { low: 'gray', moderate: 'orange', high: 'red' };
export const severityColor: Record<BandSeverity, string> = { none: 'gray', mild: 'yellow', moderate: 'orange', severe: 'red' };

type VariableId = (typeof AGGIR_DISCRIMINANT_VARIABLES)[number]['id'];

/** "Cohérence" for a discriminant variable, "Cohérence — Communication" for `coherence.communication`. */
export function aggirVariableLabel(t: TFunction, id: string): string {
  const [variable, sub] = id.split('.') as [VariableId, string | undefined];
  const name = t(`assessments.aggir.variables.${variable}`);
  if (!sub) return name;
  const subName = t(`assessments.aggir.subVariables.${variable}.${sub}` as never);
  return t('assessments.aggir.rowLabel', { variable: name, sub: subName });
}

/** The names of missing variables as one phrase: "Cohérence — Communication, Transferts et Alerter". */
export function listFormat(items: string[], language: string): string {
  try {
    return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}
