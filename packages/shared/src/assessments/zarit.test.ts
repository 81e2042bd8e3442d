import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scoreZarit, validateZaritScores, zaritBand, zaritScoresSchema, type ZaritBand } from './zarit.ts';

/** 22 item scores adding up to `total` (fills items with 4 first). */
function sheetWithTotal(total: number): number[] {
  return Array.from({ length: 22 }, (_, i) => Math.max(0, Math.min(4, total - 4 * i)));
}

describe('scoreZarit bands', () => {
  const boundaries: readonly [number, ZaritBand][] = [
    [0, 'none_or_little'],
    [20, 'none_or_little'],
    [21, 'light_to_moderate'],
    [40, 'light_to_moderate'],
    [41, 'moderate_to_severe'],
    [60, 'moderate_to_severe'],
    [61, 'severe'],
    [88, 'severe'],
  ];

  for (const [total, band] of boundaries) {
    test(`a sheet totalling ${total} is scored ${total}, band ${band}`, () => {
      const sheet = sheetWithTotal(total);
      expect(sheet.reduce((a, b) => a + b, 0)).toBe(total);
      expect(scoreZarit(sheet)).toEqual({ ok: true, total, band });
      expect(zaritBand(total)).toBe(band);
    });
  }

  test('any valid sheet gets a total of 0–88 and the band that contains it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 22, maxLength: 22 }), (sheet) => {
        const result = scoreZarit(sheet);
        if (!result.ok) return false;
        const total = sheet.reduce((a, b) => a + b, 0);
        return result.total === total && result.band === zaritBand(total);
      }),
    );
  });

  test('zaritBand refuses a total no sheet can produce', () => {
    expect(() => zaritBand(89)).toThrow(RangeError);
    expect(() => zaritBand(-1)).toThrow(RangeError);
    expect(() => zaritBand(20.5)).toThrow(RangeError);
  });
});

describe('scoreZarit refuses invalid sheets item by item', () => {
  const valid = (): (number | null)[] => Array.from({ length: 22 }, () => 2);

  test('21 scores: refused with a count error', () => {
    const result = scoreZarit(valid().slice(0, 21));
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          item: null,
          code: 'wrong_count',
          message: "L'échelle de Zarit compte 22 items ; 21 notes reçues.",
        },
      ],
    });
  });

  test('23 scores: refused with a count error', () => {
    expect(validateZaritScores([...valid(), 0]).map((e) => e.code)).toEqual(['wrong_count']);
  });

  test('a 5 on item 3: refused as out of range on item 3', () => {
    const sheet = valid();
    sheet[2] = 5;
    expect(scoreZarit(sheet)).toEqual({
      ok: false,
      errors: [
        {
          item: 3,
          code: 'out_of_range',
          message: 'Item 3 : la note doit être comprise entre 0 et 4 (reçu 5).',
        },
      ],
    });
  });

  test('a -1 on item 1: refused as out of range on item 1', () => {
    const sheet = valid();
    sheet[0] = -1;
    expect(validateZaritScores(sheet)).toEqual([
      {
        item: 1,
        code: 'out_of_range',
        message: 'Item 1 : la note doit être comprise entre 0 et 4 (reçu -1).',
      },
    ]);
  });

  test('a 2.5 on item 22: refused as not an integer on item 22', () => {
    const sheet = valid();
    sheet[21] = 2.5;
    expect(validateZaritScores(sheet)).toEqual([
      {
        item: 22,
        code: 'not_integer',
        message: 'Item 22 : la note doit être un nombre entier de 0 à 4 (reçu 2.5).',
      },
    ]);
  });

  test('NaN is refused as not an integer, an unanswered item as missing', () => {
    const sheet = valid();
    sheet[4] = Number.NaN;
    sheet[9] = null;
    expect(validateZaritScores(sheet).map(({ item, code }) => ({ item, code }))).toEqual([
      { item: 5, code: 'not_integer' },
      { item: 10, code: 'missing' },
    ]);
  });

  test('lists every problem at once: count, then each item in order', () => {
    const sheet = [5, -1, 2.5, ...Array.from({ length: 18 }, () => 0)];
    expect(validateZaritScores(sheet).map(({ item, code }) => `${item ?? '-'}:${code}`)).toEqual([
      '-:wrong_count',
      '1:out_of_range',
      '2:out_of_range',
      '3:not_integer',
    ]);
  });
});

describe('zaritScoresSchema', () => {
  test('accepts 22 scores and gives them back', () => {
    const sheet = sheetWithTotal(30);
    expect(zaritScoresSchema.parse(sheet)).toEqual(sheet);
  });

  test('refuses with the same message as scoreZarit, at the item index', () => {
    const sheet: (number | null)[] = sheetWithTotal(30);
    sheet[6] = 7;
    const parsed = zaritScoresSchema.safeParse(sheet);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: [6], message: 'Item 7 : la note doit être comprise entre 0 et 4 (reçu 7).' },
    ]);
  });
});
