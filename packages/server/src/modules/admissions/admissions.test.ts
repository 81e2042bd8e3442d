import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralListSchema, waitingListSchema } from '@maillon/shared/admissions';
import type { Committee, Referral, SentReferral, WaitingHistory, WaitingList } from '@maillon/shared/admissions';
import { startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import * as make from '../../../test/factories.ts';
import { pdfText } from '../../../test/pdf-text.ts';
import { todayParis } from '../../lib/time.ts';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let sql: pg.Client;
let coord: Client;
let director: Client;
let nurse: Client;
let social: Client;
let partner: Client;
let ssiad: string;
let esa: string;
let small: string;

// The product's today (Europe/Paris): a visit reported at 00:30 in Paris is reported that day.
const today = () => todayParis();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const im = (v: { version: number }) => ({ 'if-match': `"${v.version}"` });
const codes = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { path: string; code: string }[] }).errors ?? []).map((e) => `${e.path}:${e.code}`);
const paths = (res: { json(): unknown }) => ((res.json() as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

let seq = 0;
function intake(overrides: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
  seq += 1;
  return {
    source: 'hospital',
    channel: 'phone',
    sourceOrganisation: 'CH de Valence — service de médecine gériatrique',
    referrerName: 'Mme Claire Roux',
    referrerFunction: 'Assistante sociale hospitalière',
    referrerPhone: '04 75 75 75 75',
    referrerEmail: 'c.roux@ch-valence.test',
    urgency: 'priority',
    reason: 'Retour à domicile après une fracture du col du fémur ; vit seule au 2e étage sans ascenseur.',
    medicalInformation: 'Ostéosynthèse le 2 mars ; diabète de type 2 sous insuline.',
    requestedServiceIds: [esa],
    personInformed: true,
    person: { birthName: `Chabert${seq}`, firstNames: 'Marcelle', sex: 'female', birthDate: '1936-04-12', commune: 'Valence', ...person },
    ...overrides,
  };
}

const facts = {
  facts: 'Sortie du CH de Valence prévue le 14 ; vit seule, fille à Lyon joignable le week-end.',
  needs: 'Aide à la toilette quotidienne, surveillance glycémique, prévention des chutes.',
};
const accepted = {
  ...facts,
  outcome: 'accepted',
  admissionConditions: 'Passage matin et soir pendant un mois, réévaluation à 30 jours.',
  integrationConditions: 'Lit médicalisé et barres d’appui installés avant le retour ; clé confiée au service.',
  referrerMessage: 'Admission à partir du retour à domicile.',
};

async function create(c: Client, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return c.req('POST', '/api/v1/admissions/referrals', { body, headers });
}
const created = (c: Client, body = intake()) => make.referral<Referral>(c, body);
async function post(c: Client, url: string, v: { version: number } | null, body?: unknown) {
  return c.req('POST', url, { ...(body === undefined ? {} : { body }), headers: v ? im(v) : {} });
}
async function ok<T = Referral>(p: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> {
  const res = await p;
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json() as T;
}
/** A referral linked to a new record and under review. */
const underReview = (c: Client = coord, body = intake()) => make.referral<Referral>(c, body, 'under_review');
async function session(c: Client = coord): Promise<Committee> {
  return ok<Committee>(
    c.req('POST', '/api/v1/admissions/committees', { body: { scheduledAt: inDays(2), location: 'Salle du conseil' } }),
    201,
  );
}
async function present(r: Referral, s: Committee): Promise<Committee> {
  return ok<Committee>(
    coord.req('POST', `/api/v1/admissions/committees/${s.id}/cases`, {
      body: { referralId: r.id, summary: 'Situation présentée par la coordinatrice après la visite.' },
    }),
    201,
  );
}
const caseOf = (s: Committee, r: Referral) => s.cases.find((c) => c.referralId === r.id)!;
const get = (c: Client, id: string) => ok(c.req('GET', `/api/v1/admissions/referrals/${id}`));

beforeAll(async () => {
  t = await startTestApp();
  org = await make.organisation(t, {
    roles: ['admin', 'director', 'coordinator', 'health_professional', 'social_worker', 'external_partner'],
    name: 'DAC Test',
  });
  other = await make.organisation(t, { roles: ['coordinator', 'external_partner'] });
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
  const admin = await make.asRole(t, org, 'admin', '10.50.0.6');
  await make.setProfession(admin, org.users.coordinator!.membershipId, 'coordinating_nurse');
  await make.setProfession(admin, org.users.social_worker!.membershipId, 'social_worker');
  await make.setProfession(admin, org.users.external_partner!.membershipId, 'nurse', 'Cadre de santé, CH de Valence');
  ssiad = await make.service(admin, { name: 'SSIAD Valence Nord', kind: 'ssiad', capacity: 45 });
  esa = await make.service(admin, { name: 'Équipe spécialisée Alzheimer', kind: 'spasad', capacity: 30 });
  small = await make.service(admin, { name: 'Accueil de jour Les Tilleuls', kind: 'other', capacity: 2 });
  coord = await make.asRole(t, org, 'coordinator', '10.50.0.1');
  director = await make.asRole(t, org, 'director', '10.50.0.2');
  nurse = await make.asRole(t, org, 'health_professional', '10.50.0.3');
  social = await make.asRole(t, org, 'social_worker', '10.50.0.4');
  partner = await make.asRole(t, org, 'external_partner', '10.50.0.5');
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('intake and inbox', () => {
  it('records a referral from a hospital with its reference, checklist of the service and first event, and lists it in the inbox', async () => {
    const r = await created(coord);
    expect(r).toMatchObject({
      status: 'received',
      source: 'hospital',
      urgency: 'priority',
      personId: null,
      service: { id: esa, decisionMode: 'committee' },
    });
    expect(r.reference).toMatch(/^\d{4}-\d{4}$/);
    expect(r.medicalInformation).toContain('diabète');
    expect(r.checklist.map((i) => i.key)).toEqual(expect.arrayContaining(['identity', 'prescription', 'person_agreement']));
    expect(r.events).toMatchObject([{ from: null, to: 'received' }]);
    expect(r.access.can).toMatchObject({ link: true, review: false, present: false, decide: false });
    const inbox = await ok<{ items: { id: string; personName: string }[] }>(
      coord.req('GET', '/api/v1/admissions/referrals?status=received'),
    );
    expect(inbox.items.find((i) => i.id === r.id)?.personName).toBe(`${String((r.person.birthName as string).toUpperCase())} Marcelle`);
    const counts = await ok<{ counts: Record<string, number> }>(coord.req('GET', '/api/v1/admissions/referrals/counts'));
    expect(counts.counts.received).toBeGreaterThanOrEqual(1);
    const audit = await sql.query(`select action from audit_event where resource_id = $1 order by id`, [r.id]);
    expect(audit.rows.map((x) => x.action)).toContain('referral.create');
  });

  it('names each invalid field: no organisation for a hospital, an unknown service, a future birth date, no reason', async () => {
    const res = await create(coord, {
      ...intake({ sourceOrganisation: null, reason: 'court' }, { birthDate: '2999-01-01' }),
      requestedServiceIds: ['0190a0b0-0000-7000-8000-000000000001'],
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(['body.reason', 'body.person.birthDate', 'body.sourceOrganisation']));
    const unknown = await create(coord, intake({ requestedServiceIds: ['0190a0b0-0000-7000-8000-000000000001'] }));
    expect(unknown.statusCode).toBe(400);
    expect(codes(unknown)).toEqual(['body.requestedServiceIds.0:unknown_service']);
    expect(await sql.query(`select count(*)::int as n from referral where reason = 'court'`)).toMatchObject({ rows: [{ n: 0 }] });
    // With required fields missing too, the missing organisation is named in the same answer.
    const { person: _person, ...noPerson } = intake({ sourceOrganisation: null });
    const missing = await create(coord, noPerson);
    expect(missing.statusCode).toBe(400);
    expect(paths(missing)).toEqual(expect.arrayContaining(['body.person', 'body.sourceOrganisation']));
  });

  it('keeps a referral readable after its service is archived', async () => {
    const temp = (
      await sql.query(
        `insert into service (id, tenant_id, name, kind, capacity) values (gen_random_uuid(), $1, 'Plateforme de répit (fermée)', 'other', 5) returning id`,
        [org.id],
      )
    ).rows[0].id as string;
    const r = await created(coord, intake({ requestedServiceIds: [temp] }));
    await sql.query(`update service set archived_at = now() where id = $1`, [temp]);
    const seen = await ok(coord.req('GET', `/api/v1/admissions/referrals/${r.id}`));
    expect(seen.service).toMatchObject({ id: temp, name: 'Plateforme de répit (fermée)' });
  });

  it('pages through referrals received at the same instant without skipping or repeating one', async () => {
    // Referrals entered together (an import, one transaction) share their received_at to the
    // microsecond; a cursor cut to the millisecond used to skip the rest of them.
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await created(coord, intake({ urgency: 'urgent' }))).id);
    await sql.query(`update referral set received_at = '2031-01-02 03:04:05.678912+00' where id = any($1)`, [ids]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/admissions/referrals?status=received&urgency=urgent&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { items: { id: string; receivedAt: string }[]; nextCursor: string | null } = await ok(coord.req('GET', q));
      seen.push(...page.items.filter((i) => ids.includes(i.id)).map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  it('sends the inbox as its schema documents it, no field more or less (it is sent as built)', async () => {
    await created(coord);
    const inbox = await coord.req('GET', '/api/v1/admissions/referrals?limit=5');
    expect(inbox.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = make.parseAsBuilt(inbox, referralListSchema);
    expect(body.items.length).toBeGreaterThan(0);
  });

  it('creates once for a repeated Idempotency-Key', async () => {
    const body = intake();
    const a = await create(coord, body, { 'idempotency-key': 'intake-once-0001' });
    const b = await create(coord, body, { 'idempotency-key': 'intake-once-0001' });
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect((b.json() as Referral).id).toBe((a.json() as Referral).id);
    const n = await sql.query(`select count(*)::int as n from referral where birth_name = $1`, [body.person.birthName]);
    expect(n.rows[0].n).toBe(1);
  });
});

describe('linking the person through the duplicate check', () => {
  it('proposes the existing record before creating a second one, then links the one chosen', async () => {
    const p = await ok<{ id: string }>(
      coord.req('POST', '/api/v1/people', {
        body: { birthName: 'Faure', firstNames: 'Odette', sex: 'female', birthDate: '1941-07-02', duplicatesReviewed: true },
      }),
      201,
    );
    const r = await created(coord, intake({}, { birthName: 'FAURE', firstNames: 'Odette', birthDate: '1941-07-02' }));
    const dup = await post(coord, `/api/v1/admissions/referrals/${r.id}/person`, r, { create: true });
    make.expectProblem(dup, 409, 'person.possible_duplicates');
    expect((dup.json() as { current: { duplicates: { id: string }[] } }).current.duplicates.map((d) => d.id)).toContain(p.id);
    const linked = await ok(post(coord, `/api/v1/admissions/referrals/${r.id}/person`, r, { personId: p.id }));
    expect(linked.personId).toBe(p.id);
    expect(linked.access.can.review).toBe(true);
  });

  it('creates a new record as "waiting" in the service when there is no duplicate', async () => {
    let r = await created(coord);
    r = await ok(post(coord, `/api/v1/admissions/referrals/${r.id}/person`, r, { create: true }));
    const rec = await sql.query(`select status, service_id from person where id = $1`, [r.personId]);
    expect(rec.rows[0]).toEqual({ status: 'waiting', service_id: esa });
  });

  it('does not link a record the caller may not see (404 naming the field)', async () => {
    const hidden = await ok<{ id: string }>(
      director.req('POST', '/api/v1/people', {
        body: { birthName: 'Caché', firstNames: 'Paul', sex: 'male', birthDate: '1950-01-01', duplicatesReviewed: true, serviceId: ssiad },
      }),
      201,
    );
    await sql.query(`update membership set service_id = $1 where id = $2`, [esa, org.users.coordinator!.membershipId]);
    try {
      const r = await created(coord);
      const res = await post(coord, `/api/v1/admissions/referrals/${r.id}/person`, r, { personId: hidden.id });
      expect(res.statusCode).toBe(404);
      expect(codes(res)).toEqual(['body.personId:not_visible']);
    } finally {
      await sql.query(`update membership set service_id = null where id = $1`, [org.users.coordinator!.membershipId]);
    }
  });
});

describe('status flow: every transition, and the refused ones', () => {
  it('refuses to skip steps with 409 and the allowed statuses, and to review before the person is linked', async () => {
    const r = await created(coord);
    const s = await session();
    const early = await coord.req('POST', `/api/v1/admissions/committees/${s.id}/cases`, {
      body: { referralId: r.id, summary: 'Présentation trop précoce du dossier.' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      code: 'invalid_transition',
      current: { status: 'received', to: 'presented', allowed: ['under_review', 'withdrawn'] },
    });
    const review = await post(coord, `/api/v1/admissions/referrals/${r.id}/review`, r);
    make.expectProblem(review, 409, 'referral.person_not_linked');
    expect(codes(review)).toEqual(['personId:person_not_linked']);
    const admit = await post(coord, `/api/v1/admissions/referrals/${r.id}/admit`, r, {
      admittedOn: today(),
      placeKind: 'home',
      referentUserId: org.users.coordinator!.id,
    });
    expect(admit.statusCode).toBe(409);
  });

  it('goes received → under review → presented → (postponed) under review → presented → decided → admitted → ended, each step dated and attributed', async () => {
    let r = await underReview();
    expect(r.status).toBe('under_review');
    let s = await present(r, await session());
    expect(caseOf(s, r)).toMatchObject({ status: 'on_agenda', presentedBy: { userId: org.users.coordinator!.id } });
    s = await ok<Committee>(
      post(coord, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r).id}/postpone`, caseOf(s, r), {
        reason: 'Attendre le compte rendu de la visite à domicile.',
      }),
    );
    expect(caseOf(s, r).status).toBe('postponed');
    expect((await get(coord, r.id)).status).toBe('under_review');
    s = await present(r, await session());
    // The coordinator presents; only the committee (committee.decide) decides.
    const byCoord = await post(coord, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r).id}/decision`, caseOf(s, r), accepted);
    expect(byCoord.statusCode).toBe(403);
    s = await ok<Committee>(
      post(director, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r).id}/decision`, caseOf(s, r), accepted),
    );
    expect(caseOf(s, r)).toMatchObject({
      status: 'decided',
      decision: { outcome: 'accepted', occupied: 0, capacity: 30, mode: 'committee' },
    });
    // Decided two days ahead of the session's date: the session is not held yet.
    expect(s.status).toBe('planned');
    r = await get(coord, r.id);
    expect(r).toMatchObject({ status: 'decided', decisions: [{ outcome: 'accepted', admissionConditions: accepted.admissionConditions }] });
    // A decided case cannot be decided twice, nor go back to review.
    const again = await post(director, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r).id}/decision`, caseOf(s, r), accepted);
    expect(again.statusCode).toBe(409);
    r = await ok(
      post(coord, `/api/v1/admissions/referrals/${r.id}/admit`, r, {
        admittedOn: today(),
        placeKind: 'home',
        placeLabel: '12 rue des Alpes, Valence',
        referentUserId: org.users.coordinator!.id,
      }),
    );
    expect(r).toMatchObject({ status: 'admitted', admission: { placeKind: 'home', referent: { userId: org.users.coordinator!.id } } });
    const rec = await sql.query(`select status, service_id, referent_user_id from person where id = $1`, [r.personId]);
    expect(rec.rows[0]).toEqual({ status: 'active', service_id: esa, referent_user_id: org.users.coordinator!.id });
    const team = await sql.query(`select is_referent, function from care_team_member where person_id = $1 and user_id = $2`, [
      r.personId,
      org.users.coordinator!.id,
    ]);
    expect(team.rows).toEqual([{ is_referent: true, function: 'referent' }]);
    const withdraw = await post(coord, `/api/v1/admissions/referrals/${r.id}/withdraw`, r, { reason: 'Changement d’avis de la famille.' });
    expect(withdraw.statusCode).toBe(409);
    const badEnd = await post(coord, `/api/v1/admissions/referrals/${r.id}/end`, r, {
      endedOn: '2000-01-01',
      reason: 'Déménagement chez sa fille à Lyon.',
    });
    expect(codes(badEnd)).toEqual(['body.endedOn:date_order']);
    r = await ok(
      post(coord, `/api/v1/admissions/referrals/${r.id}/end`, r, { endedOn: today(), reason: 'Déménagement chez sa fille à Lyon.' }),
    );
    expect(r.status).toBe('ended');
    expect((await sql.query(`select status from person where id = $1`, [r.personId])).rows[0].status).toBe('ended');
    expect(r.events.map((e) => e.to)).toEqual([
      'received',
      'under_review',
      'presented',
      'under_review',
      'presented',
      'decided',
      'admitted',
      'ended',
    ]);
    expect(r.events.every((e) => e.at && e.by)).toBe(true);
    const readmit = await post(coord, `/api/v1/admissions/referrals/${r.id}/admit`, r, {
      admittedOn: today(),
      placeKind: 'home',
      referentUserId: org.users.coordinator!.id,
    });
    expect(readmit.statusCode).toBe(409);
    const audit = await sql.query(
      `select details->>'to' as "to" from audit_event where action = 'referral.status' and resource_id = $1 order by id`,
      [r.id],
    );
    expect(audit.rows.map((x) => x.to)).toEqual(['under_review', 'presented', 'under_review', 'presented', 'decided', 'admitted', 'ended']);
  });

  it('keeps a refusal final: no admission, no withdrawal; the waiting record ends', async () => {
    let r = await underReview();
    const s = await present(r, await session());
    await ok<Committee>(
      post(director, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r).id}/decision`, caseOf(s, r), {
        ...facts,
        outcome: 'refused',
        refusalReasons: 'Hors du secteur d’intervention de l’équipe (domicile à Annonay).',
      }),
    );
    r = await get(coord, r.id);
    expect(r.access.can).toMatchObject({ admit: false, withdraw: false });
    const admit = await post(coord, `/api/v1/admissions/referrals/${r.id}/admit`, r, {
      admittedOn: today(),
      placeKind: 'home',
      referentUserId: org.users.coordinator!.id,
    });
    expect(admit.json()).toMatchObject({ code: 'invalid_transition', errors: [{ code: 'outcome_final' }] });
    expect((await sql.query(`select status from person where id = $1`, [r.personId])).rows[0].status).toBe('ended');
    // The database refuses it too, whatever the caller.
    await expect(sql.query(`update referral set status = 'admitted', admitted_on = current_date where id = $1`, [r.id])).rejects.toThrow(
      /not allowed/,
    );
  });

  it('withdraws with a reason at an open step, taking the case off the agenda', async () => {
    let r = await underReview();
    const s = await present(r, await session());
    r = await get(coord, r.id);
    const noReason = await post(coord, `/api/v1/admissions/referrals/${r.id}/withdraw`, r, { reason: 'non' });
    expect(paths(noReason)).toEqual(['body.reason']);
    r = await ok(post(coord, `/api/v1/admissions/referrals/${r.id}/withdraw`, r, { reason: 'La personne a choisi un autre service.' }));
    expect(r).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'La personne a choisi un autre service.' } });
    const after = await ok<Committee>(coord.req('GET', `/api/v1/admissions/committees/${s.id}`));
    expect(caseOf(after, r).status).toBe('withdrawn');
  });

  it('needs If-Match (428) and refuses a stale version with the current state (412)', async () => {
    const r = await created(coord);
    expect((await post(coord, `/api/v1/admissions/referrals/${r.id}/person`, null, { create: true })).statusCode).toBe(428);
    const moved = await ok(coord.req('PATCH', `/api/v1/admissions/referrals/${r.id}`, { body: { urgency: 'urgent' }, headers: im(r) }));
    const stale = await coord.req('PATCH', `/api/v1/admissions/referrals/${r.id}`, { body: { urgency: 'routine' }, headers: im(r) });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ current: { version: moved.version, urgency: 'urgent' } });
  });
});

describe('decisions need reasons', () => {
  it('refuses an unreasoned decision with the missing fields, writing nothing', async () => {
    const r = await underReview();
    let s = await present(r, await session());
    const c = caseOf(s, r);
    const bare = await post(director, `/api/v1/admissions/committees/${s.id}/cases/${c.id}/decision`, c, {
      outcome: 'accepted',
      facts: 'court',
      needs: facts.needs,
    });
    expect(bare.statusCode).toBe(400);
    expect(paths(bare)).toEqual(['body.facts']);
    const refused = await post(director, `/api/v1/admissions/committees/${s.id}/cases/${c.id}/decision`, c, {
      ...facts,
      outcome: 'refused',
    });
    expect(paths(refused)).toEqual(['body.refusalReasons']);
    const redirected = await post(director, `/api/v1/admissions/committees/${s.id}/cases/${c.id}/decision`, c, {
      ...facts,
      outcome: 'redirected',
      redirectReason: 'Besoin de soins techniques.',
    });
    expect(paths(redirected)).toEqual(['body.redirectedTo']);
    const waiting = await post(director, `/api/v1/admissions/committees/${s.id}/cases/${c.id}/decision`, c, {
      ...facts,
      outcome: 'waiting_list',
      waitingPriority: 'high',
    });
    expect(paths(waiting)).toEqual(['body.waitingReason']);
    expect((await sql.query(`select count(*)::int as n from admission_decision where referral_id = $1`, [r.id])).rows[0].n).toBe(0);
    s = await ok<Committee>(coord.req('GET', `/api/v1/admissions/committees/${s.id}`));
    expect(caseOf(s, r).status).toBe('on_agenda');
    // A decision row is never rewritten, even by the owner.
    await ok<Committee>(
      post(director, `/api/v1/admissions/committees/${s.id}/cases/${c.id}/decision`, c, {
        ...facts,
        outcome: 'redirected',
        redirectedTo: 'SSIAD Valence Nord',
        redirectReason: 'Les besoins sont surtout des soins infirmiers.',
      }),
    );
    await expect(sql.query(`update admission_decision set outcome = 'accepted' where referral_id = $1`, [r.id])).rejects.toThrow(
      /never changed/,
    );
  });

  it('leaves a coming session planned when a decision is recorded ahead of it; held once its day has come, or when marked so', async () => {
    const [r1, r2] = [await underReview(), await underReview()];
    let s = await present(r1, await session());
    s = await ok<Committee>(
      post(director, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r1).id}/decision`, caseOf(s, r1), accepted),
    );
    expect(s.status).toBe('planned');
    const upcoming = await ok<{ items: { id: string; status: string }[] }>(coord.req('GET', '/api/v1/admissions/committees?when=upcoming'));
    expect(upcoming.items.find((x) => x.id === s.id)).toMatchObject({ status: 'planned' });
    s = await present(r2, s);
    expect(caseOf(s, r2).status).toBe('on_agenda');
    s = await ok<Committee>(coord.req('PATCH', `/api/v1/admissions/committees/${s.id}`, { body: { held: true }, headers: im(s) }));
    expect(s.status).toBe('held');

    const r3 = await underReview();
    let today = await ok<Committee>(
      coord.req('POST', '/api/v1/admissions/committees', { body: { scheduledAt: new Date().toISOString(), location: 'Salle du conseil' } }),
      201,
    );
    today = await present(r3, today);
    today = await ok<Committee>(
      post(director, `/api/v1/admissions/committees/${today.id}/cases/${caseOf(today, r3).id}/decision`, caseOf(today, r3), accepted),
    );
    expect(today.status).toBe('held');
  });

  it('records a plain admission, without conditions (they are optional)', async () => {
    const r = await underReview();
    const s = await present(r, await session());
    const done = await ok<Committee>(
      post(director, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r).id}/decision`, caseOf(s, r), {
        ...facts,
        outcome: 'accepted',
        admissionConditions: '   ',
      }),
    );
    expect(caseOf(done, r).status).toBe('decided');
    const after = await get(coord, r.id);
    expect(after).toMatchObject({
      status: 'decided',
      decisions: [{ outcome: 'accepted', admissionConditions: null, integrationConditions: null }],
    });
  });

  it('lets the coordinator decide alone only where the organisation set it for the service (SSIAD)', async () => {
    const r = await underReview(coord, intake({ requestedServiceIds: [ssiad] }));
    const refused = await post(coord, `/api/v1/admissions/referrals/${r.id}/decision`, r, accepted);
    make.expectProblem(refused, 409, 'referral.committee_decides');
    expect(codes(refused)).toEqual(['decisionMode:committee_decides']);
    const settings = await ok<{ version: number; services: { serviceId: string; checklist: unknown[] }[] }>(
      director.req('GET', '/api/v1/admissions/settings'),
    );
    const ssiadChecklist = settings.services.find((s) => s.serviceId === ssiad)!.checklist;
    const saved = await director.req('PUT', '/api/v1/admissions/settings', {
      body: {
        notifyReferrerByEmail: true,
        committeeMembers: [{ function: 'director', userId: org.users.director!.id, name: 'La directrice' }],
        services: { [ssiad]: { decisionMode: 'coordinator', checklist: ssiadChecklist } },
      },
      headers: im(settings),
    });
    expect(saved.statusCode).toBe(200);
    const fresh = await get(coord, r.id);
    expect(fresh.access.can.decide).toBe(true);
    const d = await ok(post(coord, `/api/v1/admissions/referrals/${r.id}/decision`, fresh, accepted));
    expect(d).toMatchObject({
      status: 'decided',
      decisions: [{ mode: 'coordinator', outcome: 'accepted', capacity: 45, decidedBy: { userId: org.users.coordinator!.id } }],
    });
  });
});

describe('capacity and waiting list', () => {
  async function decideFor(serviceId: string, decision: Record<string, unknown>): Promise<Referral> {
    const r = await underReview(coord, intake({ requestedServiceIds: [serviceId] }));
    const s = await present(r, await session());
    await ok<Committee>(post(director, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r).id}/decision`, caseOf(s, r), decision));
    return get(coord, r.id);
  }
  const waiting = (priority: string) => ({
    ...facts,
    outcome: 'waiting_list',
    waitingPriority: priority,
    waitingReason: 'Aucune place libre à ce jour dans le service.',
  });

  it('refuses to admit into a full service (409), ranks the waiting list by priority then date, and admits the next person when a place frees', async () => {
    const first = await decideFor(small, accepted);
    const second = await decideFor(small, accepted);
    await ok(
      post(coord, `/api/v1/admissions/referrals/${first.id}/admit`, first, {
        admittedOn: today(),
        placeKind: 'establishment',
        placeLabel: 'Place 1',
        referentUserId: org.users.coordinator!.id,
      }),
    );
    await ok(
      post(coord, `/api/v1/admissions/referrals/${second.id}/admit`, second, {
        admittedOn: today(),
        placeKind: 'establishment',
        placeLabel: 'Place 2',
        referentUserId: org.users.coordinator!.id,
      }),
    );
    const third = await decideFor(small, accepted);
    const full = await post(coord, `/api/v1/admissions/referrals/${third.id}/admit`, third, {
      admittedOn: today(),
      placeKind: 'establishment',
      referentUserId: org.users.coordinator!.id,
    });
    make.expectProblem(full, 409, 'referral.service_full');
    expect(full.json()).toMatchObject({ errors: [{ code: 'capacity_full' }], current: { capacity: 2, occupied: 2 } });

    const normalOld = await decideFor(small, waiting('normal'));
    await sql.query(`update waiting_list_entry set since = current_date - 40 where referral_id = $1`, [normalOld.id]);
    const normalNew = await decideFor(small, waiting('normal'));
    const high = await decideFor(small, waiting('high'));
    let list: WaitingList = make.parseAsBuilt(
      await coord.req('GET', `/api/v1/admissions/waiting-list?serviceId=${small}`),
      waitingListSchema,
    );
    expect(list.service).toMatchObject({ capacity: 2, occupied: 2, full: true, waiting: 3 });
    expect(list.items.map((e) => e.referralId)).toEqual([high.id, normalOld.id, normalNew.id]);
    expect(list.items[0]).toMatchObject({
      rank: 1,
      priority: 'high',
      reason: 'Aucune place libre à ce jour dans le service.',
      changeCount: 1,
      lastChangeAt: expect.any(String),
    });
    // The list carries no history: it is read place by place.
    expect(list.items[0]).not.toHaveProperty('changes');

    // A change of priority, with its reason and date, re-ranks the list.
    const entry = list.items.find((e) => e.referralId === normalNew.id)!;
    const noReason = await coord.req('PATCH', `/api/v1/admissions/waiting-list/${entry.id}`, {
      body: { priority: 'urgent', reason: '' },
      headers: im(entry),
    });
    expect(paths(noReason)).toEqual(['body.reason']);
    list = await ok<WaitingList>(
      coord.req('PATCH', `/api/v1/admissions/waiting-list/${entry.id}`, {
        body: { priority: 'urgent', reason: 'Aidante hospitalisée : maintien à domicile compromis.' },
        headers: im(entry),
      }),
    );
    expect(list.items.map((e) => e.referralId)).toEqual([normalNew.id, high.id, normalOld.id]);
    expect(list.items[0]).toMatchObject({ changeCount: 2, reason: 'Aidante hospitalisée : maintien à domicile compromis.' });
    const history = await ok<WaitingHistory>(coord.req('GET', `/api/v1/admissions/waiting-list/${entry.id}/history`));
    expect(history).toMatchObject({
      entryId: entry.id,
      items: [
        {
          kind: 'priority',
          fromPriority: 'normal',
          toPriority: 'urgent',
          reason: 'Aidante hospitalisée : maintien à domicile compromis.',
          by: expect.any(String),
        },
        { kind: 'added', fromPriority: null, toPriority: 'normal', reason: 'Aucune place libre à ce jour dans le service.' },
      ],
    });
    expect(history.items).toHaveLength(2);
    expect(Date.parse(history.items[0]!.at)).toBeGreaterThanOrEqual(Date.parse(history.items[1]!.at));
    expect(list.items[0]!.lastChangeAt).toBe(history.items[0]!.at);
    const stale = await coord.req('PATCH', `/api/v1/admissions/waiting-list/${entry.id}`, {
      body: { priority: 'high', reason: 'Nouvelle évaluation de la situation.' },
      headers: im(entry),
    });
    expect(stale.statusCode).toBe(412);

    // A place frees: the first one admitted leaves; the next on the list is admitted and leaves the list.
    const f = await get(coord, first.id);
    await ok(
      post(coord, `/api/v1/admissions/referrals/${f.id}/end`, f, { endedOn: today(), reason: 'Entrée en EHPAD à Bourg-lès-Valence.' }),
    );
    const next = await get(coord, normalNew.id);
    expect(next.waitingList).toMatchObject({ rank: 1, status: 'waiting' });
    const admitted = await ok(
      post(coord, `/api/v1/admissions/referrals/${next.id}/admit`, next, {
        admittedOn: today(),
        placeKind: 'establishment',
        referentUserId: org.users.coordinator!.id,
      }),
    );
    expect(admitted.waitingList).toMatchObject({ status: 'admitted', rank: null });
    list = await ok<WaitingList>(coord.req('GET', `/api/v1/admissions/waiting-list?serviceId=${small}`));
    expect(list.items.map((e) => e.referralId)).toEqual([high.id, normalOld.id]);
    const occ = await ok<{ items: { serviceId: string; occupied: number; capacity: number; waiting: number }[] }>(
      coord.req('GET', '/api/v1/admissions/occupancy'),
    );
    expect(occ.items.find((o) => o.serviceId === small)).toMatchObject({ capacity: 2, occupied: 2, waiting: 2 });
  });

  it('opens the history of a place only for those who examine the service (404 for the others, 400 for a malformed id), audited', async () => {
    const r = await decideFor(esa, waiting('normal'));
    const list = await ok<WaitingList>(coord.req('GET', `/api/v1/admissions/waiting-list?serviceId=${esa}&limit=200`));
    const entry = list.items.find((e) => e.referralId === r.id)!;
    const url = `/api/v1/admissions/waiting-list/${entry.id}/history`;
    const history = await ok<WaitingHistory>(coord.req('GET', url));
    expect(history.items).toMatchObject([{ kind: 'added', toPriority: 'normal' }]);
    const audit = await sql.query(`select action, person_id from audit_event where resource_id = $1 and action = 'waiting_list.history'`, [
      entry.id,
    ]);
    expect(audit.rows).toEqual([{ action: 'waiting_list.history', person_id: r.personId }]);

    // A nurse of the organisation reads referrals but does not examine them: not found, like the list.
    const nurseHistory = await nurse.req('GET', url);
    expect(nurseHistory.statusCode).toBe(404);
    expect((await nurse.req('GET', `/api/v1/admissions/waiting-list?serviceId=${esa}`)).statusCode).toBe(404);
    const elsewhere = await make.asRole(t, other, 'coordinator', '10.50.0.9');
    expect((await elsewhere.req('GET', url)).statusCode).toBe(404);
    const unknown = await coord.req('GET', '/api/v1/admissions/waiting-list/0190a0b0-0000-7000-8000-000000000001/history');
    expect(unknown.statusCode).toBe(404);
    const malformed = await coord.req('GET', '/api/v1/admissions/waiting-list/not-a-place/history');
    expect(malformed.statusCode).toBe(400);
    expect(String(malformed.headers['content-type'])).toContain('application/problem+json');
    expect(paths(malformed)).toEqual(['params.entryId']);
  });
});

describe('pre-admission file: checklist, home visit, first needs evaluation', () => {
  it('ticks checklist items (dated, attributed), shows documents from the record, records the home visit report and links an assessment', async () => {
    let r = await underReview();
    const item = r.checklist.find((i) => i.key === 'caregiver')!;
    r = await ok(
      coord.req('PUT', `/api/v1/admissions/referrals/${r.id}/checklist/caregiver`, {
        body: { done: true, note: 'Fille rencontrée le 3 mars.' },
        headers: im(r),
      }),
    );
    expect(r.checklist.find((i) => i.key === item.key)).toMatchObject({
      done: true,
      note: 'Fille rencontrée le 3 mars.',
      doneBy: expect.any(String),
    });
    expect(r.checklist.find((i) => i.key === 'identity')).toMatchObject({ documentStatus: 'missing' });
    const unknownItem = await coord.req('PUT', `/api/v1/admissions/referrals/${r.id}/checklist/nothing_here`, {
      body: { done: true },
      headers: im(r),
    });
    expect(unknownItem.statusCode).toBe(404);

    // The professionals present are picked among the members: not an external partner, not
    // someone of another organisation, not free text (issue 19 item 14).
    const visitUrl = `/api/v1/admissions/referrals/${r.id}/home-visits`;
    const partnerPicked = await post(coord, visitUrl, r, { plannedAt: inDays(-1), visitorIds: [org.users.external_partner!.id] });
    expect(codes(partnerPicked)).toEqual(['body.visitorIds.0:unknown_member']);
    const foreignPicked = await post(coord, visitUrl, r, {
      plannedAt: inDays(-1),
      visitorIds: [org.users.coordinator!.id, other.users.coordinator!.id],
    });
    expect(codes(foreignPicked)).toEqual(['body.visitorIds.1:unknown_member']);
    const freeText = await post(coord, visitUrl, r, { plannedAt: inDays(-1), visitors: 'Camille Lefèvre' });
    expect(freeText.statusCode).toBe(400);
    const before = await ok<{ items: { kind: string }[] }>(social.req('GET', '/api/v1/notifications'));
    r = await ok(
      post(coord, visitUrl, r, { plannedAt: inDays(-1), visitorIds: [org.users.coordinator!.id, org.users.social_worker!.id] }),
      201,
    );
    const v = r.homeVisits[0]!;
    expect(v.status).toBe('planned');
    expect(v.visitorIds).toEqual([org.users.coordinator!.id, org.users.social_worker!.id]);
    // The names as they were when planned (the test organisation names its members "<role> <id>").
    expect(v.visitors).toBe(`coordinator ${org.id.slice(-4)}, social_worker ${org.id.slice(-4)}`);
    // Each member picked is told, with the request's number and a link to it.
    const after = await ok<{ items: { kind: string; title: string; body: string; link: string }[] }>(
      social.req('GET', '/api/v1/notifications'),
    );
    expect(after.items.length).toBe(before.items.length + 1);
    expect(after.items[0]).toMatchObject({
      kind: 'home_visit.planned',
      title: `Demande ${r.reference} : visite à domicile`,
      link: `/admissions/referrals/${r.id}`,
    });
    expect(after.items[0]!.body).toMatch(/^Vous êtes prévu·e à la visite à domicile du \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\.$/);
    const incomplete = await post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits/${v.id}/report`, v, {
      doneOn: today(),
      report: { livingConditions: 'Seule.', personPresent: true },
    });
    expect(paths(incomplete)).toEqual(
      expect.arrayContaining(['body.report.environment', 'body.report.needsAndWishes', 'body.report.family']),
    );
    r = await ok(
      post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits/${v.id}/report`, v, {
        doneOn: today(),
        report: {
          livingConditions: 'Appartement au 2e étage sans ascenseur, vit seule.',
          environment: 'Commerces à 200 m, voisine attentive.',
          needsAndWishes: 'Souhaite rester chez elle ; a peur de tomber la nuit.',
          family: 'Fille à Lyon, vient le week-end.',
          adaptations: [{ area: 'bathroom', where: 'home', description: 'Barres d’appui et siège de douche' }],
          personPresent: true,
        },
      }),
    );
    expect(r.homeVisits[0]).toMatchObject({ status: 'done', report: { adaptations: [{ area: 'bathroom' }] } });
    const twice = await post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits/${v.id}/cancel`, r.homeVisits[0]!, {
      reason: 'Visite déjà faite en réalité.',
    });
    make.expectProblem(twice, 409, 'home_visit.closed');

    const a = await ok<{ id: string }>(
      coord.req('POST', `/api/v1/people/${r.personId}/assessments`, { body: { assessedOn: today(), context: 'admission' } }),
      201,
    );
    const foreign = await coord.req('PATCH', `/api/v1/admissions/referrals/${r.id}`, {
      body: { assessmentId: '0190a0b0-0000-7000-8000-000000000001' },
      headers: im(r),
    });
    expect(codes(foreign)).toEqual(['body.assessmentId:unknown_assessment']);
    r = await ok(coord.req('PATCH', `/api/v1/admissions/referrals/${r.id}`, { body: { assessmentId: a.id }, headers: im(r) }));
    expect(r.assessmentId).toBe(a.id);
  });
});

describe('home visit: the real date and a reasoned cancellation', () => {
  const report = {
    livingConditions: 'Maison de plain-pied, vit avec son mari.',
    environment: 'Village, pharmacie à 1 km.',
    needsAndWishes: 'Souhaite rester chez elle.',
    family: 'Fils voisin, passe chaque soir.',
    personPresent: true,
  };

  it('records a visit planned for later on the day it really took place, and moves the planned day to it', async () => {
    let r = await underReview();
    r = await ok(
      post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits`, r, { plannedAt: inDays(2), visitorIds: [org.users.coordinator!.id] }),
      201,
    );
    const v = r.homeVisits[0]!;
    const future = await post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits/${v.id}/report`, v, {
      doneOn: inDays(3).slice(0, 10),
      report,
    });
    expect(future.statusCode).toBe(400);
    expect(codes(future)).toEqual(['body.doneOn:future_date']);
    const beforeReceived = await post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits/${v.id}/report`, v, {
      doneOn: '2020-01-02',
      report,
    });
    expect(beforeReceived.statusCode).toBe(400);
    expect(codes(beforeReceived)).toEqual(['body.doneOn:before_received']);

    const day = todayParis();
    r = await ok(post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits/${v.id}/report`, v, { doneOn: day, report }));
    const done = r.homeVisits[0]!;
    expect(done).toMatchObject({ status: 'done', doneOn: day });
    const time = (iso: string) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', timeStyle: 'short' }).format(new Date(iso));
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(done.plannedAt))).toBe(day);
    expect(time(done.plannedAt)).toBe(time(v.plannedAt));
  });

  it('cancels a planned visit only with its reason', async () => {
    let r = await underReview();
    r = await ok(
      post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits`, r, { plannedAt: inDays(2), visitorIds: [org.users.coordinator!.id] }),
      201,
    );
    const v = r.homeVisits[0]!;
    const none = await post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits/${v.id}/cancel`, v, {});
    expect(none.statusCode).toBe(400);
    expect(paths(none)).toEqual(['body.reason']);
    const short = await post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits/${v.id}/cancel`, v, { reason: 'non' });
    expect(codes(short)).toEqual(['body.reason:too_small']);
    r = await ok(
      post(coord, `/api/v1/admissions/referrals/${r.id}/home-visits/${v.id}/cancel`, v, { reason: 'La personne est hospitalisée.' }),
    );
    expect(r.homeVisits[0]).toMatchObject({ status: 'cancelled', cancelReason: 'La personne est hospitalisée.' });
  });
});

