import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AGGIR_DISCRIMINANT_VARIABLE_IDS,
  AGGIR_ILLUSTRATIVE_VARIABLE_IDS,
  AGGIR_RANK_TO_GIR,
  AGGIR_SUB_VARIABLE_RULES,
  type AggirCode,
  type DiscriminantVariableId,
  type VariableWithSubVariables,
} from './aggir.data.ts';
import {
  aggirInputSchema,
  codeFromAdverbs,
  combineSubVariables,
  computeGir,
  type AggirAdverbs,
  type AggirCodedAnswer,
  type AggirInput,
} from './aggir.ts';

const CODES: readonly AggirCode[] = ['A', 'B', 'C'];

function allPatterns(length: number): string[] {
  return length === 0 ? [''] : allPatterns(length - 1).flatMap((p) => CODES.map((c) => p + c));
}

// Written out from the README table (2008 guide), independently of AGGIR_SUB_VARIABLE_RULES.
const EXPECTED_COMBINATIONS: Record<VariableWithSubVariables, (pattern: string) => AggirCode> = {
  coherence: (p) => (p === 'AA' ? 'A' : p === 'CC' ? 'C' : 'B'),
  orientation: (p) => (p === 'AA' ? 'A' : p === 'CC' ? 'C' : 'B'),
  toilette: (p) => (p === 'AA' ? 'A' : p === 'CC' ? 'C' : 'B'),
  habillage: (p) => (p === 'AAA' ? 'A' : p === 'CCC' ? 'C' : 'B'),
  alimentation: (p) => (p === 'AA' ? 'A' : ['CC', 'BC', 'CB'].includes(p) ? 'C' : 'B'),
  elimination: (p) => (p === 'AA' ? 'A' : ['CC', 'AC', 'CA', 'BC', 'CB'].includes(p) ? 'C' : 'B'),
};

const SUB_IDS: Record<VariableWithSubVariables, readonly string[]> = {
  coherence: ['communication', 'comportement'],
  orientation: ['temps', 'espace'],
  toilette: ['haut', 'bas'],
  habillage: ['haut', 'moyen', 'bas'],
  alimentation: ['se_servir', 'manger'],
  elimination: ['urinaire', 'fecale'],
};

const SUB_CASES = (Object.keys(SUB_IDS) as VariableWithSubVariables[]).flatMap((variable) =>
  allPatterns(SUB_IDS[variable].length).map((pattern) => {
    const codes: Record<string, AggirCode> = {};
    SUB_IDS[variable].forEach((subId, i) => {
      codes[subId] = CODES.find((c) => c === pattern[i]) ?? 'A';
    });
    const label = Object.entries(codes)
      .map(([sub, code]) => `${sub}=${code}`)
      .join(' ');
    return { variable, codes, expected: EXPECTED_COMBINATIONS[variable](pattern), label };
  }),
);

// The loop below mixes the six variables, so it needs the untyped view of the sub-codes.
const combine = combineSubVariables as (variable: VariableWithSubVariables, codes: Readonly<Record<string, AggirCode>>) => AggirCode;

function codedInput(code: AggirCode): AggirInput {
  const discriminant: AggirInput['discriminant'] = {};
  for (const id of AGGIR_DISCRIMINANT_VARIABLE_IDS) Object.assign(discriminant, { [id]: { code } });
  return { discriminant };
}

