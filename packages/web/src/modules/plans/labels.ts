import type {
  ActionStatus,
  ActionType,
  AgreementForm,
  CoherenceIssue,
  CostPeriod,
  FundingSource,
  GoalHorizon,
  GoalPriority,
  PlanComponent,
  PlanStatus,
  ReviewOutcome,
} from '@maillon/shared/plans';
import type { TFunction } from 'i18next';
import { uiLocale } from '../../ui/format';

// Words of the plans vocabulary in the UI language. The French catalogue repeats the labels of
// `@maillon/shared/plans` (domain.ts): labels.test.ts fails if they drift apart.

export const statusLabel = (t: TFunction, s: PlanStatus) => t(`plans.statuses.${s}`);
export const componentLabel = (t: TFunction, c: PlanComponent) => t(`plans.components.${c}`);
export const horizonLabel = (t: TFunction, h: GoalHorizon) => t(`plans.horizons.${h}`);
export const priorityLabel = (t: TFunction, p: GoalPriority) => t(`plans.priorities.${p}`);
export const actionTypeLabel = (t: TFunction, a: ActionType) => t(`plans.actionTypes.${a}`);
export const actionStatusLabel = (t: TFunction, a: ActionStatus) => t(`plans.actionStatuses.${a}`);
export const sourceLabel = (t: TFunction, s: FundingSource) => t(`plans.sources.${s}`);
export const periodLabel = (t: TFunction, p: CostPeriod) => t(`plans.periods.${p}`);
export const agreementFormLabel = (t: TFunction, f: AgreementForm) => t(`plans.agreementForms.${f}`);
export const outcomeLabel = (t: TFunction, o: ReviewOutcome) => t(`plans.outcomes.${o}`);
export const coherenceLabel = (t: TFunction, c: CoherenceIssue['code']) => t(`plans.coherence.codes.${c}`);

export const statusColor: Record<PlanStatus, string> = {
  draft: 'blue',
  proposed: 'violet',
  agreed: 'teal',
  active: 'green',
  under_review: 'orange',
  closed: 'gray',
};
export const priorityColor: Record<GoalPriority, string> = { high: 'red', medium: 'yellow', low: 'gray' };
export const outcomeColor: Record<ReviewOutcome, string> = {
  achieved: 'green',
  partly: 'yellow',
  not_achieved: 'orange',
  in_progress: 'blue',
  abandoned: 'gray',
};
export const sourceColor: Record<FundingSource, string> = {
  apa: 'blue.7',
  pch: 'grape.7',
  health_insurance: 'teal.8',
  departement: 'orange.8',
  municipality: 'indigo.7',
  mutual_insurance: 'cyan.8',
  own_contribution: 'red.8',
  other: 'gray.7',
};

/** `1 234,50 €` in the UI language. */
export function euros(cents: number): string {
  return new Intl.NumberFormat(uiLocale(), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** `mars 2026` for a `YYYY-MM` month. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(uiLocale(), { month: 'short', year: 'numeric' }).format(new Date(y!, (m ?? 1) - 1, 1));
}
