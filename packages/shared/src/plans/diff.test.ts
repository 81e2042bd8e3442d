import { describe, expect, test } from 'vitest';
import { computeBudget } from './budget.ts';
import { diffVersions, type DiffAction, type DiffGoal } from './diff.ts';
import { agreementInputSchema, planContentSchema } from './schemas.ts';
import { canTransition, goalCategory, planStatuses, planTransitions } from './domain.ts';

const g = (key: string, over: Partial<DiffGoal> = {}): DiffGoal => ({
  key,
  wording: `Objectif ${key}`,
  component: 'life',
  needCodes: ['aide_toilette'],
  horizon: '3m',
  targetDate: null,
  indicator: 'Toilettes réalisées par semaine',
  target: '7',
  priority: 'high',
  ...over,
});
const a = (key: string, goalKey: string, over: Partial<DiffAction> = {}): DiffAction => ({
  key,
  goalKey,
  description: `Action ${key}`,
  type: 'personal_help',
  owner: 'SSIAD Valence Nord',
  prescriber: null,
  frequency: 'tous les matins',
  startDate: '2026-03-01',
  endDate: '2026-08-31',
  unitCostCents: 2458,
  quantity: 30,
  period: 'month',
  fundingSource: 'apa',
  status: 'planned',
  ...over,
});
const budgetOf = (actions: DiffAction[]) =>
  computeBudget(
    actions.map((x) => ({
      unitCostCents: x.unitCostCents as number,
      quantity: x.quantity as number,
      period: x.period as 'month',
      fundingSource: x.fundingSource as 'apa',
      startDate: null,
      endDate: null,
    })),
    [],
    '2026-03-01',
  );

describe('comparing two versions', () => {
  test('lists goals and actions added, changed field by field, and removed, with the budget difference per source', () => {
    const before = { goals: [g('g1'), g('g2'), g('g3')], actions: [a('a1', 'g1'), a('a2', 'g2'), a('a3', 'g3', { fundingSource: 'pch' })] };
    const after = {
      goals: [g('g2', { target: '5', horizon: '6m' }), g('g3'), g('g4', { wording: 'Sortir de chez soi' })],
      actions: [
        a('a2', 'g2', { quantity: 40 }),
        a('a3', 'g3', { fundingSource: 'pch' }),
        a('a4', 'g4', { unitCostCents: 1500, quantity: 4 }),
      ],
    };
    const d = diffVersions(
      { ...before, budget: budgetOf(before.actions), expectations: 'Rester chez moi' },
      { ...after, budget: budgetOf(after.actions), expectations: 'Rester chez moi' },
    );
    expect(d.goals.added.map((x) => x.key)).toEqual(['g4']);
    expect(d.goals.removed.map((x) => x.key)).toEqual(['g1']);
    expect(d.goals.changed).toEqual([
      {
        from: before.goals[1],
        to: after.goals[0],
        changes: [
          { field: 'horizon', from: '3m', to: '6m' },
          { field: 'target', from: '7', to: '5' },
        ],
      },
    ]);
    expect(d.actions.added.map((x) => x.key)).toEqual(['a4']);
    expect(d.actions.removed.map((x) => x.key)).toEqual(['a1']);
    expect(d.actions.changed.map((c) => [c.to.key, c.changes])).toEqual([['a2', [{ field: 'quantity', from: 30, to: 40 }]]]);
    expect(d.budget.sources).toEqual([
      { source: 'apa', fromCents: 2 * 73740 * 12, toCents: (98320 + 6000) * 12, changeCents: (98320 + 6000 - 2 * 73740) * 12 },
      { source: 'pch', fromCents: 73740 * 12, toCents: 73740 * 12, changeCents: 0 },
    ]);
    expect(d.budget.total.changeCents).toBe(d.budget.sources.reduce((s, x) => s + x.changeCents, 0));
    expect(d.expectationsChanged).toBe(false);
  });

  test('two identical versions differ in nothing', () => {
    const v = { goals: [g('g1')], actions: [a('a1', 'g1')], budget: budgetOf([a('a1', 'g1')]), expectations: null };
    const d = diffVersions(v, v);
    expect(
      [d.goals.added, d.goals.removed, d.goals.changed, d.actions.added, d.actions.removed, d.actions.changed].every((x) => x.length === 0),
    ).toBe(true);
    expect(d.budget.total.changeCents).toBe(0);
  });
});

describe('status flow and categories', () => {
  test('only the documented transitions are allowed, and a closed version is final', () => {
    expect(canTransition('draft', 'proposed')).toBe(true);
    expect(canTransition('proposed', 'agreed')).toBe(true);
    expect(canTransition('draft', 'agreed')).toBe(false);
    expect(canTransition('agreed', 'draft')).toBe(false);
    expect(canTransition('active', 'proposed')).toBe(false);
    for (const s of planStatuses) expect(canTransition('closed', s)).toBe(false);
    expect(Object.keys(planTransitions)).toEqual([...planStatuses]);
  });

  test('a goal of the care project, or answering a health need, is health information', () => {
    expect(goalCategory('care', [])).toBe('health');
    expect(goalCategory('life', ['social', 'health'])).toBe('health');
    expect(goalCategory('social', ['social'])).toBe('social');
  });
});

describe('input schemas', () => {
  test('refuses an action ending before it starts, an aid without prescriber or funding, a paid action without funding, a dated horizon without date', () => {
    const r = planContentSchema.safeParse({
      goals: [
        {
          wording: 'Sécuriser la salle de bains',
          component: 'life',
          horizon: 'date',
          actions: [
            { description: 'Barres d’appui', type: 'home_adaptation', startDate: '2026-05-01', endDate: '2026-04-01' },
            { description: 'Aide ménagère', type: 'personal_help', unitCostCents: 2400, quantity: 1.234 },
          ],
        },
      ],
      budget: [{ source: 'apa', monthlyCents: 10.5 }, { source: 'apa' }],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'goals.0.targetDate',
        'goals.0.actions.0.endDate',
        'goals.0.actions.0.prescriber',
        'goals.0.actions.0.fundingSource',
        'goals.0.actions.1.quantity',
        'goals.0.actions.1.fundingSource',
        'budget.0.monthlyCents',
      ]),
    );
    const twice = planContentSchema.safeParse({ goals: [], budget: [{ source: 'apa' }, { source: 'apa' }] });
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['budget.1.source']);
  });

  test('the agreement of a legal representative names them; the copy is handed over after the agreement', () => {
    const base = { agreedOn: '2026-01-10', form: 'signed', copyHandedOver: true };
    expect(agreementInputSchema.safeParse({ ...base, givenBy: 'legal_representative' }).error?.issues[0]?.path).toEqual([
      'representativeId',
    ]);
    expect(agreementInputSchema.safeParse({ ...base, givenBy: 'person', copyHandedOn: '2026-01-09' }).error?.issues[0]?.path).toEqual([
      'copyHandedOn',
    ]);
    expect(agreementInputSchema.safeParse({ ...base, givenBy: 'person', copyHandedOn: '2026-01-10' }).success).toBe(true);
  });
});
