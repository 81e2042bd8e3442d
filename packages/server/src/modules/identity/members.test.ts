import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions, rolePermissions, roles } from '@maillon/shared/identity';
import { PASSWORD, client, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import { registeredRoutes } from '../../plugins/auth.ts';

let t: TestApp;
let org: TestOrg;
let admin: Client;
let sql: pg.Client;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: [...roles] });
  admin = await login(t.app, org.users.admin!.email);
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('every route declares its access (SEC-AUTHN-07, SEC-AZ-02)', () => {
  it('has a permission, "authenticated" or an explicit public flag on every API route', () => {
    const api = registeredRoutes.filter((r) => r.url.startsWith('/api/v1/'));
    expect(api.length).toBeGreaterThan(20);
    const undeclared = api.filter((r) => [r.config.permission, r.config.authenticated, r.config.public].filter(Boolean).length !== 1);
    expect(undeclared).toEqual([]);
    const publicOnes = api
      .filter((r) => r.config.public && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicOnes).toEqual(
      [
        'GET /api/v1/meta',
        'POST /api/v1/auth/invitations/accept',
        'POST /api/v1/auth/invitations/preview',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'POST /api/v1/auth/password-reset',
        'POST /api/v1/auth/password-reset/request',
      ].sort(),
    );
  });

  it('refuses to register a route that declares nothing', async () => {
    const { default: Fastify } = await import('fastify');
    const { authPlugin } = await import('../../plugins/auth.ts');
    const app = Fastify();
    app.decorate('deps', t.server.deps);
    await app.register(authPlugin);
    await expect(
      app
        .register(async (a) => {
          a.get('/api/v1/oops', async () => ({}));
        })
        .ready(),
    ).rejects.toThrow(/must declare exactly one/);
  });
});

describe('the permission matrix is data, and the server applies it (SEC-AZ-01)', () => {
  // Tests generated from the matrix: for each role, one route guarded by each identity permission.
  const probes: Record<string, { method: string; url: string; body?: unknown }> = {
    'user.read': { method: 'GET', url: '/api/v1/identity/members' },
    'user.invite': { method: 'GET', url: '/api/v1/identity/invitations' },
    'audit.read': { method: 'GET', url: '/api/v1/audit/events' },
    'service.read': { method: 'GET', url: '/api/v1/identity/services' },
    'organisation.read': { method: 'GET', url: '/api/v1/identity/organisation' },
  };
  for (const role of roles) {
    for (const [perm, probe] of Object.entries(probes)) {
      const allowed = rolePermissions[role].includes(perm as (typeof permissions)[number]);
      it(`${role} ${allowed ? 'may' : 'may not'} ${perm}`, async () => {
        const c = await login(t.app, org.users[role]!.email, PASSWORD, `10.20.${roles.indexOf(role)}.1`);
        const res = await c.req(probe.method, probe.url);
        expect(res.statusCode).toBe(allowed ? 200 : 403);
      });
    }
  }

  it('logs refused authorisations (SEC-LOG-02)', async () => {
    const c = await login(t.app, org.users.care_staff!.email);
    await c.req('GET', '/api/v1/audit/events');
    const r = await sql.query(`select actor_user_id, outcome from audit_event where action = 'authz.denied' and actor_user_id = $1`, [
      org.users.care_staff!.id,
    ]);
    expect(r.rows[0]).toMatchObject({ outcome: 'denied' });
  });
});

