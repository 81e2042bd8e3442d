import { isFinalStatus, move, type TransitionTable } from '../api/lifecycle.ts';
import type { DocumentType } from '../documents/schemas.ts';
import type { ServiceKind } from '../identity/roles.ts';
import {
  waitingPriorityRank,
  type ChecklistItemKind,
  type DecisionOutcome,
  type ReferralStatus,
  type ReferrerStatus,
  type WaitingPriority,
} from './vocabulary.ts';

/**
 * The status flow of a referral (issue 5): each status and the statuses it may move to.
 * A decided referral may be admitted only when the decision accepted it or put it on the
 * waiting list (see `transitionProblem`).
 */
export const referralTransitions: TransitionTable<ReferralStatus> = {
  received: ['under_review', 'withdrawn'],
  under_review: ['presented', 'decided', 'withdrawn'],
  presented: ['decided', 'under_review', 'withdrawn'],
  decided: ['admitted', 'withdrawn'],
  admitted: ['ended'],
  withdrawn: [],
  ended: [],
};

export type TransitionProblem = 'not_allowed' | 'outcome_not_admissible' | 'outcome_final';

/** The referral's own rule over its table: a refusal or a redirection is final; only an accepted or waiting referral is admitted. */
export const referralGuard =
  (outcome: DecisionOutcome | null) =>
  (from: ReferralStatus, to: ReferralStatus): Exclude<TransitionProblem, 'not_allowed'> | null => {
    if (from === 'decided' && (outcome === 'refused' || outcome === 'redirected')) return 'outcome_final';
    if (from === 'decided' && to === 'admitted' && outcome !== 'accepted' && outcome !== 'waiting_list') return 'outcome_not_admissible';
    return null;
  };

/**
 * A referral's move from `from` to `to` (`move` over `referralTransitions` and the outcome's
 * rule), or null when it can. A refusal or a redirection is final: the referral stays decided (a
 * new request makes a new referral).
 */
export function referralMove(from: ReferralStatus, to: ReferralStatus, outcome: DecisionOutcome | null = null) {
  return move(referralTransitions, from, to, referralGuard(outcome));
}

/** Why a referral cannot move from `from` to `to`, or null when it can. */
export function transitionProblem(
  from: ReferralStatus,
  to: ReferralStatus,
  outcome: DecisionOutcome | null = null,
): TransitionProblem | null {
  return referralMove(from, to, outcome)?.problem ?? null;
}

/** Statuses that still need work from the service (the inbox's default view). */
export const openStatuses: readonly ReferralStatus[] = ['received', 'under_review', 'presented', 'decided'];
export const isFinal = (s: ReferralStatus) => isFinalStatus(referralTransitions, s);

/** What the referrer is told of the status (never the file): a coarse step. */
export function referrerStatusOf(s: ReferralStatus): ReferrerStatus {
  switch (s) {
    case 'received':
      return 'received';
    case 'under_review':
    case 'presented':
      return 'in_progress';
    case 'decided':
      return 'decided';
    case 'admitted':
    case 'ended':
      return 'admitted';
    case 'withdrawn':
      return 'withdrawn';
  }
}

// --- waiting list ---------------------------------------------------------------------------------------------------

export interface Rankable {
  id: string;
  priority: WaitingPriority;
  /** the day the person was put on the list (YYYY-MM-DD) */
  since: string;
}

