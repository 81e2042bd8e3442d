import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Committee, Referral } from '@maillon/shared/admissions';
import { PASSWORD, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';

// Issue 19 item 1: the referent coordinator is a member who may coordinate that service's people.
type CareTeamMember = { id: string; userId: string | null; version: number; isReferent: boolean };
let t: TestApp;
let org: TestOrg;
let sql: pg.Client;
let coord: Client;
let director: Client;
let esa: string;
let ssiad: string;
let otherCoordinator: string;

const today = () => new Date().toISOString().slice(0, 10);
const im = (v: { version: number }) => ({ 'if-match': `"${v.version}"` });
const codes = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { path: string; code: string }[] }).errors ?? []).map((e) => `${e.path}:${e.code}`);
async function ok<T = Referral>(p: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> {
  const res = await p;
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

let seq = 0;
/** A referral accepted by the committee for the ESA, ready to admit. */
async function decided(): Promise<Referral> {
  seq += 1;
  let r = await ok(
    coord.req('POST', '/api/v1/admissions/referrals', {
      body: {
        source: 'hospital',
        channel: 'phone',
        sourceOrganisation: 'CH de Valence — service de médecine gériatrique',
        referrerName: 'Mme Claire Roux',
        referrerFunction: 'Assistante sociale hospitalière',
        referrerPhone: '04 75 75 75 75',
        urgency: 'priority',
        reason: 'Troubles de la mémoire, vit seule, sa fille demande un accompagnement.',
        requestedServiceIds: [esa],
        personInformed: true,
        person: { birthName: `Referente${seq}`, firstNames: 'Marcelle', sex: 'female', birthDate: '1936-04-12', commune: 'Valence' },
      },
    }),
    201,
  );
  r = await ok(
    coord.req('POST', `/api/v1/admissions/referrals/${r.id}/person`, { body: { create: true, duplicatesReviewed: true }, headers: im(r) }),
  );
  r = await ok(coord.req('POST', `/api/v1/admissions/referrals/${r.id}/review`, { headers: im(r) }));
  let s = await ok<Committee>(
    coord.req('POST', '/api/v1/admissions/committees', {
      body: { scheduledAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), location: 'Salle du conseil' },
    }),
    201,
  );
  s = await ok<Committee>(
    coord.req('POST', `/api/v1/admissions/committees/${s.id}/cases`, { body: { referralId: r.id, summary: 'Situation présentée.' } }),
    201,
  );
  const c = s.cases.find((x) => x.referralId === r.id)!;
  await ok<Committee>(
    director.req('POST', `/api/v1/admissions/committees/${s.id}/cases/${c.id}/decision`, {
      headers: im(c),
      body: {
        outcome: 'accepted',
        facts: 'Vit seule, fille à Lyon.',
        needs: 'Stimulation cognitive à domicile.',
        admissionConditions: 'Deux séances par semaine.',
        integrationConditions: 'Clé confiée au service.',
        referrerMessage: 'Admission acceptée.',
      },
    }),
  );
  return ok(coord.req('GET', `/api/v1/admissions/referrals/${r.id}`));
}
const admit = (r: Referral, referentUserId: string) =>
  coord.req('POST', `/api/v1/admissions/referrals/${r.id}/admit`, {
    headers: im(r),
    body: { admittedOn: today(), placeKind: 'home', referentUserId },
  });

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, {
    roles: [
      'admin',
      'director',
      'coordinator',
      'health_professional',
      'social_worker',
      'hr_manager',
      'logistics_referent',
      'dpo',
      'external_partner',
    ],
  });
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
  const svc = async (name: string, kind: string) =>
    (
      await sql.query(`insert into service (id, tenant_id, name, kind, capacity) values (gen_random_uuid(), $1, $2, $3, 30) returning id`, [
        org.id,
        name,
        kind,
      ])
    ).rows[0].id as string;
  esa = await svc('Équipe spécialisée Alzheimer', 'spasad');
  ssiad = await svc('SSIAD Valence Nord', 'ssiad');
  // The coordinator works in the ESA, the director for every service; a second coordinator in the SSIAD.
  await sql.query(`update membership set service_id = $1 where id = $2`, [esa, org.users.coordinator!.membershipId]);
  otherCoordinator = (
    await sql.query(
      `with u as (insert into app_user (id, email, display_name, password_hash) values (gen_random_uuid(), $1, 'Coordinatrice SSIAD', 'x') returning id)
       insert into membership (id, tenant_id, user_id, role, service_id) select gen_random_uuid(), $2, u.id, 'coordinator', $3 from u returning user_id`,
      [`ssiad.${org.id.slice(-8)}@test.maillon.fr`, org.id, ssiad],
    )
  ).rows[0].user_id as string;
  coord = await login(t.app, org.users.coordinator!.email, PASSWORD, '10.51.0.1');
  director = await login(t.app, org.users.director!.email, PASSWORD, '10.51.0.2');
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('the referent coordinator (issue 19)', () => {
  it('offers, for a service, only the members who may coordinate its people: coordinators of that service or of none, directors', async () => {
    const list = await ok<{ items: { userId: string; role: string }[] }>(
      coord.req('POST', '/api/v1/identity/members/search', { body: { referentForService: esa, limit: 200 } }),
    );
    expect(list.items.map((m) => m.userId).sort()).toEqual([org.users.coordinator!.id, org.users.director!.id].sort());
    const forSsiad = await ok<{ items: { userId: string }[] }>(
      coord.req('POST', '/api/v1/identity/members/search', { body: { referentForService: ssiad, limit: 200 } }),
    );
    expect(forSsiad.items.map((m) => m.userId).sort()).toEqual([org.users.director!.id, otherCoordinator].sort());
    // Everyone else is still listed without the filter.
    const all = await ok<{ items: unknown[] }>(coord.req('POST', '/api/v1/identity/members/search', { body: { limit: 200 } }));
    expect(all.items).toHaveLength(10);
  });

  it('refuses to admit with the DPO, the external partner or a coordinator of another service as referent (400 naming the field), writing nothing', async () => {
    const r = await decided();
    for (const userId of [org.users.dpo!.id, org.users.external_partner!.id, org.users.health_professional!.id, otherCoordinator]) {
      const res = await admit(r, userId);
      expect(res.statusCode).toBe(400);
      expect(codes(res)).toEqual(['body.referentUserId:referent_not_eligible']);
    }
    const still = await ok(coord.req('GET', `/api/v1/admissions/referrals/${r.id}`));
    expect(still.status).toBe('decided');
    const named = await sql.query(`select count(*)::int as n from care_team_member where person_id = $1 and user_id <> $2`, [
      r.personId,
      org.users.coordinator!.id,
    ]);
    expect(named.rows[0].n).toBe(0);
    const admitted = await ok(admit(still, org.users.coordinator!.id));
    expect(admitted.admission?.referent?.userId).toBe(org.users.coordinator!.id);
  });

  it('refuses to make a nurse of the care team the referent (400 naming the field)', async () => {
    const r = await ok(admit(await decided(), org.users.director!.id));
    const nurse = await ok<CareTeamMember>(
      coord.req('POST', `/api/v1/people/${r.personId}/care-team`, {
        body: { userId: org.users.health_professional!.id, function: 'nurse', startDate: today() },
      }),
      201,
    );
    const res = await coord.req('PATCH', `/api/v1/people/${r.personId}/care-team/${nurse.id}`, {
      headers: im(nurse),
      body: { isReferent: true },
    });
    expect(res.statusCode).toBe(400);
    expect(codes(res)).toEqual(['body.isReferent:referent_not_eligible']);
    const asReferent = await coord.req('POST', `/api/v1/people/${r.personId}/care-team`, {
      body: { userId: org.users.dpo!.id, function: 'other', isReferent: true, startDate: today() },
    });
    expect(asReferent.statusCode).toBe(400);
    expect(codes(asReferent)).toEqual(['body.isReferent:referent_not_eligible']);
    const team = await ok<{ items: CareTeamMember[] }>(coord.req('GET', `/api/v1/people/${r.personId}/care-team`));
    const mine = team.items.find((m) => m.userId === org.users.coordinator!.id)!;
    const coordinator = await ok<CareTeamMember>(
      coord.req('PATCH', `/api/v1/people/${r.personId}/care-team/${mine.id}`, { headers: im(mine), body: { isReferent: true } }),
    );
    expect(coordinator.isReferent).toBe(true);
  });
});
