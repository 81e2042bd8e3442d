import { addMonths } from './dates.ts';
import { horizonMonths, type GoalHorizon } from './domain.ts';

/** When a goal is due for review: its horizon counted from the plan's start, or its own date. */
export function goalDueDate(goal: { horizon: GoalHorizon; targetDate: string | null }, start: string | null): string | null {
  if (goal.horizon === 'date') return goal.targetDate;
  return start ? addMonths(start, horizonMonths[goal.horizon]) : null;
}

export interface ReviewSchedule {
  goals: { id: string; dueOn: string | null; due: boolean }[];
  /** The earliest due date still ahead or passed; null before the plan starts. */
  nextReviewOn: string | null;
  /** At least one goal has reached its horizon. */
  due: boolean;
}

/** Review dates proposed at each goal's horizon (issue 7, item 4). */
export function reviewSchedule(
  goals: readonly { id: string; horizon: GoalHorizon; targetDate: string | null }[],
  start: string | null,
  today: string,
): ReviewSchedule {
  const rows = goals.map((g) => {
    const dueOn = goalDueDate(g, start);
    return { id: g.id, dueOn, due: dueOn !== null && dueOn <= today };
  });
  const dates = rows
    .map((r) => r.dueOn)
    .filter((d): d is string => d !== null)
    .sort();
  return { goals: rows, nextReviewOn: dates[0] ?? null, due: rows.some((r) => r.due) };
}