describe('who sees what', () => {
  it('shows a social worker in the care team the referral without the medical information; a nurse outside it gets 404', async () => {
    const r = await underReview();
    expect((await social.req('GET', `/api/v1/admissions/referrals/${r.id}`)).statusCode).toBe(404);
    await ok(
      coord.req('POST', `/api/v1/people/${r.personId}/care-team`, {
        body: { userId: org.users.social_worker!.id, function: 'social_worker', startDate: today() },
      }),
      201,
    );
    const seen = await get(social, r.id);
    expect(seen.reason).toContain('fracture');
    expect(seen.medicalInformation).toBeNull();
    expect(seen.access).toMatchObject({ via: 'person', can: { update: false, review: false } });
    expect(
      (await social.req('PATCH', `/api/v1/admissions/referrals/${r.id}`, { body: { urgency: 'urgent' }, headers: im(seen) })).statusCode,
    ).toBe(403);
    expect((await nurse.req('GET', `/api/v1/admissions/referrals/${r.id}`)).statusCode).toBe(404);
    const director_ = await get(director, r.id);
    expect(director_.medicalInformation).toBeNull();
  });

  it('never shows another organisation a referral (404), even by id', async () => {
    const r = await created(coord);
    const stranger = await make.asRole(t, other, 'coordinator', '10.50.1.1');
    expect((await stranger.req('GET', `/api/v1/admissions/referrals/${r.id}`)).statusCode).toBe(404);
    const inbox = await ok<{ items: { id: string }[] }>(stranger.req('GET', '/api/v1/admissions/referrals'));
    expect(inbox.items.map((i) => i.id)).not.toContain(r.id);
  });
});

