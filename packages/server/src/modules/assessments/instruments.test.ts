import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNeedTypes, type Assessment, type Instrument, type NeedType } from '@maillon/shared/assessments';
import { PASSWORD, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import { expectProblem } from '../../../test/factories.ts';

let t: TestApp;
let org: TestOrg;
let admin: Client;
let coord: Client;
let nurse: Client;
let personId: string;

const today = () => new Date().toISOString().slice(0, 10);
const paths = (res: { json(): unknown }) => ((res.json() as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);
const zaritTexts = (n = 22) => Array.from({ length: n }, (_, i) => `Texte saisi par l'organisation, item ${i + 1}`);

/** The organisation's home-support screening: conditions, weights and bands. */
const screening = () => ({
  title: 'Repérage des besoins à domicile',
  items: [
    { kind: 'single_choice', id: 'vit_seul', label: 'Vit seul(e)', required: true, options: yesNo(2, 0) },
    {
      kind: 'single_choice',
      id: 'aidant_present',
      label: 'Un aidant passe chaque jour',
      required: true,
      options: yesNo(0, 3),
      showIf: { item: 'vit_seul', op: 'eq', value: 'oui' },
    },
    { kind: 'number', id: 'chutes', label: 'Chutes sur 6 mois', required: true, min: 0, max: 50, integer: true },
    {
      kind: 'scale',
      id: 'douleur',
      label: 'Douleur',
      required: true,
      min: 0,
      max: 10,
      step: 1,
      showIf: { item: 'chutes', op: 'gte', value: 1 },
    },
    { kind: 'text', id: 'commentaire', label: 'Commentaire', required: false, maxLength: 200 },
  ],
  scoring: { items: [{ item: 'vit_seul' }, { item: 'aidant_present', weight: 2 }, { item: 'chutes', weight: 0.5 }, { item: 'douleur' }] },
  bands: [
    { min: 0, max: 4.5, label: 'Besoin faible', severity: 'mild' },
    { min: 5, max: 9.5, label: 'Besoin modéré', severity: 'moderate' },
    { min: 10, max: 100, label: 'Besoin élevé', severity: 'severe' },
  ],
});
function yesNo(yes: number, no: number) {
  return [
    { value: 'oui', label: 'Oui', score: yes },
    { value: 'non', label: 'Non', score: no },
  ];
}

async function publish(i: Instrument, n = i.versions.length - 1) {
  const v = i.versions[n]!;
  const res = await admin.req('POST', `/api/v1/assessments/instruments/${i.id}/versions/${v.id}/publish`, {
    headers: { 'if-match': `"${v.version}"` },
  });
  if (res.statusCode !== 200) throw new Error(`publish failed ${res.statusCode} ${res.body}`);
  return res.json() as Instrument;
}

async function draftWith(c: Client, results: unknown[]) {
  return c.req('POST', `/api/v1/people/${personId}/assessments`, {
    body: { assessedOn: today(), context: 'periodic_review', results },
  });
}

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'coordinator', 'health_professional', 'care_staff'] });
  admin = await login(t.app, org.users.admin!.email, PASSWORD, '10.41.0.1');
  coord = await login(t.app, org.users.coordinator!.email, PASSWORD, '10.41.0.1');
  nurse = await login(t.app, org.users.health_professional!.email, PASSWORD, '10.41.0.1');
  const p = await coord.req('POST', '/api/v1/people', {
    body: { birthName: 'Instrument', firstNames: 'René', sex: 'male', birthDate: '1940-10-10', duplicatesReviewed: true },
  });
  personId = (p.json() as { id: string }).id;
  await coord.req('POST', `/api/v1/people/${personId}/care-team`, {
    body: { userId: org.users.health_professional!.id, function: 'nurse', startDate: today() },
  });
});
afterAll(async () => {
  await t?.close();
});

describe('API description', () => {
  it('describes every assessments route in the OpenAPI document', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/people/{personId}/assessments',
        '/api/v1/assessments/{id}',
        '/api/v1/assessments/compare',
        '/api/v1/assessments/instruments',
        '/api/v1/assessments/needs-taxonomy',
      ]),
    );
  });
});

