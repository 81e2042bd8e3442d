import { describe, expect, test } from 'vitest';
import { validateInstrumentDefinition } from './questionnaire.definition.ts';
import { homeScreening } from './questionnaire.fixture.ts';
import type { InstrumentDefinition } from './questionnaire.schema.ts';

describe('validateInstrumentDefinition', () => {
  test('accepts a definition with conditions, scoring and bands', () => {
    expect(validateInstrumentDefinition(homeScreening())).toEqual({
      ok: true,
      definition: homeScreening(),
    });
  });

  const refusals: [string, (def: InstrumentDefinition) => void, { path: string; code: string; message?: string }][] = [
    [
      'a duplicate item id',
      (def) => {
        const first = def.items[0];
        if (first) def.items.push({ ...first, showIf: undefined });
      },
      {
        path: 'items[8].id',
        code: 'duplicate_item_id',
        message: "L'identifiant « vit_seul » est déjà utilisé par un autre item.",
      },
    ],
    [
      'an option listed twice',
      (def) => {
        const item = def.items[4];
        if (item?.kind === 'multiple_choice') item.options.push({ value: 'repas', label: 'Repas bis', score: 1 });
      },
      { path: 'items[4].options[3].value', code: 'duplicate_option_value' },
    ],
    [
      'a condition on a later item',
      (def) => {
        const item = def.items[0];
        if (item) item.showIf = { item: 'chutes', op: 'gte', value: 1 };
      },
      {
        path: 'items[0].showIf.item',
        code: 'condition_forward_reference',
        message: "La condition porte sur l'item « chutes », qui doit être placé avant.",
      },
    ],
    [
      'a condition on the item itself',
      (def) => {
        const item = def.items[3];
        if (item) item.showIf = { item: 'chutes', op: 'gte', value: 1 };
      },
      { path: 'items[3].showIf.item', code: 'condition_forward_reference' },
    ],
    [
      'a condition on an unknown item, deep inside any/all',
      (def) => {
        const item = def.items[7];
        if (item) item.showIf = { all: [{ any: [{ item: 'fantome', op: 'eq', value: 'x' }] }] };
      },
      { path: 'items[7].showIf.all[0].any[0].item', code: 'condition_unknown_item' },
    ],
    [
      'gte on a single-choice item',
      (def) => {
        const item = def.items[1];
        if (item) item.showIf = { item: 'vit_seul', op: 'gte', value: 'oui' };
      },
      { path: 'items[1].showIf.op', code: 'condition_operator_not_allowed' },
    ],
    [
      'a condition value that is not an option',
      (def) => {
        const item = def.items[5];
        if (item) item.showIf = { item: 'difficultes', op: 'in', value: ['toilette', 'jardin'] };
      },
      { path: 'items[5].showIf.value[1]', code: 'condition_invalid_value' },
    ],
    [
      'a text value compared with a number item',
      (def) => {
        const item = def.items[5];
        if (item) item.showIf = { item: 'chutes', op: 'gte', value: 'deux' };
      },
      { path: 'items[5].showIf.value', code: 'condition_invalid_value' },
    ],
    [
      'conditions nested deeper than 4 levels',
      (def) => {
        const item = def.items[7];
        const leaf = { item: 'chutes', op: 'gte' as const, value: 1 };
        if (item) item.showIf = { all: [{ all: [{ all: [{ all: [leaf] }] }] }] };
      },
      { path: 'items[7].showIf.all[0].all[0].all[0].all[0]', code: 'condition_too_deep' },
    ],
    [
      'overlapping bands',
      (def) => def.bands?.push({ min: 9, max: 9.8, label: 'Chevauchante' }),
      {
        path: 'bands[3]',
        code: 'overlapping_bands',
        message: 'Bande « Chevauchante » [9–9.8] chevauche la bande « Besoin modéré » [5–9.5] (n° 2).',
      },
    ],
    [
      'bands that share a bound (inclusive on both ends)',
      (def) => def.bands?.push({ min: 100, max: 120, label: 'Au-delà' }),
      { path: 'bands[3]', code: 'overlapping_bands' },
    ],
    [
      'a band whose min exceeds its max',
      (def) => def.bands?.push({ min: 200, max: 150, label: 'Inversée' }),
      { path: 'bands[3].max', code: 'invalid_band' },
    ],
    ['bands without scoring', (def) => delete def.scoring, { path: 'bands', code: 'bands_without_scoring' }],
    [
      'a scored text item',
      (def) => def.scoring?.items.push({ item: 'commentaire' }),
      { path: 'scoring.items[5].item', code: 'scoring_item_not_scorable' },
    ],
    [
      'a scored unknown item',
      (def) => def.scoring?.items.push({ item: 'absent' }),
      { path: 'scoring.items[5].item', code: 'scoring_unknown_item' },
    ],
    [
      'an item scored twice',
      (def) => def.scoring?.items.push({ item: 'chutes' }),
      { path: 'scoring.items[5].item', code: 'scoring_duplicate_item' },
    ],
    [
      'a scored choice item with an option without score',
      (def) => {
        const item = def.items[0];
        if (item?.kind === 'single_choice') item.options.push({ value: 'nsp', label: 'Ne sait pas' });
      },
      { path: 'items[0].options[2].score', code: 'option_without_score' },
    ],
    [
      'a scale whose step does not divide its range',
      (def) => {
        const item = def.items[5];
        if (item?.kind === 'scale') item.step = 3;
      },
      { path: 'items[5].step', code: 'invalid_scale_step' },
    ],
    [
      'a number item with min above max',
      (def) => {
        const item = def.items[3];
        if (item?.kind === 'number') item.min = 60;
      },
      { path: 'items[3].max', code: 'invalid_range' },
    ],
    [
      'an item without a label (structural, reported by zod)',
      (def) => {
        const item = def.items[2];
        if (item) item.label = '  ';
      },
      { path: 'items[2].label', code: 'too_small' },
    ],
    [
      'an unknown item kind',
      (def) => Object.assign(def.items[7] ?? {}, { kind: 'slider' }),
      { path: 'items[7].kind', code: 'invalid_union' },
    ],
  ];

  for (const [what, mutate, expected] of refusals) {
    test(`refuses ${what}, naming the path`, () => {
      const def = homeScreening();
      mutate(def);
      const result = validateInstrumentDefinition(def);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual([expect.objectContaining(expected)]);
    });
  }
});