describe('sub-variable combination rules', () => {
  test('cover the 6 variables that have sub-variables, in the README order, each with its source', () => {
    for (const [variable, ids] of Object.entries(SUB_IDS)) {
      const rule = AGGIR_SUB_VARIABLE_RULES[variable as VariableWithSubVariables];
      expect(rule.order).toEqual(ids);
      expect(rule.source).toMatch(/2008/);
    }
  });

  for (const { variable, codes, expected, label } of SUB_CASES) {
    test(`${variable} ${label} combines to ${expected}, directly and inside computeGir`, () => {
      expect(combine(variable, codes)).toBe(expected);
      const subVariables = Object.fromEntries(Object.entries(codes).map(([s, code]) => [s, { code }]));
      const input = codedInput('A');
      Object.assign(input.discriminant, { [variable]: { subVariables } });
      const result = computeGir(aggirInputSchema.parse(input));
      expect(result).toMatchObject({ ok: true, variables: { [variable]: expected } });
    });
  }

  test('combineSubVariables throws, naming it, when a sub-code is absent at run time', () => {
    const partial = { communication: 'A' } as unknown as Record<'communication' | 'comportement', AggirCode>;
    expect(() => combineSubVariables('coherence', partial)).toThrow('coherence.comportement');
  });
});

describe('codeFromAdverbs', () => {
  const flags = [false, true];
  const all: AggirAdverbs[] = flags.flatMap((spontanement) =>
    flags.flatMap((totalement) =>
      flags.flatMap((habituellement) => flags.map((correctement) => ({ spontanement, totalement, habituellement, correctement }))),
    ),
  );

  for (const adverbs of all) {
    const met = Object.values(adverbs).filter(Boolean).length;
    const expected = met === 4 ? 'A' : met === 0 ? 'C' : 'B';
    const label = Object.entries(adverbs)
      .map(([adverb, ok]) => `${adverb}=${ok ? 'oui' : 'non'}`)
      .join(' ');
    test(`${label} gives ${expected}`, () => {
      expect(codeFromAdverbs(adverbs)).toBe(expected);
    });
  }
});

