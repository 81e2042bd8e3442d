import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeGir, type AggirInput, type Assessment } from '@maillon/shared/assessments';
import { PASSWORD, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';

let t: TestApp;
let org: TestOrg;
let sql: pg.Client;
let coord: Client;
let nurse: Client;
let social: Client;
let admin: Client;
let zaritVersionId: string;

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** A complete grid: every discriminant variable coded. */
const fullGrid = (): AggirInput => ({
  discriminant: {
    coherence: { code: 'B' },
    orientation: { code: 'B' },
    toilette: { code: 'C' },
    habillage: { code: 'C' },
    alimentation: { code: 'B' },
    elimination: { code: 'B' },
    transferts: { code: 'B' },
    deplacement_interieur: { code: 'B' },
    deplacement_exterieur: { code: 'C' },
    communication_a_distance: { code: 'A' },
  },
});

const expectedGir = () => {
  const r = computeGir(fullGrid());
  if (!r.ok) throw new Error('fixture grid is incomplete');
  return r;
};

async function as(role: keyof TestOrg['users']) {
  return login(t.app, org.users[role]!.email, PASSWORD, '10.40.0.1');
}

async function newPerson(birthName: string, team: (keyof TestOrg['users'])[] = ['health_professional', 'social_worker']) {
  const res = await coord.req('POST', '/api/v1/people', {
    body: { birthName, firstNames: 'Marcelle', sex: 'female', birthDate: '1936-03-08', duplicatesReviewed: true },
  });
  if (res.statusCode !== 201) throw new Error(`create person failed ${res.statusCode} ${res.body}`);
  const p = res.json() as { id: string };
  for (const role of team) {
    const add = await coord.req('POST', `/api/v1/people/${p.id}/care-team`, {
      body: { userId: org.users[role]!.id, function: role === 'social_worker' ? 'social_worker' : 'nurse', startDate: today() },
    });
    if (add.statusCode !== 201) throw new Error(`care team failed ${add.statusCode} ${add.body}`);
  }
  return p.id;
}

async function create(c: Client, personId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return c.req('POST', `/api/v1/people/${personId}/assessments`, {
    body: { assessedOn: daysAgo(1), context: 'admission', ...body },
    headers,
  });
}

async function created(c: Client, personId: string, body: Record<string, unknown> = {}) {
  const res = await create(c, personId, body);
  if (res.statusCode !== 201) throw new Error(`create assessment failed ${res.statusCode} ${res.body}`);
  return res.json() as Assessment;
}

async function sign(c: Client, a: { id: string; version: number }) {
  const res = await c.req('POST', `/api/v1/assessments/${a.id}/sign`, { headers: { 'if-match': `"${a.version}"` } });
  if (res.statusCode !== 200) throw new Error(`sign failed ${res.statusCode} ${res.body}`);
  return res.json() as Assessment;
}

const paths = (res: { json(): unknown }) => ((res.json() as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

/** Both kinds of sections: health (nurse only) and social. */
const mixedSections = {
  health: {
    observations: 'Diabète de type 2, chutes répétées.',
    needs: [{ code: 'soins_infirmiers', priority: 'high' }],
    risks: [{ kind: 'falls', level: 'high' }],
    urgency: 'priority',
  },
  autonomy: { needs: [{ code: 'aide_toilette', priority: 'high' }], urgency: 'immediate' },
  family: {
    observations: 'Sa fille passe deux fois par semaine.',
    needs: [{ code: 'soutien_aidants' }],
    strengths: [{ kind: 'entourage', description: 'Fille présente, voisine attentive' }],
    risks: [{ kind: 'caregiver_exhaustion', level: 'moderate' }],
    wishes: 'Je veux rester chez moi.',
    wishesExpressedBy: 'person',
  },
  social: { needs: [{ code: 'ouverture_droits_apa', priority: 'high' }], urgency: 'planned' },
};

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'coordinator', 'health_professional', 'social_worker', 'care_staff'] });
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
  await sql.query(`update membership set profession = 'social_worker' where id = $1`, [org.users.social_worker!.membershipId]);
  coord = await as('coordinator');
  nurse = await as('health_professional');
  social = await as('social_worker');
  admin = await as('admin');
  const zarit = await admin.req('POST', '/api/v1/assessments/instruments', {
    body: { kind: 'zarit', definition: { itemTexts: Array.from({ length: 22 }, (_, i) => `Texte de l'item ${i + 1}`) } },
  });
  const z = zarit.json() as { id: string; versions: { id: string; version: number }[] };
  const pub = await admin.req('POST', `/api/v1/assessments/instruments/${z.id}/versions/${z.versions[0]!.id}/publish`, {
    headers: { 'if-match': `"${z.versions[0]!.version}"` },
  });
  if (pub.statusCode !== 200) throw new Error(`publish failed ${pub.body}`);
  zaritVersionId = z.versions[0]!.id;
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('information categories (health secrecy)', () => {
  it('shows a social worker in the care team the social sections and the GIR number, never the health sections nor the grid', async () => {
    const p = await newPerson('Categorie');
    const a = await created(nurse, p, { aggir: fullGrid(), sections: mixedSections });
    expect(a.gir).toBe(expectedGir().gir);
    expect(a.aggir).toMatchObject({ complete: true, rank: expectedGir().rank, group: expectedGir().group, score: expectedGir().score });
    expect(a.sections.health).toMatchObject({ category: 'health', assessed: true, needs: [{ code: 'soins_infirmiers' }] });

    const seen = (await social.req('GET', `/api/v1/assessments/${a.id}`)).json() as Assessment;
    expect(seen.gir).toBe(expectedGir().gir);
    expect(seen.aggir).toBeNull();
    expect(seen.sections.health).toBeNull();
    expect(seen.sections.autonomy).toBeNull();
    expect(seen.sections.cognition).toBeNull();
    expect(seen.sections.family).toMatchObject({ category: 'social', wishes: 'Je veux rester chez moi.', wishesExpressedBy: 'person' });
    expect(seen.sections.housing).toMatchObject({ assessed: false, needs: [] });
    expect(seen.access.categories).toEqual(['social']);
    expect(seen.access.can.writeDomains).not.toContain('health');
    expect(seen.access.can.writeAggir).toBe(false);
    expect(JSON.stringify(seen)).not.toContain('Diabète');

    const audit = await sql.query(`select info_category from audit_event where action = 'assessment.read' and resource_id = $1`, [a.id]);
    expect(audit.rows.map((r: { info_category: string }) => r.info_category)).toEqual(['social']);
  });

  it('refuses a social worker writing a health section or the AGGIR grid, and lets them write the social ones', async () => {
    const p = await newPerson('Ecriture');
    const a = await created(nurse, p, { sections: { health: { observations: 'Insuffisance cardiaque' } } });
    const ifMatch = { 'if-match': `"${a.version}"` };
    const health = await social.req('PATCH', `/api/v1/assessments/${a.id}`, {
      body: { sections: { cognition: { observations: 'x' } } },
      headers: ifMatch,
    });
    expect(health.statusCode).toBe(404);
    const grid = await social.req('PATCH', `/api/v1/assessments/${a.id}`, { body: { aggir: fullGrid() }, headers: ifMatch });
    expect(grid.statusCode).toBe(404);
    const createHealth = await create(social, p, { sections: { health: { observations: 'x' } } });
    expect(createHealth.statusCode).toBe(404);

    const ok = await social.req('PATCH', `/api/v1/assessments/${a.id}`, {
      body: { sections: { housing: { observations: 'Appartement au 3e sans ascenseur', needs: [{ code: 'amenagement_logement' }] } } },
      headers: ifMatch,
    });
    expect(ok.statusCode).toBe(200);
    const after = (await nurse.req('GET', `/api/v1/assessments/${a.id}`)).json() as Assessment;
    expect(after.sections.health?.observations).toBe('Insuffisance cardiaque');
    expect(after.sections.housing?.needs).toEqual([
      { code: 'amenagement_logement', label: 'Aménagement du logement', priority: 'medium', comment: null },
    ]);
  });

  it('gives 404 for a person outside the care team, and for another organisation', async () => {
    const p = await newPerson('Horsequipe', []);
    const a = await created(coord, p, { sections: { social: { observations: 'Dossier APA en cours' } } });
    for (const url of [`/api/v1/assessments/${a.id}`, `/api/v1/people/${p}/assessments`, `/api/v1/assessments/${a.id}/pdf`]) {
      expect((await nurse.req('GET', url)).statusCode, url).toBe(404);
    }
    expect((await create(nurse, p, {})).statusCode).toBe(404);

    const other = await createOrg(t, { roles: ['coordinator'] });
    const stranger = await login(t.app, other.users.coordinator!.email, PASSWORD, '10.40.0.2');
    expect((await stranger.req('GET', `/api/v1/assessments/${a.id}`)).statusCode).toBe(404);
    expect((await stranger.req('GET', `/api/v1/people/${p}/assessments`)).statusCode).toBe(404);
    expect(
      (await stranger.req('PATCH', `/api/v1/assessments/${a.id}`, { body: { context: 'periodic_review' }, headers: { 'if-match': '"1"' } }))
        .statusCode,
    ).toBe(404);
    expect((await create(stranger, p, {})).statusCode).toBe(404);
  });

  it('refuses roles without the permission (care staff: 403)', async () => {
    const p = await newPerson('Permission', ['care_staff']);
    const aide = await as('care_staff');
    expect((await aide.req('GET', `/api/v1/people/${p}/assessments`)).statusCode).toBe(403);
    expect((await create(aide, p, {})).statusCode).toBe(403);
  });
});

