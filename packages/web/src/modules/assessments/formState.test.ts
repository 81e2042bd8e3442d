import 'fake-indexeddb/auto';
import { assessmentDomains, computeGir, type Assessment } from '@maillon/shared/assessments';
import { afterEach, describe, expect, it } from 'vitest';
import { purgeSecureStore, SECURE_STORE_DB_NAME } from '../../ui/secureStore';
import { findLocalDrafts, removeLocalDraft, saveLocalDraft, type LocalDraft } from './drafts';
import {
  compactGrid,
  createBody,
  emptyForm,
  emptyGrid,
  formFromAssessment,
  gridAnswer,
  gridIsEmpty,
  matchesServer,
  normaliseGrid,
  setGridAnswer,
  updatePlan,
  type WriteRights,
} from './formState';

const ALL: WriteRights = { domains: assessmentDomains, aggir: true, instrumentDomains: assessmentDomains };
const SOCIAL_ONLY: WriteRights = {
  domains: assessmentDomains.filter((d) => !['health', 'autonomy', 'cognition'].includes(d)),
  aggir: false,
  instrumentDomains: [],
};
const noInstrument = () => undefined;

function serverAssessment(overrides: Partial<Assessment> = {}): Assessment {
  const sections = Object.fromEntries(
    assessmentDomains.map((d) => [
      d,
      {
        domain: d,
        category: 'social',
        assessed: false,
        observations: null,
        needs: [],
        wishes: null,
        wishesExpressedBy: null,
        strengths: [],
        risks: [],
        urgency: null,
      },
    ]),
  ) as unknown as Assessment['sections'];
  return {
    id: '00000000-0000-4000-8000-000000000001',
    personId: '00000000-0000-4000-8000-000000000002',
    status: 'draft',
    assessedOn: '2026-03-02',
    context: 'admission',
    place: null,
    participants: null,
    assessedBy: { userId: '00000000-0000-4000-8000-000000000003', displayName: 'Camille' },
    gir: null,
    aggir: null,
    sections,
    results: [],
    supersedesId: null,
    supersededById: null,
    correctionDraftId: null,
    correctionReason: null,
    signedAt: null,
    signedBy: null,
    signedCategories: [],
    discardedAt: null,
    discardReason: null,
    version: 3,
    createdAt: '2026-03-02T10:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
    access: {
      categories: ['health', 'social'],
      readOnly: false,
      can: { edit: true, sign: true, correct: false, discard: true, writeAggir: true, writeDomains: [...assessmentDomains] },
    },
    ...overrides,
  };
}

describe('the AGGIR grid in the form', () => {
  it('codes sub-variables, directly or by the adverbs, and gives the GIR once complete', () => {
    let grid = emptyGrid();
    expect(gridIsEmpty(grid)).toBe(true);
    grid = setGridAnswer(grid, 'coherence', 'communication', { code: 'C' });
    grid = setGridAnswer(grid, 'coherence', 'comportement', {
      adverbs: { spontanement: false, totalement: false, habituellement: false, correctement: false },
    });
    expect(gridAnswer(grid, 'coherence', 'communication')).toEqual({ code: 'C' });
    const partial = computeGir(grid);
    expect(partial.ok).toBe(false);
    if (!partial.ok) expect(partial.missing).toContain('orientation');

    for (const [variable, subs] of [
      ['orientation', ['temps', 'espace']],
      ['toilette', ['haut', 'bas']],
      ['habillage', ['haut', 'moyen', 'bas']],
      ['alimentation', ['se_servir', 'manger']],
      ['elimination', ['urinaire', 'fecale']],
    ] as const) {
      for (const sub of subs) grid = setGridAnswer(grid, variable, sub, { code: 'C' });
    }
    for (const variable of ['transferts', 'deplacement_interieur', 'deplacement_exterieur', 'communication_a_distance']) {
      grid = setGridAnswer(grid, variable, undefined, { code: 'C' });
    }
    const result = computeGir(grid);
    expect(result.ok && result.gir).toBe(1);
  });

  it('leaves cleared answers out of what is sent', () => {
    let grid = setGridAnswer(emptyGrid(), 'transferts', undefined, { code: 'B' });
    grid = setGridAnswer(grid, 'coherence', 'communication', { code: 'A' });
    grid = setGridAnswer(grid, 'coherence', 'communication', null);
    grid = setGridAnswer(grid, 'gestion', undefined, { code: 'C' }, true);
    expect(compactGrid(grid)).toEqual({ discriminant: { transferts: { code: 'B' } }, illustrative: { gestion: { code: 'C' } } });
  });

  it('spreads a variable coded as a whole over its sub-variables, keeping its code', () => {
    const grid = normaliseGrid({ discriminant: { habillage: { code: 'B' } } });
    expect(gridAnswer(grid, 'habillage', 'moyen')).toEqual({ code: 'B' });
  });
});

