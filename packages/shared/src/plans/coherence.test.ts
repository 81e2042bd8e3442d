import { describe, expect, test } from 'vitest';
import { checkCoherence, type CoherenceAction, type CoherenceGoal } from './coherence.ts';
import { reviewSchedule } from './reviews.ts';

const goal = (id: string, needCodes: string[], over: Partial<CoherenceGoal> = {}): CoherenceGoal => ({
  id,
  wording: `Objectif ${id}`,
  needCodes,
  indicator: 'Nombre de chutes par mois',
  target: '0',
  ...over,
});
const action = (id: string, goalId: string, over: Partial<CoherenceAction> = {}): CoherenceAction => ({
  id,
  goalId,
  description: `Action ${id}`,
  type: 'personal_help',
  hasOwner: true,
  startDate: '2026-03-01',
  endDate: '2026-08-31',
  status: 'planned',
  ...over,
});
const needs = [
  { code: 'aide_toilette', label: 'Aide à la toilette' },
  { code: 'portage_repas', label: 'Portage de repas' },
  { code: 'ouverture_droits_apa', label: 'Ouverture de droits APA' },
];

describe('coherence checks', () => {
  test('a plan where every need is answered or deferred, every goal measured and every action owned and dated has no issue', () => {
    expect(
      checkCoherence({
        needs,
        deferred: [{ code: 'ouverture_droits_apa', reason: 'Dossier déjà déposé par la famille' }],
        goals: [goal('g1', ['aide_toilette']), goal('g2', ['portage_repas'])],
        actions: [action('a1', 'g1'), action('a2', 'g2', { type: 'support' })],
      }),
    ).toEqual([]);
  });

  test('names a need with neither goal nor reasoned deferral', () => {
    const issues = checkCoherence({
      needs,
      deferred: [{ code: 'portage_repas', reason: '  ' }],
      goals: [goal('g1', ['aide_toilette'])],
      actions: [action('a1', 'g1')],
    });
    expect(issues.filter((i) => i.code === 'need_unanswered').map((i) => i.needCode)).toEqual(['portage_repas', 'ouverture_droits_apa']);
    expect(issues[0]!.message).toContain('Portage de repas');
  });

  test('finds goals without indicator or target, and goals without action', () => {
    const issues = checkCoherence({
      needs: [],
      deferred: [],
      goals: [goal('g1', [], { indicator: null }), goal('g2', [], { target: ' ' }), goal('g3', [])],
      actions: [action('a1', 'g3'), action('a2', 'g2', { status: 'cancelled' })],
    });
    expect(issues.map((i) => [i.code, i.goalId])).toEqual([
      ['goal_without_indicator', 'g1'],
      ['goal_without_action', 'g1'],
      ['goal_without_indicator', 'g2'],
      ['goal_without_action', 'g2'],
    ]);
  });

  test('finds actions without owner or without dates, cancelled ones aside', () => {
    const issues = checkCoherence({
      needs: [],
      deferred: [],
      goals: [goal('g1', [])],
      actions: [
        action('a1', 'g1', { hasOwner: false }),
        action('a2', 'g1', { endDate: null, type: 'care' }),
        action('a3', 'g1', { hasOwner: false, startDate: null, status: 'cancelled', type: 'leisure' }),
      ],
    });
    expect(issues.map((i) => [i.code, i.actionIds])).toEqual([
      ['action_without_owner', ['a1']],
      ['action_without_dates', ['a2']],
    ]);
  });

  test('finds two recurring actions of the same kind running at the same time for the same need, not when they follow each other nor for a one-off', () => {
    const issues = checkCoherence({
      needs,
      deferred: [],
      goals: [goal('g1', ['aide_toilette']), goal('g2', ['aide_toilette', 'portage_repas'])],
      actions: [
        action('a1', 'g1', { startDate: '2026-03-01', endDate: '2026-05-31' }),
        action('a2', 'g2', { startDate: '2026-05-15', endDate: '2026-09-30' }),
        action('a3', 'g2', { startDate: '2026-06-01', endDate: '2026-09-30', type: 'care' }),
        action('a4', 'g1', { startDate: '2026-10-01', endDate: '2026-12-31' }),
        action('a5', 'g2', { startDate: '2026-04-01', endDate: '2026-04-01', once: true }),
      ],
    });
    const overlaps = issues.filter((i) => i.code === 'overlapping_actions');
    expect(overlaps.map((i) => [i.needCode, i.actionIds])).toEqual([['aide_toilette', ['a1', 'a2']]]);
    expect(overlaps[0]!.message).toContain('Aide à la toilette');
  });
});

describe('review dates', () => {
  test('proposes a review at each goal horizon from the start, or at its date', () => {
    const s = reviewSchedule(
      [
        { id: 'g1', horizon: '3m', targetDate: null },
        { id: 'g2', horizon: '12m', targetDate: null },
        { id: 'g3', horizon: 'date', targetDate: '2026-04-30' },
      ],
      '2026-01-31',
      '2026-04-30',
    );
    expect(s.goals).toEqual([
      { id: 'g1', dueOn: '2026-04-30', due: true },
      { id: 'g2', dueOn: '2027-01-31', due: false },
      { id: 'g3', dueOn: '2026-04-30', due: true },
    ]);
    expect(s).toMatchObject({ nextReviewOn: '2026-04-30', due: true });
  });

  test('has no date at a horizon before the plan starts', () => {
    expect(reviewSchedule([{ id: 'g1', horizon: '6m', targetDate: null }], null, '2026-04-30')).toEqual({
      goals: [{ id: 'g1', dueOn: null, due: false }],
      nextReviewOn: null,
      due: false,
    });
  });
});
