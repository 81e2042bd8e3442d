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
  /** A typical month's spending while the action runs (weekly costs × 52 / 12, yearly costs / 12, rounded). */
  monthlyCents: number;
  /** Spent once, in the month the action starts. */
  oneOffCents: number;
  /** Cost over a whole year: once, 52 weeks, 12 months or one year (the rate, not this action's dates). */
  yearlyCents: number;
  /**
   * What this action costs within the plan's 12-month budget, prorated by the days it runs there:
   * exactly what the budget counts for it (issue 19, finding 3). Equal to `yearlyCents` when no
   * budget start is given.
   */
  budgetCents: number;
}

/** Quantity in hundredths, as an integer: 7.5 → 750. */
export const quantityHundredths = (q: number): number => Math.round(q * 100);

/** The rate of one action (integer cents), whatever its dates. */
function rateOf(a: Pick<CostLine, 'unitCostCents' | 'quantity' | 'period'>): Omit<ActionCost, 'budgetCents'> {
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

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The days of `month` (`YYYY-MM`) on which an action runs: its dates, clipped to the month. */
function daysRunning(line: Pick<CostLine, 'startDate' | 'endDate'>, month: string): number {
  const { first, last } = monthBounds(month);
  const from = line.startDate !== null && line.startDate > first ? line.startDate : first;
  const to = line.endDate !== null && line.endDate < last ? line.endDate : last;
  return to < from ? 0 : dayNumber(to) - dayNumber(from) + 1;
}

/**
 * One action's recurring spending in each of `months`, prorated by the days it runs in each
 * (a weekly cost counts 1/7 a day, a monthly one 1/days-of-that-month, a yearly one
 * 1/days-of-that-year), rounded to the cent once per month. A whole month of a monthly action is
 * exactly its monthly cost; 8 December → 8 March of a weekly action is exactly 13 weeks.
 */
export function recurringByMonth(line: CostLine, months: readonly string[]): number[] {
  const { periodCents } = rateOf(line);
  if (line.period === 'once' || line.status === 'cancelled' || periodCents === 0) return months.map(() => 0);
  return months.map((month) => {
    const days = daysRunning(line, month);
    if (!days) return 0;
    const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
    const per = line.period === 'week' ? 7 : line.period === 'month' ? new Date(Date.UTC(y, m, 0)).getUTCDate() : isLeap(y) ? 366 : 365;
    return Math.round((periodCents * days) / per);
  });
}

/** The month of `months` in which a one-off cost falls: the month the action starts (the first month when it starts before or has no date), or none when it starts after. */
function oneOffMonthOf(line: CostLine, months: readonly string[]): string | null {
  if (line.startDate === null || line.startDate < `${months[0]}-01`) return months[0] ?? null;
  const m = line.startDate.slice(0, 7);
  return months.includes(m) ? m : null;
}

/**
 * The cost of one action (integer cents). With the first day of the plan's budget, `budgetCents`
 * is what the budget counts for this action over its 12 months — the one figure the action, the
 * budget, the editor and the PDFs show.
 */
export function actionCost(
  a: Pick<CostLine, 'unitCostCents' | 'quantity' | 'period'> & Partial<CostLine>,
  budgetStart?: string,
): ActionCost {
  const rate = rateOf(a);
  if (budgetStart === undefined) return { ...rate, budgetCents: rate.yearlyCents };
  const line: CostLine = { fundingSource: null, startDate: null, endDate: null, ...a };
  const months = monthsFrom(budgetStart, BUDGET_MONTHS);
  const recurring = recurringByMonth(line, months).reduce((s, v) => s + v, 0);
  const oneOff = line.status !== 'cancelled' && rate.oneOffCents && oneOffMonthOf(line, months) ? rate.oneOffCents : 0;
  return { ...rate, budgetCents: recurring + oneOff };
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

/**
 * The budget of a plan over the 12 months from `start`: per month and per calendar year, per
 * funding source, against what each source allocates; cancelled actions cost nothing. A source is
 * over budget when one month's recurring spending, or the one-off spending, exceeds its allocation.
 */
export function computeBudget(lines: readonly CostLine[], allocations: readonly Allocation[], start: string): PlanBudget {
  const months = monthsFrom(start, BUDGET_MONTHS);
  const live = lines.filter((l) => l.status !== 'cancelled');
  const costs = live.map((l) => ({
    line: l,
    cost: actionCost(l, start),
    byMonth: recurringByMonth(l, months),
    oneOffMonth: oneOffMonthOf(l, months),
  }));
  const monthRows: MonthBudget[] = months.map((month, i) => {
    const bySource: BySource = {};
    let recurring = 0;
    let oneOff = 0;
    for (const { line, cost, byMonth, oneOffMonth } of costs) {
      let spent = byMonth[i]!;
      recurring += spent;
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
    const spendByMonth = months.map((month, i) => ({ month, cents: mine.reduce((s, c) => s + c.byMonth[i]!, 0) }));
    const monthlyCents = Math.max(0, ...spendByMonth.map((r) => r.cents));
    const oneOffCents = mine.reduce((s, c) => s + (c.oneOffMonth ? c.cost.oneOffCents : 0), 0);
    const periodCents = monthRows.reduce((s, m) => s + (m.bySource[source] ?? 0), 0);
    const allocatedMonthlyCents = a?.monthlyCents ?? null;
    const allocatedOneOffCents = a?.oneOffCents ?? null;
    const overMonths =
      allocatedMonthlyCents === null ? [] : spendByMonth.filter((r) => r.cents > allocatedMonthlyCents).map((r) => r.month);
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
    unfundedCents: unfunded.reduce((s, c) => s + c.cost.budgetCents, 0),
    totals: {
      monthlyCents: Math.max(0, ...monthRows.map((m) => m.recurringCents)),
      oneOffCents: costs.reduce((s, c) => s + (c.oneOffMonth ? c.cost.oneOffCents : 0), 0),
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
