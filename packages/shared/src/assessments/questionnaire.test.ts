import { describe, expect, test } from 'vitest';
import { homeScreening } from './questionnaire.fixture.ts';
import type { InstrumentDefinition } from './questionnaire.schema.ts';
import { answersSchema, scoreAnswers, validateAnswers, visibleItems, type Answers } from './questionnaire.ts';

const ids = (def: InstrumentDefinition, answers: Answers) => visibleItems(def, answers).map((i) => i.id);

describe('visibleItems', () => {
  const def = homeScreening();

  test('shows only unconditional items before any answer (neq/eq on an unanswered item is false)', () => {
    expect(ids(def, {})).toEqual(['vit_seul', 'chutes', 'difficultes', 'commentaire']);
  });

  test('shows the follow-up of a matching answer', () => {
    expect(ids(def, { vit_seul: 'oui' })).toEqual(['vit_seul', 'aidant_present', 'chutes', 'difficultes', 'commentaire']);
  });

  test('shows an item when any of its conditions holds', () => {
    expect(ids(def, { vit_seul: 'non', difficultes: ['toilette'] })).toContain('douleur');
    expect(ids(def, { vit_seul: 'non', chutes: 1 })).toContain('douleur');
    expect(ids(def, { vit_seul: 'non', chutes: 0, difficultes: ['repas'] })).not.toContain('douleur');
  });

  test('shows an item only when all of its conditions hold', () => {
    expect(ids(def, { vit_seul: 'oui', chutes: 2 })).toContain('derniere_chute');
    expect(ids(def, { vit_seul: 'non', chutes: 2 })).not.toContain('derniere_chute');
  });

  test('a stale answer of a hidden item does not reveal the items that depend on it', () => {
    expect(ids(def, { vit_seul: 'oui', aidant_present: 'non' })).toContain('aide_nuit');
    expect(ids(def, { vit_seul: 'non', aidant_present: 'non' })).not.toContain('aide_nuit');
  });
});

describe('validateAnswers', () => {
  const def = homeScreening();
  const codes = (answers: Answers) => validateAnswers(def, answers).map((e) => `${e.itemId}:${e.code}`);

  test('accepts a complete sheet', () => {
    expect(codes({ vit_seul: 'oui', aidant_present: 'oui', chutes: 0, commentaire: 'RAS' })).toEqual([]);
  });

  test('names each required visible item left blank; blank text and empty lists count as blank', () => {
    expect(codes({})).toEqual(['vit_seul:required', 'chutes:required']);
    expect(codes({ vit_seul: 'oui', chutes: 3, difficultes: [] })).toEqual(['aidant_present:required', 'douleur:required']);
    expect(validateAnswers(def, { vit_seul: '  ', chutes: 0 })).toEqual([
      { itemId: 'vit_seul', code: 'required', message: '« Vit seul(e) » : réponse obligatoire.' },
    ]);
  });

  test('ignores answers to hidden items, even invalid ones', () => {
    expect(codes({ vit_seul: 'non', aidant_present: 'peut-être', chutes: 0 })).toEqual([]);
  });

  test('refuses a wrong type, an unknown option, a duplicate option', () => {
    expect(codes({ vit_seul: 1, chutes: '3', difficultes: ['repas', 'jardin'] })).toEqual([
      'vit_seul:wrong_type',
      'chutes:wrong_type',
      'difficultes:unknown_option',
    ]);
    expect(codes({ vit_seul: 'peut-être', chutes: 0, difficultes: ['repas', 'repas'] })).toEqual([
      'vit_seul:unknown_option',
      'difficultes:duplicate_option',
    ]);
  });

  test('refuses numbers out of range, off the scale step or not integer', () => {
    expect(codes({ vit_seul: 'non', chutes: 51, douleur: 0 })).toEqual(['chutes:out_of_range']);
    expect(codes({ vit_seul: 'non', chutes: -1 })).toEqual(['chutes:out_of_range']);
    expect(codes({ vit_seul: 'non', chutes: 1.5, douleur: 11 })).toEqual(['chutes:not_integer', 'douleur:out_of_range']);
    expect(validateAnswers(def, { vit_seul: 'non', chutes: 1, douleur: 2.5 })).toEqual([
      {
        itemId: 'douleur',
        code: 'not_on_step',
        message: '« Douleur » : la valeur doit aller de 0 à 10 par pas de 1.',
      },
    ]);
  });

  test('refuses an impossible date, a too long text and an item of another version', () => {
    expect(
      codes({
        vit_seul: 'oui',
        aidant_present: 'oui',
        chutes: 1,
        douleur: 0,
        derniere_chute: '2025-02-30',
        commentaire: 'x'.repeat(21),
        ancien: 'a',
      }),
    ).toEqual(['ancien:unknown_item', 'derniere_chute:invalid_date', 'commentaire:too_long']);
  });

  test('answersSchema accepts the answer shapes and null, and refuses objects', () => {
    expect(answersSchema.safeParse({ a: 'x', b: 2, c: ['y'], d: null }).success).toBe(true);
    expect(answersSchema.safeParse({ a: { nested: true } }).success).toBe(false);
  });
});

describe('scoreAnswers', () => {
  const def = homeScreening();

  test('sums option scores, weighted values and ticked options', () => {
    // vit_seul 2 + aidant non 3×2 + chutes 3×0.5 + 2 difficultés + douleur 4 = 15.5
    const answers = {
      vit_seul: 'oui',
      aidant_present: 'non',
      chutes: 3,
      difficultes: ['repas', 'courses'],
      douleur: 4,
    };
    expect(scoreAnswers(def, answers)).toEqual({
      total: 15.5,
      band: { min: 10, max: 100, label: 'Besoin élevé', severity: 'severe' },
    });
  });

  test('does not count hidden items', () => {
    // aidant_present and douleur are hidden: only vit_seul (0) and chutes 0 remain.
    expect(scoreAnswers(def, { vit_seul: 'non', aidant_present: 'non', chutes: 0, douleur: 10 })).toMatchObject({ total: 0 });
  });

  test('finds the band at each inclusive bound, and none in a gap', () => {
    const bandOf = (chutes: number, extra: Answers = {}) => scoreAnswers(def, { vit_seul: 'non', chutes, ...extra })?.band?.label ?? null;
    expect(bandOf(0, { douleur: 0 })).toBe('Besoin faible'); // 0
    expect(bandOf(9)).toBe('Besoin faible'); // 4.5: douleur left blank counts 0
    expect(bandOf(1, { douleur: 4 })).toBe('Besoin faible'); // 4.5
    expect(bandOf(2, { douleur: 4 })).toBe('Besoin modéré'); // 5
    expect(bandOf(1, { douleur: 9 })).toBe('Besoin modéré'); // 9.5
    expect(bandOf(2, { douleur: 9 })).toBe('Besoin élevé'); // 10
    expect(bandOf(1, { douleur: 4.25 })).toBe(null); // 4.75, between two bands
  });

  test('returns null for an instrument without scoring', () => {
    const def2 = homeScreening();
    delete def2.scoring;
    delete def2.bands;
    expect(scoreAnswers(def2, { vit_seul: 'oui' })).toBeNull();
  });
});
