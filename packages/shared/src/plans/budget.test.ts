import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { actionCost, computeBudget, formatEuros, type CostLine } from './budget.ts';
import { addMonths, monthsFrom } from './dates.ts';

const line = (over: Partial<CostLine>): CostLine => ({
  unitCostCents: 0,
  quantity: 1,
  period: 'month',
  fundingSource: 'apa',
  startDate: null,
  endDate: null,
  ...over,
});

describe('cost of one action', () => {
  test('unit cost × quantity per period, in whole cents', () => {
    // 7.5 hours a week of home help at 24.58 € the hour.
    expect(actionCost({ unitCostCents: 2458, quantity: 7.5, period: 'week' })).toEqual({
      periodCents: 18435,
      monthlyCents: Math.round((18435 * 52) / 12),
      oneOffCents: 0,
      yearlyCents: 18435 * 52,
      budgetCents: 18435 * 52,
    });
    expect(actionCost({ unitCostCents: 4500, quantity: 1, period: 'once' })).toEqual({
      periodCents: 4500,
      monthlyCents: 0,
      oneOffCents: 4500,
      yearlyCents: 4500,
      budgetCents: 4500,
    });
    expect(actionCost({ unitCostCents: 30000, quantity: 1, period: 'year' })).toMatchObject({ monthlyCents: 2500, yearlyCents: 30000 });
    expect(actionCost({ unitCostCents: 333, quantity: 0.33, period: 'month' }).periodCents).toBe(110);
  });

  test('every amount is an integer number of cents, never negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom('once', 'week', 'month', 'year' as const),
        (unit, qh, period) => {
          const c = actionCost({ unitCostCents: unit, quantity: qh / 100, period });
          return Object.values(c).every((v) => Number.isInteger(v) && v >= 0);
        },
      ),
    );
  });
});

describe('cost of an action over its dates, prorated by day (issue 19, finding 3)', () => {
  test('175 € a week from 8 December to 8 March is 13 weeks, the same on the action and in the budget', () => {
    const a = line({ unitCostCents: 17500, quantity: 1, period: 'week', startDate: '2026-12-08', endDate: '2027-03-08' });
    expect(actionCost(a, '2026-12-08').budgetCents).toBe(17500 * 13);
    const b = computeBudget([a], [], '2026-12-08');
    expect(b.totals.periodCents).toBe(17500 * 13);
    expect(b.months.slice(0, 4).map((m) => m.recurringCents)).toEqual([60000, 77500, 70000, 20000]);
  });

  test('a whole month of a monthly action is its monthly cost; a part month is prorated by its days', () => {
    const b = computeBudget([line({ unitCostCents: 3100, startDate: '2026-03-20', endDate: '2026-05-31' })], [], '2026-03-01');
    expect(b.months.slice(0, 4).map((m) => m.recurringCents)).toEqual([1200, 3100, 3100, 0]);
  });

  test('what the budget counts is the sum of what each action shows, whatever the actions', () => {
    const arbLine = fc.record({
      unitCostCents: fc.integer({ min: 0, max: 500_000 }),
      quantity: fc.integer({ min: 0, max: 5000 }).map((q) => q / 100),
      period: fc.constantFrom('once', 'week', 'month', 'year' as const),
      fundingSource: fc.constantFrom('apa', 'pch', null),
      startDate: fc.option(fc.integer({ min: 0, max: 500 }).map((d) => addDays('2026-01-01', d))),
      endDate: fc.option(fc.integer({ min: 0, max: 700 }).map((d) => addDays('2026-01-01', d))),
      status: fc.constantFrom('planned', 'in_progress', 'cancelled' as const),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 10 }), fc.integer({ min: 0, max: 400 }), (lines, offset) => {
        const start = addDays('2026-01-01', offset);
        const b = computeBudget(lines as CostLine[], [], start);
        const shown = (lines as CostLine[])
          .filter((l) => l.status !== 'cancelled')
          .reduce((s, l) => s + actionCost(l, start).budgetCents, 0);
        return b.totals.periodCents === shown;
      }),
    );
  });

  test('an action never costs more than its rate over the days it runs, nor less than one cent per month short of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('week', 'month', 'year' as const),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 400 }),
        (unit, period, from, length) => {
          const startDate = addDays('2026-01-01', from);
          const endDate = addDays(startDate, length);
          const c = actionCost(line({ unitCostCents: unit, period, startDate, endDate }), '2026-01-01');
          const days = Math.min(length + 1, 365 - from);
          const perDay = period === 'week' ? unit / 7 : period === 'year' ? unit / 365 : null;
          if (perDay === null) return c.budgetCents <= unit * 13;
          return Math.abs(c.budgetCents - perDay * days) <= 13;
        },
      ),
    );
  });
});

