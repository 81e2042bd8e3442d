import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { AGGIR_CODES, AGGIR_GROUPS, type AggirCode, type AggirGroup, type AggirRank, type DiscriminantVariableId } from './aggir.data.ts';
import { computeGir, rankForGroup, type AggirInput, type GirResult } from './aggir.ts';

// Second, independent computation of the GIR, straight from the official CSV tables. It shares
// nothing with aggir.ts but the variable ids, so a transcription slip in aggir.data.ts shows up.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const referenceDir = path.resolve(repoRoot, '../shared/reference/aggir');
if (!existsSync(path.join(repoRoot, 'packages')) || !existsSync(referenceDir)) {
  throw new Error(
    `AGGIR reference tables not found at ${referenceDir} (expected ../shared/reference/aggir ` +
      `beside the repository root ${repoRoot}). CI provides them; locally, check out the shared folder.`,
  );
}

function readCsv(file: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path.join(referenceDir, file), 'utf8').trim().split(/\r?\n/);
  if (header === undefined) throw new Error(`${file} is empty`);
  const splitRow = (line: string): string[] => {
    // Only the free-text "note" column is quoted, and it never contains a quote itself.
    const cells: string[] = [];
    let current = '';
    let quoted = false;
    for (const char of line) {
      if (char === '"') quoted = !quoted;
      else if (char === ',' && !quoted) {
        cells.push(current);
        current = '';
      } else current += char;
    }
    cells.push(current);
    return cells;
  };
  const names = splitRow(header);
  return rows.map((line) => {
    const cells = splitRow(line);
    return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? '']));
  });
}

const coefficientRows = readCsv('aggir_coefficients_casf_annexe_2-2.csv');
const thresholdRows = readCsv('aggir_rank_thresholds_casf_annexe_2-2.csv');
const girByRank = new Map(readCsv('aggir_rank_to_gir_casf_annexe_2-2.csv').map((r) => [Number(r['rang']), Number(r['gir'])]));

function referenceGir(codes: Readonly<Record<DiscriminantVariableId, AggirCode>>) {
  for (const group of AGGIR_GROUPS) {
    let score = 0;
    for (const [variable, code] of Object.entries(codes)) {
      if (code === 'A') continue;
      const row = coefficientRows.find((r) => r['groupe'] === group && r['modalite'] === code);
      const value = row?.[variable];
      if (value === undefined || value === '') throw new Error(`CSV: no value for ${group}/${code}/${variable}`);
      score += Number(value);
    }
    const row = thresholdRows.find(
      (r) =>
        r['groupe'] === group &&
        (r['score_min_inclusive'] === '' || score >= Number(r['score_min_inclusive'])) &&
        (r['score_max_exclusive'] === '' || score < Number(r['score_max_exclusive'])),
    );
    if (!row) throw new Error(`CSV: no threshold row for group ${group}, score ${score}`);
    if (row['rang'] !== '') {
      const rank = Number(row['rang']);
      return { group, score, rank, gir: girByRank.get(rank) };
    }
  }
  throw new Error('CSV: group H gave no rank');
}

const COUNTING: readonly DiscriminantVariableId[] = [
  'coherence',
  'orientation',
  'toilette',
  'habillage',
  'alimentation',
  'elimination',
  'transferts',
  'deplacement_interieur',
];

/** Combination n (0 ≤ n < 3^8) of the 8 counting variables; the two 0-valued ones vary with n. */
function combination(n: number): Record<DiscriminantVariableId, AggirCode> {
  const codeAt = (digit: number): AggirCode => AGGIR_CODES[digit % 3] ?? 'A';
  const codes: Partial<Record<DiscriminantVariableId, AggirCode>> = {};
  COUNTING.forEach((variable, i) => {
    codes[variable] = codeAt(Math.floor(n / 3 ** i));
  });
  return {
    coherence: 'A',
    orientation: 'A',
    toilette: 'A',
    habillage: 'A',
    alimentation: 'A',
    elimination: 'A',
    transferts: 'A',
    deplacement_interieur: 'A',
    ...codes,
    deplacement_exterieur: codeAt(n),
    communication_a_distance: codeAt(Math.floor(n / 7)),
  };
}

