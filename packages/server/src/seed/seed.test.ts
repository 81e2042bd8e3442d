import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, startTestApp, type TestApp } from '../../test/harness.ts';
import { createFirstAdmin } from './first-admin.ts';
import { demoUsers, seedDemo, DEMO_PASSWORD } from './demo.ts';

describe('production installation (SEC-AUTHN-05)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MAILLON_MODE: 'production' });
  });
  afterAll(async () => t?.close());

  it('has no account until the first administrator is created, who then chooses a password and must set up MFA', async () => {
    const users = await t.server.deps.pool.query('select count(*)::int as n from app_user');
    expect(users.rows[0].n).toBe(0);
    const { token } = await createFirstAdmin(t.server.deps.db, {
      organisation: 'EHPAD Les Tilleuls',
      email: 'Direction@Tilleuls.fr',
      displayName: 'Marie Lambert',
    });
    // no password yet: nobody can sign in
    const none = await client(t.app).req('POST', '/api/v1/auth/login', {
      body: { email: 'direction@tilleuls.fr', password: 'anything at all here' },
    });
    expect(none.statusCode).toBe(401);
    expect(
      (await client(t.app).req('POST', '/api/v1/auth/password-reset', { body: { token, newPassword: 'Les tilleuls fleurissent en juin' } }))
        .statusCode,
    ).toBe(200);
    const res = await client(t.app).req('POST', '/api/v1/auth/login', {
      body: { email: 'direction@tilleuls.fr', password: 'Les tilleuls fleurissent en juin' },
    });
    expect(res.json()).toEqual({ status: 'mfa_enrolment_required' });
    await expect(createFirstAdmin(t.server.deps.db, { organisation: 'Autre', email: 'x@y.fr', displayName: 'X Y' })).rejects.toThrow(
      /only once/,
    );
  });
});

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('seeds one user per role once, and never twice', async () => {
    expect(await seedDemo(t.server.deps)).toBe(true);
    expect(await seedDemo(t.server.deps)).toBe(false);
    const res = await client(t.app).req('POST', '/api/v1/auth/login', { body: { email: demoUsers[2]!.email, password: DEMO_PASSWORD } });
    expect(res.json()).toEqual({ status: 'authenticated' });
    const roles = new Set(demoUsers.map((u) => u.role));
    expect(roles.size).toBe(10);
    // the demo caseload shows each access rule at work
    const coord = res.cookies.find((c) => c.name === 'maillon_session')!;
    const list = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people/search',
      headers: { cookie: `maillon_session=${coord.value}`, 'x-requested-with': 'maillon' },
      payload: { scope: 'mine', limit: 50 },
    });
    expect(list.statusCode, list.body).toBe(200);
    expect((list.json() as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(10);
    const partnerLogin = await client(t.app).req('POST', '/api/v1/auth/login', {
      body: { email: 'partenaire@demo.maillon.fr', password: DEMO_PASSWORD },
    });
    const pc = partnerLogin.cookies.find((c) => c.name === 'maillon_session')!;
    const plist = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people/search',
      headers: { cookie: `maillon_session=${pc.value}`, 'x-requested-with': 'maillon' },
      payload: { scope: 'all' },
    });
    expect((plist.json() as { items: unknown[] }).items).toHaveLength(2);

    // a history of signed assessments, so that the GIR chart and the comparison show something
    const headers = { cookie: `maillon_session=${coord.value}`, 'x-requested-with': 'maillon' };
    const lucienne = (list.json() as { items: { id: string; firstNames: string }[] }).items.find((p) => p.firstNames === 'Lucienne')!;
    const series = await t.app.inject({ method: 'GET', url: `/api/v1/people/${lucienne.id}/assessments/series`, headers });
    expect(series.statusCode, series.body).toBe(200);
    const gir = (series.json() as { gir: { date: string; gir: number }[] }).gir;
    // The plan's assessment (110 days ago) has its GIR too (issue 19 item 21).
    const planDay = new Date(Date.now() - 110 * 86_400_000).toISOString().slice(0, 10);
    expect(gir.map((p) => p.date)).toEqual(['2025-09-12', '2026-03-10', planDay, '2026-10-05'].sort());
    // the dependency grows over the year, up to the fall and the hospital stay: GIR 4, 3, then 2
    expect(gir.map((p) => p.gir)).toEqual(planDay < '2026-10-05' ? [4, 3, 3, 2] : [4, 3, 2, 3]);
    const admin = new pg.Client({ connectionString: t.adminUrl });
    await admin.connect();
    const byStatus = await admin.query('select status, count(*)::int as n from assessment group by status order by status');
    // Every signed assessment has its GIR; records followed for months were not opened today;
    // referents vary, each one a member who may be the referent of that person's service (issue 19 item 21).
    const noGir = await admin.query(`select count(*)::int as n from assessment where status = 'signed' and gir is null`);
    expect(noGir.rows[0].n).toBe(0);
    const openedToday = await admin.query(
      `select count(*)::int as n from person p join care_team_member c on c.person_id = p.id and c.is_referent
       where c.start_date < current_date - 7 and p.created_at::date >= current_date - 1`,
    );
    expect(openedToday.rows[0].n).toBe(0);
    const referents = await admin.query<{ role: string; ok: boolean }>(
      `select m.role, (m.service_id is null or p.service_id is null or m.service_id = p.service_id) as ok
       from person p join membership m on m.user_id = p.referent_user_id and m.tenant_id = p.tenant_id
       where p.referent_user_id is not null`,
    );
    expect(new Set(referents.rows.map((r) => r.role))).toEqual(new Set(['coordinator']));
    expect(referents.rows.every((r) => r.ok)).toBe(true);
    const distinctReferents = await admin.query(`select count(distinct referent_user_id)::int as n from person`);
    expect(distinctReferents.rows[0].n).toBeGreaterThan(1);
    // Lucienne Morel's plan in effect is followed: telecare done, the nurse and the day care started
    const followUp = await admin.query<{ to_status: string; description: string }>(
      `select p.to_status, a.description from plan_action_progress p join plan_action a on a.id = p.action_id order by p.recorded_at, p.id`,
    );
    await admin.end();
    expect(followUp.rows.map((r) => [r.to_status, r.description.split(' ')[0]])).toEqual([
      ['done', 'Téléassistance'],
      ['in_progress', 'Passage'],
      ['in_progress', 'Accueil'],
    ]);
    // five signed in three people's histories, two on which the demo plans are built, and one
    // home visit still a draft
    expect(byStatus.rows).toEqual([
      { status: 'draft', n: 1 },
      { status: 'signed', n: 7 },
    ]);
  });

  it('lands each demo role on a caseload that is not empty: the director and the social worker in "mon service", the médecin coordonnateur opens the records of the SSIAD (issue 19)', async () => {
    const session = async (email: string) => {
      const res = await client(t.app).req('POST', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } });
      return client(t.app, `maillon_session=${res.cookies.find((c) => c.name === 'maillon_session')!.value}`);
    };
    const names = async (c: ReturnType<typeof client>, scope: string) =>
      (
        (await c.req('POST', '/api/v1/people/search', { body: { scope, limit: 200 } })).json() as {
          items: { id: string; serviceName: string }[];
        }
      ).items;
    const director = await session('direction@demo.maillon.fr');
    const admin = new pg.Client({ connectionString: t.adminUrl });
    await admin.connect();
    const everyone = (await admin.query('select count(*)::int as n from person where merged_into is null')).rows[0].n as number;
    const inSsiad = (
      await admin.query(`select count(*)::int as n from person p join service s on s.id = p.service_id where s.name = 'SSIAD Valence Nord'`)
    ).rows[0].n as number;
    await admin.end();
    // The director works for every service: "mon service" is the whole organisation.
    expect(await names(director, 'service')).toHaveLength(everyone);
    const social = await session('social@demo.maillon.fr');
    expect((await names(social, 'service')).length).toBe((await names(social, 'mine')).length);
    expect((await names(social, 'service')).length).toBeGreaterThan(0);
    const doctor = await session('medecin@demo.maillon.fr');
    const ssiad = await names(doctor, 'service');
    expect(inSsiad).toBeGreaterThan(0);
    expect(ssiad).toHaveLength(inSsiad);
    expect(new Set(ssiad.map((p) => p.serviceName))).toEqual(new Set(['SSIAD Valence Nord']));
    const open = await doctor.req('GET', `/api/v1/people/${ssiad[0]!.id}`);
    expect(open.statusCode).toBe(200);
    expect((open.json() as { access: { via: string } }).access.via).toBe('service_policy');
  });
});