describe('budget of a plan', () => {
  const start = '2026-03-15';

  test('totals per source, per month and per year, with the remaining amounts', () => {
    const b = computeBudget(
      [
        line({ unitCostCents: 2458, quantity: 30, period: 'month', fundingSource: 'apa' }), // 737.40 €/month
        line({ unitCostCents: 2000, quantity: 1, period: 'month', fundingSource: 'own_contribution' }),
        line({ unitCostCents: 85000, quantity: 1, period: 'once', fundingSource: 'departement', startDate: '2026-05-02' }),
        line({
          unitCostCents: 3000,
          quantity: 1,
          period: 'month',
          fundingSource: 'health_insurance',
          startDate: '2026-03-20',
          endDate: '2026-05-31',
        }),
      ],
      [
        { source: 'apa', monthlyCents: 80000, oneOffCents: null },
        { source: 'departement', monthlyCents: null, oneOffCents: 100000 },
      ],
      start,
    );
    expect(b.start).toBe('2026-03-01');
    expect(b.months.map((m) => m.month)).toEqual(monthsFrom(start, 12));
    expect(b.months[0]).toEqual({
      month: '2026-03',
      // 20 → 31 March: 12 days of 31 at 30 € a month.
      bySource: { apa: 73740, own_contribution: 2000, health_insurance: 1161 },
      recurringCents: 76901,
      oneOffCents: 0,
      totalCents: 76901,
    });
    expect(b.months[2]!.bySource.departement).toBe(85000);
    expect(b.months[3]!.bySource.health_insurance).toBeUndefined();
    const apa = b.sources.find((s) => s.source === 'apa')!;
    expect(apa).toMatchObject({
      monthlyCents: 73740,
      periodCents: 73740 * 12,
      allocatedMonthlyCents: 80000,
      remainingMonthlyCents: 6260,
      overBudget: false,
    });
    expect(b.sources.find((s) => s.source === 'departement')).toMatchObject({
      oneOffCents: 85000,
      remainingOneOffCents: 15000,
      overBudget: false,
    });
    expect(b.sources.find((s) => s.source === 'health_insurance')).toMatchObject({
      periodCents: 1161 + 3000 + 3000,
      allocatedMonthlyCents: null,
      overBudget: false,
    });
    expect(b.years).toEqual([
      {
        year: 2026,
        bySource: { apa: 73740 * 10, own_contribution: 20000, departement: 85000, health_insurance: 7161 },
        totalCents: 73740 * 10 + 20000 + 85000 + 7161,
      },
      { year: 2027, bySource: { apa: 73740 * 2, own_contribution: 4000 }, totalCents: 73740 * 2 + 4000 },
    ]);
    expect(b.totals.periodCents).toBe(b.months.reduce((s, m) => s + m.totalCents, 0));
    expect(b.totals.periodCents).toBe(b.years.reduce((s, y) => s + y.totalCents, 0));
    expect(b.overBudget).toBe(false);
  });

  test('warns when one month of a source goes over its allocation, naming the months', () => {
    const b = computeBudget(
      [
        line({ unitCostCents: 60000, fundingSource: 'apa' }),
        line({ unitCostCents: 30000, fundingSource: 'apa', startDate: '2026-06-01', endDate: '2026-07-31' }),
      ],
      [{ source: 'apa', monthlyCents: 80000, oneOffCents: null }],
      start,
    );
    const apa = b.sources[0]!;
    expect(apa).toMatchObject({ source: 'apa', monthlyCents: 90000, remainingMonthlyCents: -10000, overBudget: true });
    expect(apa.overMonths).toEqual(['2026-06', '2026-07']);
    expect(b.overBudget).toBe(true);
  });

  test('warns when the one-off spending of a source exceeds its envelope', () => {
    const b = computeBudget(
      [
        line({ unitCostCents: 120000, period: 'once', fundingSource: 'pch' }),
        line({ unitCostCents: 40000, period: 'once', fundingSource: 'pch', startDate: '2026-09-01' }),
      ],
      [{ source: 'pch', monthlyCents: null, oneOffCents: 150000 }],
      start,
    );
    expect(b.sources[0]).toMatchObject({ oneOffCents: 160000, remainingOneOffCents: -10000, overBudget: true, overMonths: [] });
    expect(b.months[0]!.oneOffCents).toBe(120000);
    expect(b.months[6]!.oneOffCents).toBe(40000);
  });

  test('leaves out cancelled actions, counts unfunded ones apart, and lists an allocated source even without actions', () => {
    const b = computeBudget(
      [line({ unitCostCents: 50000, status: 'cancelled' }), line({ unitCostCents: 1000, fundingSource: null })],
      [{ source: 'municipality', monthlyCents: 5000, oneOffCents: null }],
      start,
    );
    expect(b.sources).toEqual([
      expect.objectContaining({ source: 'municipality', monthlyCents: 0, remainingMonthlyCents: 5000, actions: 0 }),
    ]);
    expect(b.unfundedCents).toBe(12000);
    expect(b.months[0]!.bySource).toEqual({});
  });

  test('the months add up to the years and to the total, whatever the actions', () => {
    const arbLine = fc.record({
      unitCostCents: fc.integer({ min: 0, max: 500_000 }),
      quantity: fc.integer({ min: 0, max: 5000 }).map((q) => q / 100),
      period: fc.constantFrom('once', 'week', 'month', 'year' as const),
      fundingSource: fc.constantFrom('apa', 'pch', 'own_contribution', null),
      startDate: fc.option(fc.integer({ min: 0, max: 500 }).map((d) => addDays('2026-01-01', d))),
      endDate: fc.option(fc.integer({ min: 0, max: 700 }).map((d) => addDays('2026-01-01', d))),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 12 }), (lines) => {
        const b = computeBudget(lines as CostLine[], [], start);
        const byMonths = b.months.reduce((s, m) => s + m.totalCents, 0);
        const byYears = b.years.reduce((s, y) => s + y.totalCents, 0);
        const bySources = b.sources.reduce((s, x) => s + x.periodCents, 0);
        const funded = b.months.reduce((s, m) => s + Object.values(m.bySource).reduce((a, v) => a + (v ?? 0), 0), 0);
        return byMonths === b.totals.periodCents && byYears === byMonths && bySources === funded;
      }),
    );
  });

  test('prints amounts as French euros', () => {
    expect(formatEuros(123450).replace(/\s/g, ' ')).toBe('1 234,50 €');
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('calendar months', () => {
  test('adds months as people count them', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });
});