describe('members administration', () => {
  it('lists and searches members, accent-insensitively, with keyset pagination', async () => {
    const page1 = (await admin.req('GET', '/api/v1/identity/members?limit=4')).json() as { items: { email: string }[]; nextCursor: string };
    expect(page1.items).toHaveLength(4);
    const page2 = (await admin.req('GET', `/api/v1/identity/members?limit=4&cursor=${page1.nextCursor}`)).json() as {
      items: { email: string }[];
    };
    expect(page2.items.map((i) => i.email)).not.toContain(page1.items[0]!.email);
    const found = (await admin.req('POST', '/api/v1/identity/members/search', { body: { q: 'DPO' } })).json() as {
      items: { role: string }[];
    };
    expect(found.items.map((i) => i.role)).toContain('dpo');
    const bad = await admin.req('GET', '/api/v1/identity/members?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
  });

  it('changes a role only after a fresh authentication, with If-Match, and audits it (SEC-SESS-06)', async () => {
    const m = org.users.logistics_referent!;
    const get = await admin.req('GET', `/api/v1/identity/members/${m.membershipId}`);
    const etag = String(get.headers.etag);
    await sql.query(`update session set authenticated_at = now() - interval '10 minutes' where user_id = $1`, [org.users.admin!.id]);
    const stale = await admin.req('PATCH', `/api/v1/identity/members/${m.membershipId}`, {
      body: { role: 'hr_manager' },
      headers: { 'if-match': etag },
    });
    expect(stale.json()).toMatchObject({ code: 'step_up_required' });
    expect((await admin.req('POST', '/api/v1/auth/reauthenticate', { body: { password: PASSWORD } })).statusCode).toBe(200);
    const ok = await admin.req('PATCH', `/api/v1/identity/members/${m.membershipId}`, {
      body: { role: 'hr_manager' },
      headers: { 'if-match': etag },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ role: 'hr_manager' });
    const audit = await sql.query(`select details from audit_event where action = 'user.role_changed' and resource_id = $1`, [
      m.membershipId,
    ]);
    expect(audit.rows[0].details).toMatchObject({ from: 'logistics_referent', to: 'hr_manager' });
  });

  it('refuses an administrator their own role change and their own deactivation, each with its own code', async () => {
    const me = org.users.admin!;
    expect((await admin.req('POST', '/api/v1/auth/reauthenticate', { body: { password: PASSWORD } })).statusCode).toBe(200);
    const etag = String((await admin.req('GET', `/api/v1/identity/members/${me.membershipId}`)).headers.etag);
    const role = await admin.req('PATCH', `/api/v1/identity/members/${me.membershipId}`, {
      body: { role: 'coordinator' },
      headers: { 'if-match': etag },
    });
    expect([role.statusCode, role.json().code]).toEqual([409, 'member.own_role']);
    const off = await admin.req('POST', `/api/v1/identity/members/${me.membershipId}/deactivate`, { headers: { 'if-match': etag } });
    expect([off.statusCode, off.json().code]).toEqual([409, 'member.self_deactivation']);
  });

  it('refuses mass assignment of tenant, role or version through the body (SEC-AZ-04)', async () => {
    const m = org.users.hr_manager!;
    const get = await admin.req('GET', `/api/v1/identity/members/${m.membershipId}`);
    const res = await admin.req('PATCH', `/api/v1/identity/members/${m.membershipId}`, {
      body: { jobTitle: 'RH', tenantId: org.id, version: 99 },
      headers: { 'if-match': String(get.headers.etag) },
    });
    expect(res.statusCode).toBe(400);
  });

  it('deactivation ends the sessions at once and blocks login (SEC-SESS-04, SEC-AZ-06)', async () => {
    const target = await createOrg(t, { roles: ['coordinator'] });
    // the target user also joins our organisation
    const u = target.users.coordinator!;
    await t.server.deps.db.transaction(async (tx) => {
      const { sql: q } = await import('drizzle-orm');
      await tx.execute(q`select set_config('app.tenant_id', ${org.id}, true)`);
      const { membership } = await import('./tables.ts');
      const { newId } = await import('../../lib/ids.ts');
      await tx.insert(membership).values({ id: newId(), userId: u.id, role: 'social_worker' });
    });
    const victim = await login(t.app, u.email);
    // switch the victim into our organisation
    const me = (await victim.req('GET', '/api/v1/me')).json() as { organisations: { id: string }[] };
    expect(me.organisations.map((o) => o.id)).toContain(org.id);
    expect((await victim.req('POST', '/api/v1/me/organisation', { body: { organisationId: org.id } })).statusCode).toBe(200);
    expect(((await victim.req('GET', '/api/v1/me')).json() as { organisation: { id: string } }).organisation.id).toBe(org.id);
    const list = (await admin.req('POST', '/api/v1/identity/members/search', { body: { q: u.email } })).json() as {
      items: { membershipId: string; version: number }[];
    };
    const target2 = list.items[0]!;
    const res = await admin.req('POST', `/api/v1/identity/members/${target2.membershipId}/deactivate`, {
      headers: { 'if-match': `"${target2.version}"` },
    });
    expect(res.statusCode).toBe(200);
    expect((await victim.req('GET', '/api/v1/identity/services')).statusCode).toBe(401);
  });

  it('cannot see or change a member of another organisation (404, SEC-AZ-03)', async () => {
    const other = await createOrg(t, { roles: ['admin', 'coordinator'] });
    const id = other.users.coordinator!.membershipId;
    expect((await admin.req('GET', `/api/v1/identity/members/${id}`)).statusCode).toBe(404);
    expect(
      (await admin.req('PATCH', `/api/v1/identity/members/${id}`, { body: { jobTitle: 'x' }, headers: { 'if-match': '"1"' } })).statusCode,
    ).toBe(404);
    const svc = (
      await (
        await login(t.app, other.users.admin!.email)
      ).req('POST', '/api/v1/identity/services', { body: { name: 'Service privé', kind: 'saad' } })
    ).json() as { id: string };
    expect((await admin.req('GET', `/api/v1/identity/services/${svc.id}`)).statusCode).toBe(404);
    expect(
      (await admin.req('PATCH', `/api/v1/identity/services/${svc.id}`, { body: { capacity: 1 }, headers: { 'if-match': '"1"' } }))
        .statusCode,
    ).toBe(404);
  });
});

describe('step-up before every change of rights (SEC-SESS-06)', () => {
  type Call = { method: string; url: string; body?: unknown; headers?: Record<string, string>; status: number };
  const etagOf = async (c: Client, url: string) => String((await c.req('GET', url)).headers.etag);
  // One way to call each route that declares `stepUp: true`; the first test holds this table to the routes.
  const calls: Record<string, (c: Client, o: TestOrg) => Promise<Call>> = {
    'POST /api/v1/identity/invitations': async (_c, o) => ({
      method: 'POST',
      url: '/api/v1/identity/invitations',
      body: { email: `nouvel.admin.${o.id.slice(-6)}@exemple.fr`, displayName: 'Nouvel Admin', role: 'admin' },
      status: 201,
    }),
    'PATCH /api/v1/identity/members/:id': async (c, o) => {
      const url = `/api/v1/identity/members/${o.users.coordinator!.membershipId}`;
      return { method: 'PATCH', url, body: { profession: 'nurse' }, headers: { 'if-match': await etagOf(c, url) }, status: 200 };
    },
    'POST /api/v1/identity/members/:id/deactivate': async (c, o) => {
      const url = `/api/v1/identity/members/${o.users.coordinator!.membershipId}`;
      return { method: 'POST', url: `${url}/deactivate`, headers: { 'if-match': await etagOf(c, url) }, status: 200 };
    },
    'POST /api/v1/identity/members/:id/reactivate': async (c, o) => {
      await sql.query(`update membership set status = 'deactivated', deactivated_at = now() where id = $1`, [
        o.users.coordinator!.membershipId,
      ]);
      const url = `/api/v1/identity/members/${o.users.coordinator!.membershipId}`;
      return { method: 'POST', url: `${url}/reactivate`, headers: { 'if-match': await etagOf(c, url) }, status: 200 };
    },
    'PATCH /api/v1/identity/organisation': async (c) => {
      const url = '/api/v1/identity/organisation';
      return { method: 'PATCH', url, body: { mfaRequiredRoles: [] }, headers: { 'if-match': await etagOf(c, url) }, status: 200 };
    },
  };

  // Exports of care data that ask for a fresh authentication too, each checked by its module's test.
  const exportsCheckedElsewhere = ['GET /api/v1/people/:personId/journal/pdf' /* coordination/journal.test.ts */];

  it('declares step-up on exactly the routes that change rights, and the exports checked elsewhere', () => {
    const flagged = new Set(registeredRoutes.filter((r) => r.config.stepUp).map((r) => `${r.method} ${r.url}`));
    expect([...flagged].sort()).toEqual([...Object.keys(calls), ...exportsCheckedElsewhere].sort());
  });

  for (const [route, build] of Object.entries(calls)) {
    it(`${route}: 403 step_up_required with an authentication older than STEP_UP_SECONDS, done after reauthenticating`, async () => {
      const o = await createOrg(t, { roles: ['admin', 'coordinator'], mfaRequiredRoles: [] });
      const c = await login(t.app, o.users.admin!.email);
      const call = await build(c, o);
      const age = t.server.deps.config.STEP_UP_SECONDS + 5;
      await sql.query(`update session set authenticated_at = now() - make_interval(secs => $2) where user_id = $1`, [
        o.users.admin!.id,
        age,
      ]);
      const stale = await c.req(call.method, call.url, call);
      expect(stale.statusCode).toBe(403);
      expect(stale.json()).toMatchObject({ code: 'step_up_required' });
      expect((await c.req('POST', '/api/v1/auth/reauthenticate', { body: { password: PASSWORD } })).statusCode).toBe(200);
      // Same If-Match as the refused call: it changed nothing.
      const done = await c.req(call.method, call.url, call);
      expect(done.statusCode).toBe(call.status);
    });
  }
});

describe('invitations', () => {
  const tokenFrom = (text: string) => /#token=([A-Za-z0-9_-]+)/.exec(text)![1]!;

  it('invites by e-mail with a role; the invitee sets a password and signs in; the link works once', async () => {
    const res = await admin.req('POST', '/api/v1/identity/invitations', {
      body: { email: 'Lea.Martin@Exemple.fr', displayName: 'Léa Martin', role: 'coordinator' },
    });
    expect(res.statusCode).toBe(201);
    expect(JSON.stringify(res.json())).not.toContain('token');
    const mail = (await t.flushMail()).at(-1)!;
    expect(mail.to).toBe('lea.martin@exemple.fr');
    const token = tokenFrom(mail.text);
    const preview = await client(t.app).req('POST', '/api/v1/auth/invitations/preview', { body: { token } });
    // The name the administrator typed comes back, so the invitee does not retype it (issue 19 item 12).
    expect(preview.json()).toMatchObject({
      email: 'lea.martin@exemple.fr',
      displayName: 'Léa Martin',
      role: 'coordinator',
      needsPassword: true,
    });
    const weak = await client(t.app).req('POST', '/api/v1/auth/invitations/accept', { body: { token, password: 'short' } });
    expect(weak.statusCode).toBe(400);
    // Accepted without a name: the one the administrator typed is kept.
    const ok = await client(t.app).req('POST', '/api/v1/auth/invitations/accept', {
      body: { token, password: 'La Drôme en automne' },
    });
    expect(ok.statusCode).toBe(200);
    const again = await client(t.app).req('POST', '/api/v1/auth/invitations/accept', { body: { token, password: 'La Drôme en automne' } });
    expect(again.statusCode).toBe(400);
    const lea = await login(t.app, 'lea.martin@exemple.fr', 'La Drôme en automne');
    const me = (await lea.req('GET', '/api/v1/me')).json() as { membership: { role: string }; user: { displayName: string } };
    expect(me.membership.role).toBe('coordinator');
    expect(me.user.displayName).toBe('Léa Martin');
    // a coordinator cannot administer users
    expect(
      (await lea.req('POST', '/api/v1/identity/invitations', { body: { email: 'x@y.fr', displayName: 'X Y', role: 'admin' } })).statusCode,
    ).toBe(403);
  });

  it("counts wrong passwords of an existing account on that user's throttle (SEC-AUTHN-04)", async () => {
    const other = await createOrg(t, { roles: ['coordinator'] });
    const c = await login(t.app, org.users.admin!.email);
    await c.req('POST', '/api/v1/identity/invitations', {
      body: { email: other.users.coordinator!.email, displayName: 'Déjà Inscrite', role: 'care_staff' },
    });
    const token = tokenFrom((await t.flushMail()).at(-1)!.text);
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await client(t.app).req('POST', '/api/v1/auth/invitations/accept', { body: { token, password: `wrong-${i}-password` } }))
          .statusCode,
      );
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 429]);
    const locked = await client(t.app).req('POST', '/api/v1/auth/invitations/accept', { body: { token, password: PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // the same lock holds at step-up for that user
    const signedIn = await login(t.app, other.users.coordinator!.email);
    expect((await signedIn.req('POST', '/api/v1/auth/reauthenticate', { body: { password: PASSWORD } })).statusCode).toBe(429);
  });

  it('refuses an expired invitation', async () => {
    await admin.req('POST', '/api/v1/identity/invitations', {
      body: { email: 'late@exemple.fr', displayName: 'Late Comer', role: 'care_staff' },
    });
    const token = tokenFrom((await t.flushMail()).at(-1)!.text);
    await sql.query(`update invitation set expires_at = now() - interval '1 minute' where email = 'late@exemple.fr'`);
    const res = await client(t.app).req('POST', '/api/v1/auth/invitations/accept', {
      body: { token, password: 'Une phrase pour rien du tout' },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe("another organisation's service is never accepted (SEC-AZ-03)", () => {
  const otherService = async () => {
    const other = await createOrg(t, { roles: ['admin'] });
    const c = await login(t.app, other.users.admin!.email);
    return (
      (await c.req('POST', '/api/v1/identity/services', { body: { name: 'Service d’ailleurs', kind: 'saad' } })).json() as { id: string }
    ).id;
  };
  const unknownService = { code: 'validation_failed', errors: [{ path: 'body.serviceId', code: 'unknown_service' }] };

  it('refuses an invitation to it with 400 naming serviceId, and writes no invitation', async () => {
    const serviceId = await otherService();
    const c = await login(t.app, org.users.admin!.email);
    const res = await c.req('POST', '/api/v1/identity/invitations', {
      body: { email: 'cross.tenant@exemple.fr', displayName: 'Cross Tenant', role: 'coordinator', serviceId },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject(unknownService);
    expect((await sql.query(`select 1 from invitation where email = 'cross.tenant@exemple.fr'`)).rowCount).toBe(0);
  });

  it("refuses a member update to it with 400 naming serviceId, and leaves the member's service as it was", async () => {
    const serviceId = await otherService();
    const c = await login(t.app, org.users.admin!.email);
    const url = `/api/v1/identity/members/${org.users.care_staff!.membershipId}`;
    const before = await c.req('GET', url);
    const res = await c.req('PATCH', url, { body: { serviceId }, headers: { 'if-match': String(before.headers.etag) } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject(unknownService);
    expect((await c.req('GET', url)).json()).toMatchObject({ serviceId: null, version: (before.json() as { version: number }).version });
  });

  it('accepts its own service', async () => {
    const c = await login(t.app, org.users.admin!.email);
    const own = (await c.req('POST', '/api/v1/identity/services', { body: { name: 'Antenne de Crest', kind: 'ssiad' } })).json() as {
      id: string;
    };
    const url = `/api/v1/identity/members/${org.users.care_staff!.membershipId}`;
    const before = await c.req('GET', url);
    const res = await c.req('PATCH', url, { body: { serviceId: own.id }, headers: { 'if-match': String(before.headers.etag) } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ serviceId: own.id });
  });

  it('is refused by the database too, whichever table points at it (migration 0018)', async () => {
    const serviceId = await otherService();
    const tables = ['membership', 'invitation', 'person', 'referral', 'waiting_list_entry', 'document_checklist', 'journal_entry'];
    const r = await sql.query<{ tbl: string }>(
      `select c.conrelid::regclass::text as tbl from pg_constraint c
       where c.contype = 'f' and c.confrelid = 'service'::regclass
         and (select array_agg(a.attname::text order by a.attname) from pg_attribute a where a.attrelid = c.conrelid and a.attnum = any(c.conkey))
             @> array['tenant_id']`,
    );
    expect(new Set(r.rows.map((x) => x.tbl))).toEqual(new Set(tables));
    await expect(
      t.server.deps.db.transaction(async (tx) => {
        const { sql: q } = await import('drizzle-orm');
        await tx.execute(q`select set_config('app.tenant_id', ${org.id}, true)`);
        await tx.execute(q`update membership set service_id = ${serviceId} where id = ${org.users.dpo!.membershipId}`);
      }),
    ).rejects.toMatchObject({ cause: { code: '23503' } });
  });
});

describe('services', () => {
  it('refuses a second service with the same name with 409 and the field, not a 500', async () => {
    await admin.req('POST', '/api/v1/identity/services', { body: { name: 'Antenne de Die', kind: 'ssiad' } });
    const res = await admin.req('POST', '/api/v1/identity/services', { body: { name: 'antenne de die', kind: 'saad' } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'service.name_taken', errors: [{ path: 'body.name', code: 'duplicate' }] });
  });
});

describe('organisation settings', () => {
  it('reads and changes the MFA policy with If-Match', async () => {
    const get = await admin.req('GET', '/api/v1/identity/organisation');
    const res = await admin.req('PATCH', '/api/v1/identity/organisation', {
      body: { mfaRequiredRoles: ['admin', 'dpo'] },
      headers: { 'if-match': String(get.headers.etag) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mfaRequiredRoles: ['admin', 'dpo'] });
    const stale = await admin.req('PATCH', '/api/v1/identity/organisation', {
      body: { name: 'Autre nom' },
      headers: { 'if-match': String(get.headers.etag) },
    });
    expect(stale.statusCode).toBe(412);
  });

  it('validates the FINESS number', async () => {
    const get = await admin.req('GET', '/api/v1/identity/organisation');
    const res = await admin.req('PATCH', '/api/v1/identity/organisation', {
      body: { finess: '12AB' },
      headers: { 'if-match': String(get.headers.etag) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ path: 'body.finess' }] });
  });
});
