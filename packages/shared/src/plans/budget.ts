import { fundingSources, type ActionStatus, type CostPeriod, type FundingSource } from './domain.ts';
import { monthBounds, monthsFrom } from './dates.ts';

// The plan's budget, computed the same way by the server (responses, PDF) and the web (the editor
// adds costs up live). Money is in integer euro cents (DESIGN.md §5): every amount below is an
// integer, rounding happens once per action, at the documented places.

/** The months a budget covers, from the month the plan starts. */
export const BUDGET_MONTHS = 12;

export interface CostLine {
  unitCostCents: number;
  /** Quantity per period, with at most two decimals (7.5 hours a week). */
  quantity: number;
  period: CostPeriod;
  fundingSource: FundingSource | null;
  startDate: string | null;
  endDate: string | null;
  status?: ActionStatus;
}

export interface Allocation {
  source: FundingSource;
  /** What the source grants each month (e.g. the APA plan notified), or null when not capped. */
  monthlyCents: number | null;
  /** What the source grants once, for equipment and adaptations (e.g. PCH technical aids), or null when not capped. */
  oneOffCents: number | null;
}

export interface ActionCost {
  /** One period's cost: unit cost × quantity, rounded to the cent. */
  periodCents: number;
  /** Spent every month while the action runs (weekly costs × 52 / 12, yearly costs / 12, rounded). */
  monthlyCents: number;
  /** Spent once, in the month the action starts. */
  oneOffCents: number;
  /** Cost over a year: once, 52 weeks, 12 months or one year. */
  yearlyCents: number;
}

/** Quantity in hundredths, as an integer: 7.5 → 750. */
export const quantityHundredths = (q: number): number => Math.round(q * 100);

/** The cost of one action (integer cents). */
export function actionCost(a: Pick<CostLine, 'unitCostCents' | 'quantity' | 'period'>): ActionCost {
  const periodCents = Math.round((a.unitCostCents * quantityHundredths(a.quantity)) / 100);
  switch (a.period) {
    case 'once':
      return { periodCents, monthlyCents: 0, oneOffCents: periodCents, yearlyCents: periodCents };
    case 'week':
      return { periodCents, monthlyCents: Math.round((periodCents * 52) / 12), oneOffCents: 0, yearlyCents: periodCents * 52 };
    case 'month':
      return { periodCents, monthlyCents: periodCents, oneOffCents: 0, yearlyCents: periodCents * 12 };
    case 'year':
      return { periodCents, monthlyCents: Math.round(periodCents / 12), oneOffCents: 0, yearlyCents: periodCents };
  }
}

export type BySource = Partial<Record<FundingSource, number>>;

export interface SourceBudget {
  source: FundingSource;
  /** The busiest month's recurring spending of this source. */
  monthlyCents: number;
  oneOffCents: number;
  /** Everything this source pays over the 12 months of the budget. */
  periodCents: number;
  allocatedMonthlyCents: number | null;
  allocatedOneOffCents: number | null;
  remainingMonthlyCents: number | null;
  remainingOneOffCents: number | null;
  overBudget: boolean;
  /** Months whose recurring spending exceeds the monthly allocation. */
  overMonths: string[];
  actions: number;
}

export interface MonthBudget {
  month: string;
  bySource: BySource;
  recurringCents: number;
  oneOffCents: number;
  totalCents: number;
}

export interface PlanBudget {
  start: string;
  months: MonthBudget[];
  years: { year: number; bySource: BySource; totalCents: number }[];
  sources: SourceBudget[];
  /** Costs with no funding source chosen yet. */
  unfundedCents: number;
  totals: { monthlyCents: number; oneOffCents: number; periodCents: number; yearlyCents: number };
  overBudget: boolean;
}

const add = (m: BySource, s: FundingSource, v: number) => {
  if (v) m[s] = (m[s] ?? 0) + v;
};

/** Whether an action runs during a month: no dates means it runs throughout. */
function runsIn(line: CostLine, { first, last }: { first: string; last: string }): boolean {
  return (line.startDate === null || line.startDate <= last) && (line.endDate === null || line.endDate >= first);
}

/**
 * The budget of a plan over the 12 months from `start`: per month and per calendar year, per
 * funding source, against what each source allocates; cancelled actions cost nothing. A source is
 * over budget when one month's recurring spending, or the one-off spending, exceeds its allocation.
 */