describe('Zarit', () => {
  it('needs the 22 item texts entered by the organisation, none shipped', async () => {
    const short = await admin.req('POST', '/api/v1/assessments/instruments', {
      body: { kind: 'zarit', definition: { itemTexts: zaritTexts(21) } },
    });
    expect(short.statusCode).toBe(400);
    expect(paths(short)).toEqual(['body.definition.itemTexts']);
    const res = await admin.req('POST', '/api/v1/assessments/instruments', {
      body: { kind: 'zarit', definition: { itemTexts: zaritTexts() } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'zarit',
      title: 'Échelle de Zarit',
      domain: 'family',
      category: 'social',
      currentVersionId: null,
    });
  });

  it('scores a sheet into its band, for each band', async () => {
    const z = await publish(
      (
        await admin.req('POST', '/api/v1/assessments/instruments', {
          body: { kind: 'zarit', title: 'Zarit bandes', definition: { itemTexts: zaritTexts() } },
        })
      ).json() as Instrument,
    );
    const sheet = (total: number) => Array.from({ length: 22 }, (_, i) => Math.min(4, Math.max(0, total - i * 4)));
    for (const [total, band, label] of [
      [0, 'none_or_little', 'Fardeau absent ou léger'],
      [20, 'none_or_little', 'Fardeau absent ou léger'],
      [21, 'light_to_moderate', 'Fardeau léger à modéré'],
      [41, 'moderate_to_severe', 'Fardeau modéré à sévère'],
      [61, 'severe', 'Fardeau sévère'],
      [88, 'severe', 'Fardeau sévère'],
    ] as const) {
      const scores = sheet(total);
      expect(scores.reduce((s, x) => s + x, 0)).toBe(total);
      const res = await draftWith(coord, [{ kind: 'zarit', instrumentVersionId: z.currentVersionId, scores }]);
      expect(res.statusCode, res.body).toBe(201);
      expect((res.json() as Assessment).results[0]).toMatchObject({
        kind: 'zarit',
        total,
        band: { code: band, label },
        scores,
        versionNumber: 1,
        category: 'social',
      });
    }
  });
});

describe('questionnaire builder', () => {
  it('refuses a definition with a forward condition, with its path; publishing freezes a version; changes make a new one', async () => {
    const bad = screening();
    (bad.items[0] as { showIf?: unknown }).showIf = { item: 'chutes', op: 'gte', value: 1 };
    const refused = await admin.req('POST', '/api/v1/assessments/instruments', {
      body: { kind: 'questionnaire', domain: 'autonomy', definition: bad },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      errors: [{ path: 'body.definition.items.0.showIf.item', code: 'condition_forward_reference' }],
    });

    const created = (
      await admin.req('POST', '/api/v1/assessments/instruments', {
        body: { kind: 'questionnaire', domain: 'autonomy', definition: screening() },
      })
    ).json() as Instrument;
    expect(created).toMatchObject({
      title: 'Repérage des besoins à domicile',
      category: 'health',
      versions: [{ number: 1, status: 'draft' }],
    });
    const pub = await publish(created);
    const v1 = pub.versions[0]!;
    const frozen = await admin.req('PATCH', `/api/v1/assessments/instruments/${pub.id}/versions/${v1.id}`, {
      body: { definition: screening() },
      headers: { 'if-match': `"${v1.version}"` },
    });
    expectProblem(frozen, 409, 'instrument.version_published');
    const next = await admin.req('POST', `/api/v1/assessments/instruments/${pub.id}/versions`, { body: {} });
    expect(next.statusCode).toBe(201);
    const withDraft = next.json() as Instrument;
    expect(withDraft.versions.map((v) => [v.number, v.status])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    expect(withDraft.currentVersionId).toBe(v1.id);
    expectProblem(
      await admin.req('POST', `/api/v1/assessments/instruments/${pub.id}/versions`, { body: {} }),
      409,
      'instrument.draft_pending',
    );
    // Assessors see the published version only.
    const seen = (await nurse.req('GET', `/api/v1/assessments/instruments/${pub.id}`)).json() as Instrument;
    expect(seen.versions.map((v) => v.number)).toEqual([1]);
  });

  it('records answers against the version used: conditions, required items, weights and bands', async () => {
    const q = await publish(
      (
        await admin.req('POST', '/api/v1/assessments/instruments', {
          body: { kind: 'questionnaire', domain: 'autonomy', title: 'Repérage v1', definition: screening() },
        })
      ).json() as Instrument,
    );
    const versionId = q.currentVersionId!;
    // Lives alone (2) with no daily carer (3 × 2), two falls (2 × 0.5), pain 4: 13 → high need.
    const missing = await draftWith(nurse, [
      { kind: 'questionnaire', instrumentVersionId: versionId, answers: { vit_seul: 'oui', aidant_present: 'non', chutes: 2 } },
    ]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ errors: [{ path: 'body.results.0.answers.douleur', code: 'required' }] });
    const wrong = await draftWith(nurse, [
      { kind: 'questionnaire', instrumentVersionId: versionId, answers: { vit_seul: 'peut-être', chutes: 1.5, douleur: 2 } },
    ]);
    expect(paths(wrong)).toEqual(['body.results.0.answers.vit_seul', 'body.results.0.answers.chutes']);

    const ok = await draftWith(nurse, [
      { kind: 'questionnaire', instrumentVersionId: versionId, answers: { vit_seul: 'oui', aidant_present: 'non', chutes: 2, douleur: 4 } },
    ]);
    expect(ok.statusCode).toBe(201);
    expect((ok.json() as Assessment).results[0]).toMatchObject({
      total: 13,
      band: { label: 'Besoin élevé', severity: 'severe' },
      category: 'health',
      instrumentVersionId: versionId,
    });
    // Not living alone hides the carer question: its stale answer is dropped and does not count.
    const hidden = await draftWith(nurse, [
      { kind: 'questionnaire', instrumentVersionId: versionId, answers: { vit_seul: 'non', aidant_present: 'non', chutes: 0 } },
    ]);
    const r = (hidden.json() as Assessment).results[0]!;
    expect(r.total).toBe(0);
    expect(r.answers).toEqual({ vit_seul: 'non', chutes: 0 });
    expect(r.band).toMatchObject({ label: 'Besoin faible' });

    // The result is health information: a coordinator (social) neither records nor reads it.
    expect(
      (await draftWith(coord, [{ kind: 'questionnaire', instrumentVersionId: versionId, answers: { vit_seul: 'non', chutes: 0 } }]))
        .statusCode,
    ).toBe(404);
    const a = ok.json() as Assessment;
    expect(((await coord.req('GET', `/api/v1/assessments/${a.id}`)).json() as Assessment).results).toEqual([]);

    // Changed on the draft under If-Match, re-scored.
    const changed = await nurse.req('PATCH', `/api/v1/assessments/${a.id}/results/${a.results[0]!.id}`, {
      body: { answers: { vit_seul: 'non', chutes: 4, douleur: 1 } },
      headers: { 'if-match': `"${a.version}"` },
    });
    expect(changed.statusCode).toBe(200);
    expect((changed.json() as Assessment).results[0]).toMatchObject({ total: 3, band: { label: 'Besoin faible' } });
  });

  it('refuses results against a draft version or of the wrong kind', async () => {
    const q = (
      await admin.req('POST', '/api/v1/assessments/instruments', {
        body: { kind: 'questionnaire', domain: 'housing', definition: screening() },
      })
    ).json() as Instrument;
    const draft = await draftWith(nurse, [{ kind: 'questionnaire', instrumentVersionId: q.versions[0]!.id, answers: {} }]);
    expect(draft.json()).toMatchObject({ errors: [{ path: 'body.results.0.instrumentVersionId', code: 'not_published' }] });
    const kind = await draftWith(nurse, [
      { kind: 'zarit', instrumentVersionId: q.versions[0]!.id, scores: Array.from({ length: 22 }, () => 0) },
    ]);
    expect(kind.json()).toMatchObject({ errors: [{ path: 'body.results.0.instrumentVersionId', code: 'wrong_kind' }] });
  });

  it('lets only managers manage instruments; assessors read; others are refused', async () => {
    expectProblem(
      await coord.req('POST', '/api/v1/assessments/instruments', { body: { kind: 'zarit', definition: { itemTexts: zaritTexts() } } }),
      403,
      'forbidden',
    );
    const aide = await login(t.app, org.users.care_staff!.email, PASSWORD, '10.41.0.2');
    expectProblem(await aide.req('GET', '/api/v1/assessments/instruments'), 403, 'forbidden');
    expectProblem(await aide.req('GET', '/api/v1/assessments/needs-taxonomy'), 403, 'forbidden');

    // Three instruments of known state: published with a newer draft, a draft only, published then archived.
    const create = async (title: string) =>
      (
        await admin.req('POST', '/api/v1/assessments/instruments', {
          body: { kind: 'questionnaire', domain: 'autonomy', title, definition: screening() },
        })
      ).json() as Instrument;
    const inUse = await publish(await create('Lecture : publié'));
    const v1 = inUse.versions[0]!;
    expect((await admin.req('POST', `/api/v1/assessments/instruments/${inUse.id}/versions`, { body: {} })).statusCode).toBe(201);
    const draftOnly = await create('Lecture : brouillon');
    const archived = await publish(await create('Lecture : archivé'));
    const archiving = await admin.req('PATCH', `/api/v1/assessments/instruments/${archived.id}`, {
      body: { archived: true },
      headers: { 'if-match': `"${archived.version}"` },
    });
    expect(archiving.statusCode).toBe(200);

    const managed = (await admin.req('GET', '/api/v1/assessments/instruments')).json() as { items: Instrument[] };
    const used = (await nurse.req('GET', '/api/v1/assessments/instruments')).json() as { items: Instrument[] };
    const byId = (items: Instrument[], id: string) => items.find((i) => i.id === id);
    // Managers see all three, drafts and archived included.
    expect(byId(managed.items, inUse.id)?.versions.map((v) => [v.number, v.status])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    expect(byId(managed.items, draftOnly.id)).toMatchObject({ currentVersionId: null, versions: [{ number: 1, status: 'draft' }] });
    expect(byId(managed.items, archived.id)).toMatchObject({ archived: true, currentVersionId: archived.versions[0]!.id });
    // The assessor reads the published one, at its published version only; not the draft nor the archived one.
    expect(byId(used.items, inUse.id)).toMatchObject({
      title: 'Lecture : publié',
      archived: false,
      currentVersionId: v1.id,
      versions: [{ id: v1.id, number: 1, status: 'published' }],
    });
    expect(byId(used.items, inUse.id)?.versions).toHaveLength(1);
    expect(byId(used.items, draftOnly.id)).toBeUndefined();
    expect(byId(used.items, archived.id)).toBeUndefined();
    // And exactly that rule over the whole catalogue (earlier tests added more instruments).
    const expected = managed.items
      .filter((i) => !i.archived && i.currentVersionId !== null)
      .map((i) => ({ ...i, versions: i.versions.filter((v) => v.status === 'published') }));
    expect(used.items).toEqual(expected);
  });
});

describe('needs taxonomy', () => {
  it('starts with the French defaults; an administrator adds, renames and retires needs; assessors use them', async () => {
    const first = (await nurse.req('GET', '/api/v1/assessments/needs-taxonomy')).json() as { items: NeedType[] };
    expect(first.items).toHaveLength(defaultNeedTypes.length);
    expect(first.items.find((n) => n.code === 'portage_repas')).toMatchObject({
      domain: 'autonomy',
      label: 'Portage de repas',
      active: true,
    });

    expect(
      (await coord.req('POST', '/api/v1/assessments/needs-taxonomy', { body: { domain: 'housing', label: 'Déménagement' } })).statusCode,
    ).toBe(403);
    const added = await admin.req('POST', '/api/v1/assessments/needs-taxonomy', {
      body: { domain: 'housing', label: 'Aide au déménagement' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ code: 'aide_au_demenagement', domain: 'housing', active: true });
    const dup = await admin.req('POST', '/api/v1/assessments/needs-taxonomy', {
      body: { domain: 'housing', label: 'Aide au déménagement' },
    });
    expectProblem(dup, 409, 'need.code_taken');

    const retired = await admin.req('PATCH', '/api/v1/assessments/needs-taxonomy/garde_nuit', {
      body: { active: false },
      headers: { 'if-match': '"1"' },
    });
    expect(retired.json()).toMatchObject({ code: 'garde_nuit', active: false, version: 2 });
    const renamed = await admin.req('PATCH', '/api/v1/assessments/needs-taxonomy/portage_repas', {
      body: { label: 'Portage de repas à domicile' },
      headers: { 'if-match': '"1"' },
    });
    expect(renamed.statusCode).toBe(200);

    const res = await coord.req('POST', `/api/v1/people/${personId}/assessments`, {
      body: {
        assessedOn: today(),
        context: 'admission',
        sections: { housing: { needs: [{ code: 'aide_au_demenagement', priority: 'low' }] } },
      },
    });
    expect(res.statusCode).toBe(201);
    expect((res.json() as Assessment).sections.housing?.needs[0]).toMatchObject({ label: 'Aide au déménagement' });
    const usingRetired = await nurse.req('POST', `/api/v1/people/${personId}/assessments`, {
      body: { assessedOn: today(), context: 'admission', sections: { autonomy: { needs: [{ code: 'garde_nuit' }] } } },
    });
    expect(usingRetired.json()).toMatchObject({ errors: [{ path: 'body.sections.autonomy.needs.0.code', code: 'retired_need' }] });
    const list = (await nurse.req('GET', '/api/v1/assessments/needs-taxonomy')).json() as { items: NeedType[] };
    expect(list.items.some((n) => n.code === 'garde_nuit')).toBe(false);
    expect(list.items.find((n) => n.code === 'portage_repas')?.label).toBe('Portage de repas à domicile');
  });
});
