import type { Decision } from '@maillon/shared/admissions';
import { isoRequired } from '../../lib/time.ts';

/** A decision row as read with `select d.*, <decider's name> as decided_by_name, <session> as committee_id`. */
export type DecisionRow = {
  id: string;
  mode: string;
  outcome: string;
  facts: string;
  needs: string;
  capacity_note: string | null;
  capacity: number | null;
  occupied: number;
  waiting: number;
  admission_conditions: string | null;
  integration_conditions: string | null;
  refusal_reasons: string | null;
  redirected_to: string | null;
  redirect_reason: string | null;
  waiting_priority: string | null;
  waiting_reason: string | null;
  referrer_message: string | null;
  decided_by: string;
  decided_by_name: string;
  decided_at: string;
  committee_id: string | null;
};

/** The decision as the caller may read it: its reasoning is social information. */
export function toDecision(d: DecisionRow, social: boolean): Decision {
  const s = (v: string | null) => (social ? v : null);
  return {
    id: d.id,
    mode: d.mode as Decision['mode'],
    outcome: d.outcome as Decision['outcome'],
    facts: social ? d.facts : '',
    needs: social ? d.needs : '',
    capacityNote: s(d.capacity_note),
    capacity: d.capacity,
    occupied: d.occupied,
    waiting: d.waiting,
    admissionConditions: s(d.admission_conditions),
    integrationConditions: s(d.integration_conditions),
    refusalReasons: s(d.refusal_reasons),
    redirectedTo: d.redirected_to,
    redirectReason: s(d.redirect_reason),
    waitingPriority: d.waiting_priority as Decision['waitingPriority'],
    waitingReason: s(d.waiting_reason),
    referrerMessage: d.referrer_message,
    decidedBy: { userId: d.decided_by, displayName: d.decided_by_name },
    decidedAt: isoRequired(d.decided_at),
    committeeId: d.committee_id,
  };
}