export function computeBudget(lines: readonly CostLine[], allocations: readonly Allocation[], start: string): PlanBudget {
  const months = monthsFrom(start, BUDGET_MONTHS);
  const live = lines.filter((l) => l.status !== 'cancelled');
  const costs = live.map((l) => ({ line: l, cost: actionCost(l) }));
  const bounds = new Map(months.map((m) => [m, monthBounds(m)]));
  const monthRows: MonthBudget[] = months.map((month) => {
    const bySource: BySource = {};
    let recurring = 0;
    let oneOff = 0;
    for (const { line, cost } of costs) {
      if (!runsIn(line, bounds.get(month)!)) continue;
      let spent = cost.monthlyCents;
      recurring += cost.monthlyCents;
      // A one-off cost falls in the month the action starts (or the first month when it has no start date).
      const oneOffMonth = line.startDate === null || line.startDate < `${months[0]}-01` ? months[0] : line.startDate.slice(0, 7);
      if (cost.oneOffCents && oneOffMonth === month) {
        spent += cost.oneOffCents;
        oneOff += cost.oneOffCents;
      }
      if (line.fundingSource) add(bySource, line.fundingSource, spent);
    }
    return { month, bySource, recurringCents: recurring, oneOffCents: oneOff, totalCents: recurring + oneOff };
  });

  const years = new Map<number, { bySource: BySource; totalCents: number }>();
  for (const m of monthRows) {
    const y = Number(m.month.slice(0, 4));
    const row = years.get(y) ?? { bySource: {}, totalCents: 0 };
    for (const [s, v] of Object.entries(m.bySource) as [FundingSource, number][]) add(row.bySource, s, v);
    row.totalCents += m.totalCents;
    years.set(y, row);
  }

  const alloc = new Map(allocations.map((a) => [a.source, a]));
  const sources: SourceBudget[] = [];
  for (const source of fundingSources) {
    const mine = costs.filter((c) => c.line.fundingSource === source);
    const a = alloc.get(source);
    if (!mine.length && !a) continue;
    const recurringByMonth = monthRows.map((m) => ({
      month: m.month,
      cents: mine.filter((c) => runsIn(c.line, bounds.get(m.month)!)).reduce((s, c) => s + c.cost.monthlyCents, 0),
    }));
    const monthlyCents = Math.max(0, ...recurringByMonth.map((r) => r.cents));
    const oneOffCents = mine.reduce((s, c) => s + c.cost.oneOffCents, 0);
    const periodCents = monthRows.reduce((s, m) => s + (m.bySource[source] ?? 0), 0);
    const allocatedMonthlyCents = a?.monthlyCents ?? null;
    const allocatedOneOffCents = a?.oneOffCents ?? null;
    const overMonths =
      allocatedMonthlyCents === null ? [] : recurringByMonth.filter((r) => r.cents > allocatedMonthlyCents).map((r) => r.month);
    const overOneOff = allocatedOneOffCents !== null && oneOffCents > allocatedOneOffCents;
    sources.push({
      source,
      monthlyCents,
      oneOffCents,
      periodCents,
      allocatedMonthlyCents,
      allocatedOneOffCents,
      remainingMonthlyCents: allocatedMonthlyCents === null ? null : allocatedMonthlyCents - monthlyCents,
      remainingOneOffCents: allocatedOneOffCents === null ? null : allocatedOneOffCents - oneOffCents,
      overBudget: overMonths.length > 0 || overOneOff,
      overMonths,
      actions: mine.length,
    });
  }
  const unfunded = costs.filter((c) => c.line.fundingSource === null);
  return {
    start: `${months[0]}-01`,
    months: monthRows,
    years: [...years].map(([year, v]) => ({ year, ...v })),
    sources,
    unfundedCents: unfunded.reduce((s, c) => s + c.cost.yearlyCents, 0),
    totals: {
      monthlyCents: Math.max(0, ...monthRows.map((m) => m.recurringCents)),
      oneOffCents: costs.reduce((s, c) => s + c.cost.oneOffCents, 0),
      periodCents: monthRows.reduce((s, m) => s + m.totalCents, 0),
      yearlyCents: costs.reduce((s, c) => s + c.cost.yearlyCents, 0),
    },
    overBudget: sources.some((s) => s.overBudget),
  };
}

/** `1 234,50 €`: an amount in cents as French euros (for the PDF and the screens in French). */
export function formatEuros(cents: number, locale = 'fr-FR'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