describe('validation of every value', () => {
  it('refuses a bad AGGIR code with 400 and the path of the variable', async () => {
    const p = await newPerson('Codeaggir');
    const grid = fullGrid() as { discriminant: Record<string, unknown> };
    grid.discriminant.transferts = { code: 'D' };
    const res = await create(nurse, p, { aggir: grid });
    expect(res.statusCode).toBe(400);
    expect(paths(res).some((x) => x.startsWith('body.aggir.discriminant.transferts'))).toBe(true);
  });

  it('names the missing AGGIR variables and gives no GIR; the grid cannot be signed until complete', async () => {
    const p = await newPerson('Incomplet');
    const grid = fullGrid() as { discriminant: Record<string, unknown> };
    grid.discriminant.coherence = { subVariables: { comportement: { code: 'A' } } };
    delete grid.discriminant.transferts;
    const a = await created(nurse, p, { aggir: grid });
    expect(a.gir).toBeNull();
    expect(a.aggir).toMatchObject({ complete: false, gir: null, rank: null });
    expect(a.aggir!.missing).toEqual([
      { id: 'coherence.communication', label: 'Cohérence — Communication' },
      { id: 'transferts', label: 'Transferts' },
    ]);
    const refused = await nurse.req('POST', `/api/v1/assessments/${a.id}/sign`, { headers: { 'if-match': `"${a.version}"` } });
    expect([refused.statusCode, (refused.json() as { code: string }).code]).toEqual([409, 'assessment.aggir_incomplete']);
    expect(paths(refused)).toEqual(['aggir.discriminant.coherence.subVariables.communication', 'aggir.discriminant.transferts']);
    const fixed = await nurse.req('PATCH', `/api/v1/assessments/${a.id}`, {
      body: { aggir: fullGrid() },
      headers: { 'if-match': `"${a.version}"` },
    });
    expect((fixed.json() as Assessment).gir).toBe(expectedGir().gir);
  });

  it('refuses needs outside the taxonomy or its domain, duplicates, unknown risk levels, future dates, with their paths', async () => {
    const p = await newPerson('Valeurs');
    const unknown = await create(nurse, p, {
      sections: { housing: { needs: [{ code: 'aide_toilette' }, { code: 'inexistant' }] } },
    });
    expect(unknown.statusCode).toBe(400);
    expect(paths(unknown)).toEqual(['body.sections.housing.needs.0.code', 'body.sections.housing.needs.1.code']);
    const shape = await create(nurse, p, {
      assessedOn: daysAgo(-3),
      sections: {
        family: { risks: [{ kind: 'isolation', level: 'extreme' }] },
        social: { needs: [{ code: 'aide_demarches' }, { code: 'aide_demarches' }] },
      },
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)).toEqual(
      expect.arrayContaining(['body.assessedOn', 'body.sections.family.risks.0.level', 'body.sections.social.needs.1.code']),
    );
  });

  it('refuses a Zarit sheet of 21 items with 400', async () => {
    const p = await newPerson('Zarit21');
    const res = await create(social, p, {
      results: [{ kind: 'zarit', instrumentVersionId: zaritVersionId, scores: Array.from({ length: 21 }, () => 2) }],
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toContain('body.results.0.scores');
    const outOfRange = await create(social, p, {
      results: [{ kind: 'zarit', instrumentVersionId: zaritVersionId, scores: [...Array.from({ length: 21 }, () => 1), 5] }],
    });
    expect(paths(outOfRange)).toContain('body.results.0.scores.21');
  });
});

describe('drafts, signature and corrections', () => {
  it('needs If-Match on a draft (428) and refuses a stale one with 412 and the current state', async () => {
    const p = await newPerson('Concurrence');
    const a = await created(social, p);
    expect((await social.req('PATCH', `/api/v1/assessments/${a.id}`, { body: { context: 'periodic_review' } })).statusCode).toBe(428);
    const first = await social.req('PATCH', `/api/v1/assessments/${a.id}`, {
      body: { participants: 'Sa fille' },
      headers: { 'if-match': `"${a.version}"` },
    });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe(`"${a.version + 1}"`);
    const stale = await coord.req('PATCH', `/api/v1/assessments/${a.id}`, {
      body: { place: 'home' },
      headers: { 'if-match': `"${a.version}"` },
    });
    expect(stale.statusCode).toBe(412);
    expect((stale.json() as { current: Assessment }).current.participants).toBe('Sa fille');
  });

  it('freezes a signed assessment: changes, new results and a second signature are refused with 409', async () => {
    const p = await newPerson('Signee');
    const a = await created(nurse, p, { sections: mixedSections });
    const s = await sign(nurse, a);
    expect(s).toMatchObject({
      status: 'signed',
      signedBy: { userId: org.users.health_professional!.id },
      signedCategories: ['health', 'social'],
    });
    expect(s.access.can).toMatchObject({ edit: false, sign: false, correct: true });
    const change = await nurse.req('PATCH', `/api/v1/assessments/${a.id}`, {
      body: { sections: { health: { observations: 'modifié' } } },
      headers: { 'if-match': `"${s.version}"` },
    });
    expect([change.statusCode, (change.json() as { code: string }).code]).toEqual([409, 'assessment.signed_frozen']);
    expect((change.json() as { detail: string }).detail).toMatch(/signed/);
    const result = await nurse.req('POST', `/api/v1/assessments/${a.id}/results`, {
      body: { kind: 'zarit', instrumentVersionId: zaritVersionId, scores: Array.from({ length: 22 }, () => 1) },
      headers: { 'if-match': `"${s.version}"` },
    });
    expect([result.statusCode, (result.json() as { code: string }).code]).toEqual([409, 'assessment.signed_frozen']);
    const resign = await nurse.req('POST', `/api/v1/assessments/${a.id}/sign`, { headers: { 'if-match': `"${s.version}"` } });
    expect([resign.statusCode, (resign.json() as { code: string }).code]).toEqual([409, 'assessment.signed_frozen']);
    // The database refuses it too, whatever the query.
    const db = await t.server.deps.pool.connect();
    try {
      await db.query('begin');
      await db.query(`select set_config('app.tenant_id', $1, true)`, [org.id]);
      await expect(db.query(`update assessment set context = 'periodic_review' where id = $1`, [a.id])).rejects.toThrow(/never changed/);
    } finally {
      await db.query('rollback');
    }
    try {
      // Merging two person records moves their assessments, signed ones included (people's CHILD_TABLES).
      await db.query('begin');
      await db.query(`select set_config('app.tenant_id', $1, true)`, [org.id]);
      const other = await newPerson('Doublon', []);
      const moved = await db.query(`update assessment set person_id = $1 where person_id = $2`, [other, p]);
      expect(moved.rowCount).toBe(1);
    } finally {
      await db.query('rollback');
      db.release();
    }
    await expect(t.server.deps.pool.query('delete from assessment')).rejects.toThrow(/permission denied/);
  });

  it('corrects a signed assessment with a new draft version linked to it; the old one stays, superseded once the correction is signed', async () => {
    const p = await newPerson('Correction');
    const a = await sign(nurse, await created(nurse, p, { aggir: fullGrid(), sections: mixedSections }));
    const res = await social.req('POST', `/api/v1/assessments/${a.id}/correct`, { body: { reason: "Erreur sur l'aidant principal" } });
    expect(res.statusCode).toBe(201);
    const c = res.json() as Assessment;
    expect(c).toMatchObject({ status: 'draft', supersedesId: a.id, correctionReason: "Erreur sur l'aidant principal", gir: a.gir });
    // Copied in full, even the health sections the social worker may not read.
    const asNurse = (await nurse.req('GET', `/api/v1/assessments/${c.id}`)).json() as Assessment;
    expect(asNurse.sections.health?.observations).toBe(mixedSections.health.observations);
    const second = await social.req('POST', `/api/v1/assessments/${a.id}/correct`, { body: { reason: 'Une seconde' } });
    expect([second.statusCode, (second.json() as { code: string }).code]).toEqual([409, 'assessment.correction_in_progress']);
    const before = (await social.req('GET', `/api/v1/assessments/${a.id}`)).json() as Assessment;
    expect(before).toMatchObject({ status: 'signed', supersededById: null, correctionDraftId: c.id });

    const edited = await social.req('PATCH', `/api/v1/assessments/${c.id}`, {
      body: { sections: { family: { ...mixedSections.family, observations: 'Son fils est l’aidant principal.' } } },
      headers: { 'if-match': `"${c.version}"` },
    });
    expect(edited.statusCode).toBe(200);
    const signed = await sign(social, edited.json() as Assessment);
    expect(signed.signedCategories).toEqual(['social']);
    const old = (await social.req('GET', `/api/v1/assessments/${a.id}`)).json() as Assessment;
    expect(old).toMatchObject({ status: 'superseded', supersededById: c.id });
    expect(old.sections.family?.observations).toBe(mixedSections.family.observations);
    const history = (await social.req('GET', `/api/v1/people/${p}/assessments`)).json() as { items: { id: string; status: string }[] };
    expect(history.items.map((i) => [i.id, i.status]).sort()).toEqual(
      [
        [a.id, 'superseded'],
        [c.id, 'signed'],
      ].sort(),
    );
    const third = await social.req('POST', `/api/v1/assessments/${a.id}/correct`, { body: { reason: 'Encore' } });
    expect([third.statusCode, (third.json() as { code: string }).code]).toEqual([409, 'assessment.superseded']);
  });

  it('creates once for one Idempotency-Key: the same key and body replay the stored response; another body is 422', async () => {
    const p = await newPerson('Horsligne');
    const body = { sections: { family: { observations: 'Visite à domicile' } } };
    const key = { 'idempotency-key': 'visite-domicile-000001' };
    const first = await create(social, p, body, key);
    const again = await create(social, p, body, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((again.json() as Assessment).id).toBe((first.json() as Assessment).id);
    const rows = await sql.query('select count(*)::int as n from assessment where person_id = $1', [p]);
    expect(rows.rows[0].n).toBe(1);
    expect((await create(social, p, { context: 'periodic_review' }, key)).statusCode).toBe(422);
  });

  it('withdraws a draft entered in error, keeping it with its reason', async () => {
    const p = await newPerson('Retrait');
    const a = await created(social, p);
    const res = await social.req('POST', `/api/v1/assessments/${a.id}/discard`, {
      body: { reason: 'Créée pour la mauvaise personne' },
      headers: { 'if-match': `"${a.version}"` },
    });
    expect(res.json()).toMatchObject({ status: 'discarded', discardReason: 'Créée pour la mauvaise personne' });
    const signDiscarded = await social.req('POST', `/api/v1/assessments/${a.id}/sign`, { headers: { 'if-match': `"${a.version + 1}"` } });
    expect([signDiscarded.statusCode, (signDiscarded.json() as { code: string }).code]).toEqual([409, 'assessment.discarded']);
  });
});

describe('needs for the plan, history, comparison, chart and PDF', () => {
  it('gives the needs of a signed assessment with domain, label, priority and urgency; only the categories the caller reads', async () => {
    const p = await newPerson('Besoins');
    const a = await created(nurse, p, { sections: mixedSections });
    const needsOfDraft = await nurse.req('GET', `/api/v1/assessments/${a.id}/needs`);
    expect([needsOfDraft.statusCode, (needsOfDraft.json() as { code: string }).code]).toEqual([409, 'assessment.not_signed']);
    await sign(nurse, a);
    const all = (await nurse.req('GET', `/api/v1/assessments/${a.id}/needs`)).json() as {
      items: { domain: string; code: string; label: string; priority: string; urgency: string | null }[];
      wishes: { domain: string; text: string }[];
    };
    expect(all.items[0]).toEqual({
      domain: 'autonomy',
      category: 'health',
      code: 'aide_toilette',
      label: 'Aide à la toilette',
      priority: 'high',
      urgency: 'immediate',
      comment: null,
    });
    expect(all.items.map((i) => i.code)).toEqual(['aide_toilette', 'soins_infirmiers', 'ouverture_droits_apa', 'soutien_aidants']);
    expect(all.wishes).toEqual([{ domain: 'family', text: 'Je veux rester chez moi.', expressedBy: 'person' }]);
    const sw = (await social.req('GET', `/api/v1/assessments/${a.id}/needs`)).json() as { items: { code: string }[] };
    expect(sw.items.map((i) => i.code)).toEqual(['ouverture_droits_apa', 'soutien_aidants']);
  });

  it('compares two assessments: GIR change, needs added and resolved, risk levels and scores', async () => {
    const p = await newPerson('Comparaison');
    const first = await sign(
      nurse,
      await created(nurse, p, {
        assessedOn: daysAgo(200),
        aggir: fullGrid(),
        sections: mixedSections,
        results: [{ kind: 'zarit', instrumentVersionId: zaritVersionId, scores: Array.from({ length: 22 }, () => 1) }],
      }),
    );
    const worse = fullGrid() as { discriminant: Record<string, unknown> };
    for (const v of ['coherence', 'orientation', 'alimentation', 'elimination', 'transferts', 'deplacement_interieur'])
      worse.discriminant[v] = { code: 'C' };
    const second = await sign(
      nurse,
      await created(nurse, p, {
        context: 'periodic_review',
        assessedOn: daysAgo(10),
        aggir: worse,
        sections: {
          ...mixedSections,
          health: {
            ...mixedSections.health,
            risks: [
              { kind: 'falls', level: 'moderate' },
              { kind: 'undernutrition', level: 'high' },
            ],
          },
          family: { ...mixedSections.family, needs: [{ code: 'repit_aidant', priority: 'high' }] },
        },
        results: [{ kind: 'zarit', instrumentVersionId: zaritVersionId, scores: Array.from({ length: 22 }, () => 3) }],
      }),
    );
    const res = await nurse.req('GET', `/api/v1/assessments/compare?a=${first.id}&b=${second.id}`);
    expect(res.statusCode).toBe(200);
    const cmp = res.json() as {
      gir: { from: number; to: number; change: number };
      needs: { added: { code: string }[]; resolved: { code: string }[]; continuing: { code: string }[] };
      risks: unknown[];
      scores: { title: string; from: { total: number }; to: { total: number; band: { code: string } }; change: number }[];
    };
    expect(cmp.gir.from).toBe(first.gir);
    expect(cmp.gir.to).toBe(second.gir);
    expect(cmp.gir.change).toBe(second.gir! - first.gir!);
    expect(second.gir!).toBeLessThan(first.gir!);
    expect(cmp.needs.added.map((n) => n.code)).toEqual(['repit_aidant']);
    expect(cmp.needs.resolved.map((n) => n.code)).toEqual(['soutien_aidants']);
    expect(cmp.needs.continuing.map((n) => n.code)).toEqual(['soins_infirmiers', 'aide_toilette', 'ouverture_droits_apa']);
    expect(cmp.risks).toEqual([
      { domain: 'health', kind: 'falls', from: 'high', to: 'moderate' },
      { domain: 'health', kind: 'undernutrition', from: null, to: 'high' },
    ]);
    expect(cmp.scores).toEqual([
      expect.objectContaining({
        title: 'Échelle de Zarit',
        from: { total: 22, band: expect.objectContaining({ code: 'light_to_moderate' }) },
        change: 44,
      }),
    ]);
    expect(cmp.scores[0]!.to.band.code).toBe('severe');
    const sw = (await social.req('GET', `/api/v1/assessments/compare?a=${first.id}&b=${second.id}`)).json() as typeof cmp;
    expect(sw.risks).toEqual([]);
    expect(sw.needs.added.map((n) => n.code)).toEqual(['repit_aidant']);

    const series = (await nurse.req('GET', `/api/v1/people/${p}/assessments/series`)).json() as {
      gir: { date: string; gir: number }[];
      instruments: { title: string; points: { date: string; total: number }[] }[];
    };
    expect(series.gir).toEqual([
      { date: daysAgo(200), assessmentId: first.id, gir: first.gir },
      { date: daysAgo(10), assessmentId: second.id, gir: second.gir },
    ]);
    expect(series.instruments[0]!.points.map((x) => [x.date, x.total])).toEqual([
      [daysAgo(200), 22],
      [daysAgo(10), 66],
    ]);

    const other = await newPerson('Autrepersonne');
    const elsewhere = await created(nurse, other);
    expect((await nurse.req('GET', `/api/v1/assessments/compare?a=${first.id}&b=${elsewhere.id}`)).statusCode).toBe(400);
  });

  it('lists the history latest first with keyset pagination', async () => {
    const p = await newPerson('Historique');
    for (const d of [30, 20, 10]) await created(social, p, { assessedOn: daysAgo(d) });
    const page = (await social.req('GET', `/api/v1/people/${p}/assessments?limit=2`)).json() as {
      items: { assessedOn: string }[];
      nextCursor: string;
    };
    expect(page.items.map((i) => i.assessedOn)).toEqual([daysAgo(10), daysAgo(20)]);
    const next = (await social.req('GET', `/api/v1/people/${p}/assessments?limit=2&cursor=${page.nextCursor}`)).json() as {
      items: { assessedOn: string }[];
      nextCursor: string | null;
    };
    expect(next.items.map((i) => i.assessedOn)).toEqual([daysAgo(30)]);
    expect(next.nextCursor).toBeNull();
  });

  it('prints the assessment in French, only with the categories the caller may read', async () => {
    const p = await newPerson('Imprime');
    const a = await sign(nurse, await created(nurse, p, { aggir: fullGrid(), sections: mixedSections }));
    const pdf = await nurse.req('GET', `/api/v1/assessments/${a.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const sw = await social.req('GET', `/api/v1/assessments/${a.id}/pdf`);
    expect(sw.statusCode).toBe(200);
    // The social worker's copy leaves the health sections out, so it is a different, shorter document.
    expect(sw.rawPayload.length).toBeLessThan(pdf.rawPayload.length);
    const audit = await sql.query(`select purpose from audit_event where action = 'assessment.pdf' and resource_id = $1`, [a.id]);
    expect(audit.rows).toEqual([{ purpose: 'export' }, { purpose: 'export' }]);
  });
});
