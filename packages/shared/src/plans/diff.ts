import type { FundingSource } from './domain.ts';
import type { PlanBudget } from './budget.ts';

// Comparing two versions of a plan (issue 7, item 3): goals and actions are matched by their
// stable key, which a new version keeps from the version it copies.

export const goalDiffFields = ['wording', 'component', 'needCodes', 'horizon', 'targetDate', 'indicator', 'target', 'priority'] as const;
export const actionDiffFields = [
  'goalKey',
  'description',
  'type',
  'owner',
  'prescriber',
  'frequency',
  'startDate',
  'endDate',
  'unitCostCents',
  'quantity',
  'period',
  'fundingSource',
  'status',
] as const;
export type GoalDiffField = (typeof goalDiffFields)[number];
export type ActionDiffField = (typeof actionDiffFields)[number];

export type DiffGoal = { key: string } & Record<GoalDiffField, unknown> & { wording: string };
export type DiffAction = { key: string } & Record<ActionDiffField, unknown> & { description: string; goalKey: string };

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}
export interface ItemDiff<T> {
  added: T[];
  removed: T[];
  changed: { from: T; to: T; changes: FieldChange[] }[];
}
export interface BudgetDiff {
  sources: { source: FundingSource; fromCents: number; toCents: number; changeCents: number }[];
  total: { fromCents: number; toCents: number; changeCents: number };
  monthly: { fromCents: number; toCents: number; changeCents: number };
}
export interface VersionDiff<G extends DiffGoal, A extends DiffAction> {
  goals: ItemDiff<G>;
  actions: ItemDiff<A>;
  budget: BudgetDiff;
  expectationsChanged: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function diffItems<T extends { key: string }>(a: readonly T[], b: readonly T[], fields: readonly (keyof T & string)[]): ItemDiff<T> {
  const before = new Map(a.map((x) => [x.key, x]));
  const after = new Map(b.map((x) => [x.key, x]));
  const out: ItemDiff<T> = { added: [], removed: [], changed: [] };
  for (const x of b) {
    const old = before.get(x.key);
    if (!old) {
      out.added.push(x);
      continue;
    }
    const changes = fields.filter((f) => !same(old[f], x[f])).map((f) => ({ field: f, from: old[f], to: x[f] }));
    if (changes.length) out.changed.push({ from: old, to: x, changes });
  }
  for (const x of a) if (!after.has(x.key)) out.removed.push(x);
  return out;
}

function diffBudget(a: PlanBudget, b: PlanBudget): BudgetDiff {
  const from = new Map(a.sources.map((s) => [s.source, s.periodCents]));
  const to = new Map(b.sources.map((s) => [s.source, s.periodCents]));
  const sources = [...new Set([...from.keys(), ...to.keys()])]
    .map((source) => {
      const f = from.get(source) ?? 0;
      const t = to.get(source) ?? 0;
      return { source, fromCents: f, toCents: t, changeCents: t - f };
    })
    .filter((s) => s.changeCents !== 0 || s.fromCents !== 0);
  const change = (f: number, t: number) => ({ fromCents: f, toCents: t, changeCents: t - f });
  return {
    sources,
    total: change(a.totals.periodCents, b.totals.periodCents),
    monthly: change(a.totals.monthlyCents, b.totals.monthlyCents),
  };
}

/** What changed from version `a` to version `b`: goals and actions added, changed (field by field), removed; budget per source. */
export function diffVersions<G extends DiffGoal, A extends DiffAction>(
  a: { goals: readonly G[]; actions: readonly A[]; budget: PlanBudget; expectations: string | null },
  b: { goals: readonly G[]; actions: readonly A[]; budget: PlanBudget; expectations: string | null },
): VersionDiff<G, A> {
  return {
    goals: diffItems(a.goals, b.goals, goalDiffFields as unknown as (keyof G & string)[]),
    actions: diffItems(a.actions, b.actions, actionDiffFields as unknown as (keyof A & string)[]),
    budget: diffBudget(a.budget, b.budget),
    expectationsChanged: !same(a.expectations, b.expectations),
  };
}
