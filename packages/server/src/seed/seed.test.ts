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
    expect(await seedDemo(t.server.deps.db, t.server.deps.cipher)).toBe(true);
    expect(await seedDemo(t.server.deps.db, t.server.deps.cipher)).toBe(false);
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
  });
});
