import type { ActionStatus, ActionType } from './domain.ts';

// Coherence checks shown on the plan (issue 7, item 6; seed 000: "les actions proposées couvrent
// les différents besoins", "les actions sont complémentaires les unes avec les autres"). They warn;
// they never block a save, because a plan is built in several sittings.

export interface CoherenceNeed {
  code: string;
  label: string;
}
export interface CoherenceGoal {
  id: string;
  wording: string;
  needCodes: readonly string[];
  indicator: string | null;
  target: string | null;
}
export interface CoherenceAction {
  id: string;
  goalId: string;
  description: string;
  type: ActionType;
  hasOwner: boolean;
  startDate: string | null;
  endDate: string | null;
  status: ActionStatus;
  /** A one-off action (a purchase, an assessment day) is an event: it never duplicates a service. */
  once?: boolean;
}

export const coherenceCodes = [
  'need_unanswered',
  'goal_without_indicator',
  'goal_without_action',
  'action_without_owner',
  'action_without_dates',
  'overlapping_actions',
] as const;
export type CoherenceCode = (typeof coherenceCodes)[number];

export interface CoherenceIssue {
  code: CoherenceCode;
  /** The need concerned (unanswered need, overlapping actions). */
  needCode?: string;
  goalId?: string;
  actionIds?: string[];
  /** A French sentence for the PDF and as a fallback; the web words it from the code. */
  message: string;
}

const overlaps = (a: CoherenceAction, b: CoherenceAction) => {
  const aStart = a.startDate ?? '0000-01-01';
  const bStart = b.startDate ?? '0000-01-01';
  const aEnd = a.endDate ?? '9999-12-31';
  const bEnd = b.endDate ?? '9999-12-31';
  return aStart <= bEnd && bStart <= aEnd;
};

/**
 * The plan's coherence: every need answered by a goal or explicitly deferred with a reason; every
 * goal measurable and acted upon; every action owned and dated; no two recurring actions of the same
 * kind running at the same time for the same need (a duplicate service). Cancelled actions are ignored.
 */
export function checkCoherence(input: {
  needs: readonly CoherenceNeed[];
  deferred: readonly { code: string; reason: string }[];
  goals: readonly CoherenceGoal[];
  actions: readonly CoherenceAction[];
}): CoherenceIssue[] {
  const issues: CoherenceIssue[] = [];
  const answered = new Set(input.goals.flatMap((g) => g.needCodes));
  const deferred = new Set(input.deferred.filter((d) => d.reason.trim()).map((d) => d.code));
  for (const n of input.needs) {
    if (!answered.has(n.code) && !deferred.has(n.code)) {
      issues.push({
        code: 'need_unanswered',
        needCode: n.code,
        message: `Le besoin « ${n.label} » n'a ni objectif ni report motivé.`,
      });
    }
  }
  const live = input.actions.filter((a) => a.status !== 'cancelled');
  for (const g of input.goals) {
    if (!g.indicator?.trim() || !g.target?.trim()) {
      issues.push({
        code: 'goal_without_indicator',
        goalId: g.id,
        message: `L'objectif « ${g.wording} » n'a pas d'indicateur mesurable avec sa cible.`,
      });
    }
    if (!live.some((a) => a.goalId === g.id)) {
      issues.push({ code: 'goal_without_action', goalId: g.id, message: `L'objectif « ${g.wording} » n'a aucune action.` });
    }
  }
  for (const a of live) {
    if (!a.hasOwner)
      issues.push({ code: 'action_without_owner', actionIds: [a.id], message: `L'action « ${a.description} » n'a pas de responsable.` });
    if (!a.startDate || !a.endDate) {
      issues.push({
        code: 'action_without_dates',
        actionIds: [a.id],
        message: `L'action « ${a.description} » n'a pas de date de début ou de fin.`,
      });
    }
  }
  const goalsOf = new Map(input.goals.map((g) => [g.id, g]));
  const needLabel = new Map(input.needs.map((n) => [n.code, n.label]));
  const reported = new Set<string>();
  for (const [i, a] of live.entries()) {
    for (const b of live.slice(i + 1)) {
      if (a.type !== b.type || a.once || b.once || !overlaps(a, b)) continue;
      const needsA = goalsOf.get(a.goalId)?.needCodes ?? [];
      const needsB = new Set(goalsOf.get(b.goalId)?.needCodes ?? []);
      for (const code of needsA) {
        const key = `${code}:${a.id}:${b.id}`;
        if (!needsB.has(code) || reported.has(key)) continue;
        reported.add(key);
        issues.push({
          code: 'overlapping_actions',
          needCode: code,
          actionIds: [a.id, b.id],
          message: `Les actions « ${a.description} » et « ${b.description} » se chevauchent pour le même besoin (« ${needLabel.get(code) ?? code} »).`,
        });
      }
    }
  }
  return issues;
}