describe('computeGir with missing answers', () => {
  test('refuses a grid with one variable missing and names it', () => {
    const input = codedInput('B');
    delete input.discriminant.transferts;
    expect(computeGir(input)).toEqual({ ok: false, missing: ['transferts'] });
  });

  test('treats null like an absent answer', () => {
    const input = codedInput('B');
    input.discriminant.orientation = null;
    expect(computeGir(input)).toEqual({ ok: false, missing: ['orientation'] });
  });

  test('names each missing sub-variable as variable.sub', () => {
    const input = codedInput('A');
    input.discriminant.habillage = { subVariables: { moyen: { code: 'A' }, bas: null } };
    expect(computeGir(input)).toEqual({ ok: false, missing: ['habillage.haut', 'habillage.bas'] });
  });

  test('requires déplacement extérieur and communication à distance although they never score', () => {
    const input = codedInput('C');
    delete input.discriminant.deplacement_exterieur;
    delete input.discriminant.communication_a_distance;
    expect(computeGir(input)).toEqual({
      ok: false,
      missing: ['deplacement_exterieur', 'communication_a_distance'],
    });
  });

  test('names every missing variable of an empty grid, in grid order', () => {
    expect(computeGir({ discriminant: {} })).toEqual({
      ok: false,
      missing: [...AGGIR_DISCRIMINANT_VARIABLE_IDS],
    });
  });

  test('does not require illustrative variables, and returns those given', () => {
    const result = computeGir({ ...codedInput('A'), illustrative: { menage: { code: 'C' } } });
    expect(result).toMatchObject({ ok: true, gir: 6, illustrative: { menage: 'C' } });
  });

  test('aggirInputSchema refuses an unknown sub-variable and an unknown code', () => {
    const parsed = aggirInputSchema.safeParse({
      discriminant: {
        toilette: { subVariables: { milieu: { code: 'A' } } },
        transferts: { code: 'D' },
      },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['discriminant.toilette.subVariables', 'discriminant.transferts']);
  });
});

// Arbitraries: any mix of direct codes, adverbs and sub-variables gives a complete grid.
const codeArb = fc.constantFrom<AggirCode>('A', 'B', 'C');
const adverbsArb = fc.record({
  spontanement: fc.boolean(),
  totalement: fc.boolean(),
  habituellement: fc.boolean(),
  correctement: fc.boolean(),
});
const codedAnswerArb: fc.Arbitrary<AggirCodedAnswer> = fc.oneof(
  codeArb.map((code) => ({ code })),
  adverbsArb.map((adverbs) => ({ adverbs })),
);

function forCode(code: AggirCode): fc.Arbitrary<AggirCodedAnswer> {
  const adverbs = code === 'A' ? [true, true, true, true] : [false, false, false, false];
  const [spontanement = false, totalement = false, habituellement = false, correctement = false] = adverbs;
  return fc.constantFrom<AggirCodedAnswer>({ code }, { adverbs: { spontanement, totalement, habituellement, correctement } });
}

function gridArb(answer: fc.Arbitrary<AggirCodedAnswer>): fc.Arbitrary<AggirInput> {
  const variable = (id: DiscriminantVariableId): fc.Arbitrary<unknown> => {
    const subIds = id in SUB_IDS ? SUB_IDS[id as VariableWithSubVariables] : [];
    if (subIds.length === 0) return answer;
    const subs = fc.record(Object.fromEntries(subIds.map((s) => [s, answer])));
    return fc.oneof(
      answer,
      subs.map((subVariables) => ({ subVariables })),
    );
  };
  const discriminant = fc.record(Object.fromEntries(AGGIR_DISCRIMINANT_VARIABLE_IDS.map((id) => [id, variable(id)])));
  const illustrative = fc.record(Object.fromEntries(AGGIR_ILLUSTRATIVE_VARIABLE_IDS.map((id) => [id, answer])), {
    requiredKeys: [],
  });
  // Parsing proves the generated grids are valid inputs, and types them without a cast.
  return fc.record({ discriminant, illustrative }).map((raw) => aggirInputSchema.parse(raw));
}

describe('computeGir properties', () => {
  test('always gives a GIR 1–6 consistent with its rank for a complete grid', () => {
    fc.assert(
      fc.property(gridArb(codedAnswerArb), (input) => {
        const result = computeGir(input);
        if (!result.ok) return false;
        return result.gir >= 1 && result.gir <= 6 && AGGIR_RANK_TO_GIR[result.rank] === result.gir;
      }),
      { numRuns: 2000 },
    );
  });

  test('gives GIR 6 (rank 13) when everything is coded A, in any form', () => {
    fc.assert(
      fc.property(gridArb(forCode('A')), (input) => {
        expect(computeGir(input)).toMatchObject({
          ok: true,
          gir: 6,
          rank: 13,
          group: 'H',
          score: 0,
        });
      }),
    );
  });

  test('gives GIR 1 (rank 1) when everything is coded C, in any form', () => {
    fc.assert(
      fc.property(gridArb(forCode('C')), (input) => {
        expect(computeGir(input)).toMatchObject({ ok: true, gir: 1, rank: 1, group: 'A' });
      }),
    );
  });

  test('ignores déplacement extérieur, communication à distance and illustrative variables', () => {
    fc.assert(
      fc.property(gridArb(codedAnswerArb), codedAnswerArb, codedAnswerArb, gridArb(codedAnswerArb), (input, exterieur, alerte, other) => {
        const changed: AggirInput = {
          discriminant: {
            ...input.discriminant,
            deplacement_exterieur: exterieur,
            communication_a_distance: alerte,
          },
          illustrative: other.illustrative,
        };
        const before = computeGir(input);
        const after = computeGir(changed);
        if (!before.ok || !after.ok) return false;
        const pick = (r: typeof before) => [r.gir, r.rank, r.group, r.score, r.scores];
        expect(pick(after)).toEqual(pick(before));
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  test('names exactly the variables removed from a complete grid', () => {
    fc.assert(
      fc.property(gridArb(codedAnswerArb), fc.subarray([...AGGIR_DISCRIMINANT_VARIABLE_IDS], { minLength: 1 }), (input, removed) => {
        const discriminant = { ...input.discriminant };
        for (const id of removed) delete discriminant[id];
        expect(computeGir({ discriminant })).toEqual({ ok: false, missing: removed });
      }),
    );
  });
});