describe('the referrer from another organisation sees only the decision, not the file', () => {
  it('lets a partner send a request, follow its status, and learn the decision — in the app and by e-mail — never the file', async () => {
    const sent = await ok<SentReferral>(
      partner.req('POST', '/api/v1/admissions/sent', { body: { ...intake({ requestedServiceIds: [esa] }), channel: undefined } }),
      201,
    );
    expect(sent).toMatchObject({ status: 'received', decision: null, requestedServices: ['Équipe spécialisée Alzheimer'] });
    expect(Object.keys(sent)).not.toContain('reason');
    // No way into the file or the inbox for the referrer.
    expect((await partner.req('GET', `/api/v1/admissions/referrals/${sent.id}`)).statusCode).toBe(403);
    expect((await partner.req('GET', '/api/v1/admissions/referrals')).statusCode).toBe(403);
    expect((await partner.req('GET', `/api/v1/admissions/committees`)).statusCode).toBe(403);

    // The service triages it: link, review, present; the committee decides.
    let r = await get(coord, sent.id);
    expect(r).toMatchObject({ source: 'hospital', channel: 'app', submittedBy: { userId: org.users.external_partner!.id } });
    r = await ok(post(coord, `/api/v1/admissions/referrals/${r.id}/person`, r, { create: true, duplicatesReviewed: true }));
    r = await ok(post(coord, `/api/v1/admissions/referrals/${r.id}/review`, r));
    expect((await ok<SentReferral>(partner.req('GET', `/api/v1/admissions/sent/${sent.id}`))).status).toBe('in_progress');
    const s = await present(r, await session());
    await ok<Committee>(post(director, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r).id}/decision`, caseOf(s, r), accepted));

    const seen = await ok<SentReferral>(partner.req('GET', `/api/v1/admissions/sent/${sent.id}`));
    expect(seen).toMatchObject({ status: 'decided', decision: { outcome: 'accepted', message: accepted.referrerMessage } });
    const body = JSON.stringify(seen);
    for (const secret of [facts.facts, facts.needs, accepted.admissionConditions, accepted.integrationConditions, 'fracture', 'insuline']) {
      expect(body).not.toContain(secret);
    }
    const list = await ok<{ items: SentReferral[] }>(partner.req('GET', '/api/v1/admissions/sent'));
    expect(list.items.map((i) => i.id)).toContain(sent.id);
    const notes = await ok<{ items: { kind: string; title: string; body: string }[] }>(partner.req('GET', '/api/v1/notifications'));
    expect(notes.items.find((n) => n.kind === 'referral.decision')?.title).toContain(sent.reference);
    expect(notes.items.find((n) => n.kind === 'referral.decision')?.body).not.toContain('Passage matin');
    const mails = await t.flushMail();
    const mail = mails.find((m) => m.to === 'c.roux@ch-valence.test' && m.subject.includes(sent.reference));
    expect(mail?.text).toContain('Admission prononcée');
    expect(mail?.text).not.toContain('insuline');
    expect(mail?.text).not.toContain(sent.personName);

    // Another partner, in the same organisation or another one, sees nothing of it.
    const otherPartner = await make.asRole(t, other, 'external_partner', '10.50.1.2');
    expect((await otherPartner.req('GET', `/api/v1/admissions/sent/${sent.id}`)).statusCode).toBe(404);
    const audit = await sql.query(
      `select count(*)::int as n from audit_event where action = 'referral.status_read' and actor_user_id = $1`,
      [org.users.external_partner!.id],
    );
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(3);
  });
});

describe('committee minutes', () => {
  it('issues the minutes as a French PDF holding each decision, its reasons and conditions (audited as an export)', async () => {
    const r = await underReview();
    let s = await present(r, await session());
    s = await ok<Committee>(
      post(director, `/api/v1/admissions/committees/${s.id}/cases/${caseOf(s, r).id}/decision`, caseOf(s, r), accepted),
    );
    const pdf = await director.req('GET', `/api/v1/admissions/committees/${s.id}/minutes.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain("Compte rendu de la commission d'admission");
    expect(text).toContain(r.reference);
    expect(text).toContain('Admission prononcée, sous conditions');
    expect(text).toContain('Passage matin et soir pendant un mois');
    expect(text).toContain('Lit médicalisé et barres d’appui installés');
    expect(text).toContain('Capacité du service');
    const audit = await sql.query(`select purpose from audit_event where action = 'committee.minutes_pdf' and resource_id = $1`, [s.id]);
    expect(audit.rows[0]).toEqual({ purpose: 'export' });
  });
});