describe('from the form to the API', () => {
  it('creates with the header, the written domains and the grid, nothing empty', () => {
    const form = emptyForm('2026-03-02');
    form.context = 'periodic_review';
    form.sections.housing.observations = '  Escalier raide  ';
    form.sections.autonomy.needs = [{ code: 'aide_toilette', priority: 'high', comment: '' }];
    form.aggir = setGridAnswer(emptyGrid(), 'transferts', undefined, { code: 'B' });
    const { body } = createBody(form, ALL, noInstrument);
    expect(body).toEqual({
      assessedOn: '2026-03-02',
      context: 'periodic_review',
      place: null,
      participants: null,
      aggir: { discriminant: { transferts: { code: 'B' } }, illustrative: {} },
      sections: {
        housing: expect.objectContaining({ observations: 'Escalier raide', needs: [] }),
        autonomy: expect.objectContaining({ needs: [{ code: 'aide_toilette', priority: 'high', comment: null }] }),
      },
    });
  });

  it('never sends what the caller may not write', () => {
    const form = emptyForm('2026-03-02');
    form.context = 'admission';
    form.sections.health.observations = 'Diabète';
    form.sections.family.observations = 'Fille présente';
    form.aggir = setGridAnswer(emptyGrid(), 'transferts', undefined, { code: 'B' });
    const { body } = createBody(form, SOCIAL_ONLY, noInstrument);
    expect(Object.keys(body.sections ?? {})).toEqual(['family']);
    expect(body.aggir).toBeUndefined();
  });

  it('updates only what changed, and nothing when the server already has it', () => {
    const server = serverAssessment();
    const form = formFromAssessment(server);
    expect(updatePlan(form, server, ALL, noInstrument)).toEqual({ patch: null, results: [] });
    expect(matchesServer(form, server, ALL, noInstrument)).toBe(true);

    form.sections.finances.observations = 'Dettes de loyer';
    form.participants = 'Sa fille';
    const plan = updatePlan(form, server, ALL, noInstrument);
    expect(plan.patch).toEqual({
      participants: 'Sa fille',
      sections: { finances: expect.objectContaining({ observations: 'Dettes de loyer' }) },
    });
    expect(matchesServer(form, server, ALL, noInstrument)).toBe(false);
  });

  it('adds, changes and withdraws instrument results', () => {
    const instrumentDomain = () => 'family' as const;
    const server = serverAssessment({
      results: [
        {
          id: '00000000-0000-4000-8000-0000000000aa',
          kind: 'zarit',
          instrumentId: 'zarit-1',
          instrumentVersionId: 'v1',
          instrumentTitle: 'Zarit',
          versionNumber: 1,
          domain: 'family',
          category: 'social',
          scores: Array.from({ length: 22 }, () => 1),
          answers: null,
          total: 22,
          band: null,
          createdAt: '2026-03-02T10:00:00.000Z',
        },
      ],
    });
    const form = formFromAssessment(server);
    const zarit = form.instruments['zarit-1'];
    if (zarit?.kind !== 'zarit') throw new Error('expected the Zarit entry');
    zarit.scores[0] = 4;
    form.instruments.q = {
      kind: 'questionnaire',
      instrumentId: 'q',
      versionId: 'qv',
      resultId: null,
      idempotencyKey: 'k',
      answers: { a: 'oui' },
    };
    const plan = updatePlan(form, server, ALL, instrumentDomain);
    expect(plan.results.map((op) => op.op)).toEqual(['update', 'add']);

    delete form.instruments['zarit-1'];
    expect(updatePlan(form, server, ALL, instrumentDomain).results.map((op) => op.op)).toEqual(['add', 'archive']);
  });
});

describe('drafts kept on the device', () => {
  afterEach(() => purgeSecureStore());

  const draft = (overrides: Partial<LocalDraft> = {}): LocalDraft => ({
    localId: 'local-1',
    userId: 'user-1',
    personId: 'person-1',
    assessmentId: null,
    baseVersion: null,
    idempotencyKey: 'key-1',
    form: { ...emptyForm('2026-03-02'), participants: 'Mme Morel et sa fille' },
    pending: null,
    savedAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  });

  it('are read back by their user only, and are gone once removed', async () => {
    await saveLocalDraft(draft());
    await saveLocalDraft(draft({ localId: 'local-2', userId: 'user-2' }));
    const mine = await findLocalDrafts('user-1');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.form.participants).toBe('Mme Morel et sa fille');
    expect(mine[0]!.idempotencyKey).toBe('key-1');

    await removeLocalDraft('local-1');
    await removeLocalDraft('local-2');
    await expect(findLocalDrafts('user-1')).resolves.toEqual([]);
    const databases = await indexedDB.databases();
    expect(databases.some((d) => d.name === SECURE_STORE_DB_NAME)).toBe(true);
  });
});