function inputOf(codes: Readonly<Record<DiscriminantVariableId, AggirCode>>): AggirInput {
  const discriminant: AggirInput['discriminant'] = {};
  for (const [variable, code] of Object.entries(codes)) {
    Object.assign(discriminant, { [variable]: { code } });
  }
  return { discriminant };
}

function girOf(codes: Readonly<Record<DiscriminantVariableId, AggirCode>>): Extract<GirResult, { ok: true }> {
  const result = computeGir(inputOf(codes));
  if (!result.ok) throw new Error(`unexpected missing: ${result.missing.join(', ')}`);
  return result;
}

const ALL = Array.from({ length: 3 ** 8 }, (_, n) => combination(n));

describe('computeGir against the official CSV tables', () => {
  test('gives the same group, score, rank and GIR as the CSV tables for all 6 561 combinations', () => {
    const mismatches = ALL.flatMap((codes) => {
      const { group, score, rank, gir } = girOf(codes);
      const expected = referenceGir(codes);
      const same = group === expected.group && score === expected.score && rank === expected.rank && gir === expected.gir;
      return same ? [] : [{ codes, got: { group, score, rank, gir }, expected }];
    });
    expect(ALL).toHaveLength(6561);
    expect(mismatches).toEqual([]);
  });

  test('reaches every rank from 1 to 13 over the 6 561 combinations', () => {
    const ranks = new Set(ALL.map((codes) => girOf(codes).rank));
    expect([...ranks].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });
});

type Boundary = {
  group: AggirGroup;
  threshold: number;
  rankAtOrAbove: AggirRank;
  /** Rank just below the threshold, or 'next_group' when the algorithm moves on. */
  below: AggirRank | 'next_group';
};

const BOUNDARIES: readonly Boundary[] = [
  { group: 'A', threshold: 4380, rankAtOrAbove: 1, below: 2 },
  { group: 'A', threshold: 4140, rankAtOrAbove: 2, below: 3 },
  { group: 'A', threshold: 3390, rankAtOrAbove: 3, below: 'next_group' },
  { group: 'B', threshold: 2016, rankAtOrAbove: 4, below: 'next_group' },
  { group: 'C', threshold: 1700, rankAtOrAbove: 5, below: 6 },
  { group: 'C', threshold: 1432, rankAtOrAbove: 6, below: 'next_group' },
  { group: 'D', threshold: 2400, rankAtOrAbove: 7, below: 'next_group' },
  { group: 'E', threshold: 1200, rankAtOrAbove: 8, below: 'next_group' },
  { group: 'F', threshold: 800, rankAtOrAbove: 9, below: 'next_group' },
  { group: 'G', threshold: 650, rankAtOrAbove: 10, below: 'next_group' },
  { group: 'H', threshold: 4000, rankAtOrAbove: 11, below: 12 },
  { group: 'H', threshold: 2000, rankAtOrAbove: 12, below: 13 },
];

function belowText({ group, below }: Boundary): string {
  const next = AGGIR_GROUPS[AGGIR_GROUPS.indexOf(group) + 1];
  return below === 'next_group' ? `moves on to group ${next ?? '?'}` : `gives rank ${below}`;
}

describe('rankForGroup at each threshold (synthetic scores)', () => {
  for (const boundary of BOUNDARIES) {
    const { group, threshold, rankAtOrAbove, below } = boundary;
    test(`group ${group}: exactly ${threshold} gives rank ${rankAtOrAbove}, ${threshold - 1} ${belowText(boundary)}`, () => {
      expect(rankForGroup(group, threshold)).toBe(rankAtOrAbove);
      expect(rankForGroup(group, threshold + 1)).toBe(rankAtOrAbove);
      expect(rankForGroup(group, threshold - 1)).toBe(below === 'next_group' ? null : below);
    });
  }

  test('group H gives rank 13 to any score under 2 000, negative included', () => {
    expect(rankForGroup('H', 1999)).toBe(13);
    expect(rankForGroup('H', 0)).toBe(13);
    expect(rankForGroup('H', -1000)).toBe(13);
  });
});

// For real codes, the scores a group actually sees are those of combinations that fell through
// every earlier group; search them for the nearest score on each side of each threshold.
const RESULTS = ALL.map((codes) => ({ codes, result: girOf(codes) }));

function nearest(group: AggirGroup, threshold: number) {
  const reaching = RESULTS.flatMap(({ codes, result }) => {
    const tried = result.scores.find((s) => s.group === group);
    return tried ? [{ codes, result, score: tried.score }] : [];
  });
  const above = reaching.filter((r) => r.score >= threshold).sort((a, b) => a.score - b.score)[0];
  const under = reaching.filter((r) => r.score < threshold).sort((a, b) => b.score - a.score)[0];
  if (!above || !under) throw new Error(`no real combination on both sides of ${group}/${threshold}`);
  return { above, under };
}

describe('computeGir at each threshold (nearest real codes on each side)', () => {
  for (const boundary of BOUNDARIES) {
    const { group, threshold, rankAtOrAbove, below } = boundary;
    const { above, under } = nearest(group, threshold);
    const name =
      `group ${group}, threshold ${threshold}: real score ${above.score} gives rank ${rankAtOrAbove}, ` +
      `real score ${under.score} ${belowText(boundary)}`;
    test(name, () => {
      expect(above.result.group).toBe(group);
      expect(above.result.rank).toBe(rankAtOrAbove);
      expect(above.result.score).toBe(above.score);
      if (below === 'next_group') {
        expect(AGGIR_GROUPS.indexOf(under.result.group)).toBeGreaterThan(AGGIR_GROUPS.indexOf(group));
        expect(under.result.rank).toBeGreaterThan(rankAtOrAbove);
      } else {
        expect(under.result.group).toBe(group);
        expect(under.result.rank).toBe(below);
      }
    });
  }

  test('hits every threshold exactly with real codes except group A 3 390 (3 388 and 3 392 are the nearest)', () => {
    const missed = BOUNDARIES.filter((b) => nearest(b.group, b.threshold).above.score !== b.threshold);
    expect(missed.map((b) => `${b.group}/${b.threshold}`)).toEqual(['A/3390']);
    const { above, under } = nearest('A', 3390);
    expect([under.score, above.score]).toEqual([3388, 3392]);
  });

  test('no threshold minus one is a score real codes can produce in that group', () => {
    const hit = BOUNDARIES.filter((b) => nearest(b.group, b.threshold).under.score === b.threshold - 1);
    expect(hit).toEqual([]);
  });

  test('gives rank 11 to a group H score of exactly 4 000 (the inclusive example of the text)', () => {
    const { above } = nearest('H', 4000);
    expect(above.score).toBe(4000);
    expect(above.result).toMatchObject({ group: 'H', rank: 11, gir: 4 });
  });
});

// The published tables are not monotonic: a few single-step worsenings give a lighter GIR. These
// are the law's values (checked against the CSV above), pinned so nobody "fixes" them locally.
describe('official quirks kept as published', () => {
  const grid = (overrides: Partial<Record<DiscriminantVariableId, AggirCode>>) => ({
    ...combination(0),
    ...overrides,
  });

  test('transferts B alone gives GIR 5 but transferts C alone gives GIR 6 (group H: C 1000 < B 2000)', () => {
    expect(girOf(grid({ transferts: 'B' }))).toMatchObject({ group: 'H', score: 2000, gir: 5 });
    expect(girOf(grid({ transferts: 'C' }))).toMatchObject({ group: 'H', score: 1000, gir: 6 });
  });

  test('déplacement intérieur B can lower a group B score below 2 016 (negative values) and give GIR 3', () => {
    const base = { orientation: 'C', toilette: 'B', transferts: 'C' } as const;
    expect(girOf(grid({ ...base, deplacement_interieur: 'A' }))).toMatchObject({
      group: 'B',
      rank: 4,
      gir: 2,
    });
    expect(girOf(grid({ ...base, deplacement_interieur: 'B' })).gir).toBe(3);
  });
});
