import type {
  AdaptationArea,
  CommitteeFunction,
  CurrentPlace,
  DecisionMode,
  DecisionOutcome,
  ReferralChannel,
  ReferralSource,
  ReferralStatus,
  ReferralUrgency,
  ReferrerStatus,
  WaitingPriority,
} from '@maillon/shared/admissions';
import type { TFunction } from 'i18next';

// Words of the admissions vocabulary in the UI language (fr.json / en.json, key `admissions`).

export const statusLabel = (t: TFunction, s: ReferralStatus) => t(`admissions.statuses.${s}`);
export const outcomeLabel = (t: TFunction, o: DecisionOutcome) => t(`admissions.outcomes.${o}`);
export const sourceLabel = (t: TFunction, s: ReferralSource) => t(`admissions.sources.${s}`);
export const channelLabel = (t: TFunction, c: ReferralChannel) => t(`admissions.channels.${c}`);
export const urgencyLabel = (t: TFunction, u: ReferralUrgency) => t(`admissions.urgencies.${u}`);
export const placeLabel = (t: TFunction, p: CurrentPlace) => t(`admissions.places.${p}`);
export const priorityLabel = (t: TFunction, p: WaitingPriority) => t(`admissions.priorities.${p}`);
export const functionLabel = (t: TFunction, f: CommitteeFunction) => t(`admissions.functions.${f}`);
export const areaLabel = (t: TFunction, a: AdaptationArea) => t(`admissions.areas.${a}`);
export const modeLabel = (t: TFunction, m: DecisionMode) => t(`admissions.modes.${m}`);
export const referrerStatusLabel = (t: TFunction, s: ReferrerStatus) => t(`admissions.referrerStatuses.${s}`);

export const statusColor: Record<ReferralStatus, string> = {
  received: 'blue',
  under_review: 'cyan',
  presented: 'grape',
  decided: 'orange',
  admitted: 'teal',
  withdrawn: 'gray',
  ended: 'gray',
};
export const outcomeColor: Record<DecisionOutcome, string> = {
  accepted: 'teal',
  refused: 'red',
  redirected: 'indigo',
  waiting_list: 'violet',
};
export const urgencyColor: Record<ReferralUrgency, string> = { routine: 'gray', priority: 'orange', urgent: 'red' };
export const priorityColor: Record<WaitingPriority, string> = { urgent: 'red', high: 'orange', normal: 'gray' };

export const options = <T extends string>(values: readonly T[], label: (v: T) => string) =>
  values.map((value) => ({ value, label: label(value) }));

export const isOneOf = <T extends string>(values: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (values as readonly string[]).includes(v);