/** The committee's order: priority first (urgent, high, normal), then the oldest on the list, then the id (stable). */
export function compareWaiting(a: Rankable, b: Rankable): number {
  return (
    waitingPriorityRank[a.priority] - waitingPriorityRank[b.priority] ||
    (a.since < b.since ? -1 : a.since > b.since ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The list ranked, with each entry's rank from 1. */
export function rankWaitingList<T extends Rankable>(entries: readonly T[]): (T & { rank: number })[] {
  return [...entries].sort(compareWaiting).map((e, i) => ({ ...e, rank: i + 1 }));
}

// --- capacity -------------------------------------------------------------------------------------------------------

export interface Occupancy {
  /** places or slots of the service; null when the organisation has not set it */
  capacity: number | null;
  /** people currently supported by the service */
  occupied: number;
  /** free places, never negative; null without a capacity */
  free: number | null;
  /** 0–100 (may exceed 100 when over capacity); null without a capacity */
  rate: number | null;
  full: boolean;
}

export function occupancyOf(capacity: number | null, occupied: number): Occupancy {
  if (capacity === null) return { capacity, occupied, free: null, rate: null, full: false };
  return {
    capacity,
    occupied,
    free: Math.max(0, capacity - occupied),
    rate: capacity === 0 ? 100 : Math.round((occupied / capacity) * 1000) / 10,
    full: occupied >= capacity,
  };
}

// --- pre-admission checklist ----------------------------------------------------------------------------------------

export interface ChecklistTemplateItem {
  key: string;
  label: string;
  kind: ChecklistItemKind;
  documentType: DocumentType | null;
}

const doc = (key: string, label: string, documentType: DocumentType): ChecklistTemplateItem => ({
  key,
  label,
  kind: 'document',
  documentType,
});
const info = (key: string, label: string): ChecklistTemplateItem => ({ key, label, kind: 'information', documentType: null });

const common: ChecklistTemplateItem[] = [
  doc('identity', "Pièce d'identité", 'identity'),
  doc('health_insurance', 'Attestation de carte Vitale', 'health_insurance'),
  info('person_agreement', "Accord de la personne (ou de son représentant) pour la demande d'admission"),
  info('treating_doctor', 'Médecin traitant identifié et informé'),
  info('caregiver', 'Aidant principal identifié et rencontré'),
];

/** The default pre-admission checklist of a kind of service, before the organisation sets its own. */
export function defaultChecklist(kind: ServiceKind | null): ChecklistTemplateItem[] {
  switch (kind) {
    case 'ssiad':
    case 'spasad':
      return [
        ...common,
        doc('prescription', 'Prescription médicale de soins infirmiers', 'prescription'),
        doc('medical_report', 'Compte rendu médical ou de sortie d’hospitalisation', 'medical_report'),
        info('equipment', 'Matériel nécessaire au domicile (lit médicalisé, lève-personne…)'),
      ];
    case 'saad':
      return [
        ...common,
        doc('apa_notification', "Notification APA ou plan d'aide du département", 'apa_notification'),
        info('schedule', "Plages d'intervention souhaitées"),
      ];
    case 'ehpad':
      return [
        ...common,
        doc('medical_report', 'Dossier médical (volet médical du dossier unique d’admission)', 'medical_report'),
        doc('tax_notice', "Dernier avis d'imposition", 'tax_notice'),
        info('financing', 'Aide sociale à l’hébergement ou financement du séjour étudié'),
      ];
    case null:
      return common;
    case 'dac':
    case 'cpts':
    case 'samsah':
    case 'savs':
    case 'sessad':
    case 'ccas':
    case 'other':
      return [...common, doc('medical_report', 'Compte rendu médical récent', 'medical_report')];
  }
  // A kind stored before this list knew it.
  return common;
}

/**
 * How complete a checklist is, counted as the screen shows it: a document item counts when the
 * record holds it, valid (a ticked identity card the record lacks is still missing); any other
 * item, or a document the caller cannot see in the record, counts when ticked.
 */
export function checklistProgress(items: readonly { done: boolean; documentStatus: 'present' | 'expired' | 'missing' | null }[]): {
  done: number;
  total: number;
} {
  return { done: items.filter((i) => (i.documentStatus ? i.documentStatus === 'present' : i.done)).length, total: items.length };
}

/** The reference of a referral, as people quote it on the phone: `2026-0042`. */
export function referralReference(year: number, n: number): string {
  return `${year}-${String(n).padStart(4, '0')}`;
}
