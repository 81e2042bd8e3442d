import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';

// Issue 19 item 13: each role's caseloads ("mes personnes", "mon service", "tout"), and the
// médecin coordonnateur reads the records of their service by the organisation's service policy.
let t: TestApp;
let org: TestOrg;
let sql: pg.Client;
let serviceA: string;
let serviceB: string;
const people: Record<string, string> = {};
const as: Record<string, Client> = {};
let ip = 0;

async function extraMember(name: string, role: string, profession: string | null, serviceId: string | null): Promise<string> {
  const email = `${name}.${org.id.slice(-8)}@test.maillon.fr`;
  await sql.query(
    `with u as (insert into app_user (id, email, display_name, password_hash)
       select gen_random_uuid(), $1, $2, password_hash from app_user where id = $3 returning id)
     insert into membership (id, tenant_id, user_id, role, profession, service_id) select gen_random_uuid(), $4, u.id, $5, $6, $7 from u`,
    [email, name, org.users.coordinator!.id, org.id, role, profession, serviceId],
  );
  return email;
}
async function newPerson(c: Client, birthName: string, serviceId: string) {
  const res = await c.req('POST', '/api/v1/people', {
    body: { birthName, firstNames: 'Jeanne', sex: 'female', birthDate: '1938-05-14', serviceId, duplicatesReviewed: true },
  });
  if (res.statusCode !== 201) throw new Error(`create failed ${res.statusCode} ${res.body}`);
  people[birthName] = (res.json() as { id: string }).id;
}
async function join(c: Client, personName: string, userId: string, fn: string) {
  const res = await c.req('POST', `/api/v1/people/${people[personName]}/care-team`, {
    body: { userId, function: fn, startDate: new Date().toISOString().slice(0, 10) },
  });
  if (res.statusCode !== 201) throw new Error(`join failed ${res.statusCode} ${res.body}`);
}
async function caseload(who: string, scope: 'mine' | 'service' | 'all'): Promise<string[]> {
  const res = await as[who]!.req('POST', '/api/v1/people/search', { body: { scope, limit: 200 } });
  if (res.statusCode !== 200) throw new Error(`search failed ${res.statusCode} ${res.body}`);
  return (res.json() as { items: { birthName: string }[] }).items.map((p) => p.birthName);
}
const userOf = async (email: string) => (await sql.query(`select id from app_user where email = $1`, [email])).rows[0].id as string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'director', 'coordinator', 'health_professional', 'social_worker'] });
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
  const svc = async (name: string, kind: string) =>
    (
      await sql.query(`insert into service (id, tenant_id, name, kind) values (gen_random_uuid(), $1, $2, $3) returning id`, [
        org.id,
        name,
        kind,
      ])
    ).rows[0].id as string;
  serviceA = await svc('SSIAD Valence Nord', 'ssiad');
  serviceB = await svc('SAAD Romans', 'saad');
  // As in the demo: the director and the social worker work for every service (no service).
  await sql.query(`update membership set service_id = $1, profession = 'coordinating_nurse' where id = $2`, [
    serviceA,
    org.users.coordinator!.membershipId,
  ]);
  await sql.query(`update membership set service_id = $1, profession = 'nurse' where id = $2`, [
    serviceA,
    org.users.health_professional!.membershipId,
  ]);
  await sql.query(`update membership set profession = 'social_worker' where id = $1`, [org.users.social_worker!.membershipId]);
  const doctor = await extraMember('Dr Benali', 'health_professional', 'doctor', serviceA);
  const doctorWithout = await extraMember('Dr Sans Service', 'health_professional', 'doctor', null);
  const socialA = await extraMember('Assistante SSIAD', 'social_worker', 'social_worker', serviceA);
  for (const [key, email] of Object.entries({
    director: org.users.director!.email,
    coordinator: org.users.coordinator!.email,
    nurse: org.users.health_professional!.email,
    social: org.users.social_worker!.email,
    socialA,
    doctor,
    doctorWithout,
  })) {
    ip += 1;
    as[key] = await login(t.app, email, PASSWORD, `10.52.0.${ip}`);
  }
  // Three people of the SSIAD (the coordinator their referent), two of the SAAD (created by the director).
  for (const n of ['Aubert', 'Barre', 'Caron']) await newPerson(as['coordinator']!, n, serviceA);
  for (const n of ['Dumas', 'Esnault']) await newPerson(as['director']!, n, serviceB);
  await join(as['coordinator']!, 'Aubert', org.users.social_worker!.id, 'social_worker');
  await join(as['coordinator']!, 'Aubert', await userOf(socialA), 'social_worker');
  await join(as['director']!, 'Dumas', org.users.social_worker!.id, 'social_worker');
  await join(as['director']!, 'Dumas', await userOf(socialA), 'social_worker');
  await join(as['coordinator']!, 'Barre', org.users.health_professional!.id, 'nurse');
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('caseloads per role (issue 19)', () => {
  it('gives the director of every service all people in "mon service", and their own care teams in "mes personnes"', async () => {
    expect(await caseload('director', 'mine')).toEqual(['Dumas', 'Esnault']);
    expect(await caseload('director', 'service')).toEqual(['Aubert', 'Barre', 'Caron', 'Dumas', 'Esnault']);
    expect(await caseload('director', 'all')).toEqual(['Aubert', 'Barre', 'Caron', 'Dumas', 'Esnault']);
  });

  it('gives the coordinator of the SSIAD their people and their service, never another service', async () => {
    expect(await caseload('coordinator', 'mine')).toEqual(['Aubert', 'Barre', 'Caron']);
    expect(await caseload('coordinator', 'service')).toEqual(['Aubert', 'Barre', 'Caron']);
    expect(await caseload('coordinator', 'all')).toEqual(['Aubert', 'Barre', 'Caron']);
  });

  it('shows a social worker in "mon service" the people of their service they follow; without a service, all they follow', async () => {
    expect(await caseload('social', 'mine')).toEqual(['Aubert', 'Dumas']);
    expect(await caseload('social', 'service')).toEqual(['Aubert', 'Dumas']);
    expect(await caseload('socialA', 'mine')).toEqual(['Aubert', 'Dumas']);
    expect(await caseload('socialA', 'service')).toEqual(['Aubert']);
    expect(await caseload('socialA', 'all')).toEqual(['Aubert', 'Dumas']);
  });

  it('keeps a nurse to the care teams they belong to', async () => {
    expect(await caseload('nurse', 'mine')).toEqual(['Barre']);
    expect(await caseload('nurse', 'service')).toEqual(['Barre']);
    expect((await as['nurse']!.req('GET', `/api/v1/people/${people['Aubert']}`)).statusCode).toBe(404);
  });

  it('lets the médecin coordonnateur list and open the records of their service by the service policy, not another service', async () => {
    expect(await caseload('doctor', 'mine')).toEqual([]);
    expect(await caseload('doctor', 'service')).toEqual(['Aubert', 'Barre', 'Caron']);
    expect(await caseload('doctor', 'all')).toEqual(['Aubert', 'Barre', 'Caron']);
    const open = await as['doctor']!.req('GET', `/api/v1/people/${people['Aubert']}`);
    expect(open.statusCode).toBe(200);
    expect((open.json() as { access: { via: string } }).access.via).toBe('service_policy');
    expect((await as['doctor']!.req('GET', `/api/v1/people/${people['Dumas']}`)).statusCode).toBe(404);
    // A doctor with no service is granted nothing by the policy.
    expect(await caseload('doctorWithout', 'service')).toEqual([]);
    expect((await as['doctorWithout']!.req('GET', `/api/v1/people/${people['Aubert']}`)).statusCode).toBe(404);
  });
});
