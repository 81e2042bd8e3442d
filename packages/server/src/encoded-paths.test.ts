import http from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, login, startTestApp, type TestApp, type TestOrg } from '../test/harness.ts';
import { authPlugin, registeredRoutes } from './plugins/auth.ts';
import { errorsPlugin } from './plugins/errors.ts';

// Access is decided from the route the router matched, never from the text of the URL
// (SEC-AZ-02, SEC-AUTHN-07, SEC-SESS-08, SEC-DP-03). The router decodes percent-escapes
// (`/%61pi/…` is `/api/…`) but not `%2F`, keeps case, `//` and dot segments: every spelling
// below either reaches the real route, and then its real checks, or no route at all.
// Requests go over a real socket: app.inject would tidy `..` and `//` before the server saw them.

let t: TestApp;
let org: TestOrg;
let db: pg.Client;
let base: { host: string; port: number };
let adminCookie: string;
let coordinatorCookie: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'coordinator'] });
  adminCookie = (await login(t.app, org.users.admin!.email)).cookie;
  coordinatorCookie = (await login(t.app, org.users.coordinator!.email)).cookie;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = { host: '127.0.0.1', port: (t.app.server.address() as AddressInfo).port };
  db = new pg.Client({ connectionString: t.adminUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends the request line exactly as written: no normalisation of the path by the client. */
function raw(
  method: string,
  target: string,
  opts: { headers?: Record<string, string>; body?: unknown; to?: { host: string; port: number } } = {},
): Promise<RawResponse> {
  const to = opts.to ?? base;
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: to.host,
        port: to.port,
        method,
        path: target,
        agent: false,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function problem(res: RawResponse): { status: number; code: string } {
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const p = JSON.parse(res.body) as { status: number; code: string };
  return { status: res.status, code: p.code };
}

/** Spellings of `/api/v1/audit/events` and what each must get from an anonymous caller. */
const protectedGet: [string, { status: number; code: string }][] = [
  ['/api/v1/audit/events', { status: 401, code: 'unauthenticated' }],
  ['/%61pi/v1/audit/events', { status: 401, code: 'unauthenticated' }],
  ['/%61%70%69/v1/%61udit/%65vents', { status: 401, code: 'unauthenticated' }],
  ['/%61pi/v1/audit/events?limit=5', { status: 401, code: 'unauthenticated' }],
  ['/%61pi/v1/audit/events/', { status: 401, code: 'unauthenticated' }],
  ['http://localhost/%61pi/v1/audit/events', { status: 401, code: 'unauthenticated' }],
  ['/api%2Fv1%2Faudit%2Fevents', { status: 404, code: 'route_not_found' }],
  ['/api/v1%2faudit/events', { status: 404, code: 'route_not_found' }],
  ['/%2561pi/v1/audit/events', { status: 404, code: 'route_not_found' }],
  ['//api/v1/audit/events', { status: 404, code: 'route_not_found' }],
  ['/api//v1/audit/events', { status: 404, code: 'route_not_found' }],
  ['/API/v1/audit/events', { status: 404, code: 'route_not_found' }],
  ['/Api/V1/Audit/Events', { status: 404, code: 'route_not_found' }],
  ['/%41PI/v1/audit/events', { status: 404, code: 'route_not_found' }],
  ['/api/v1/audit/events.', { status: 404, code: 'route_not_found' }],
  ['/api/v1/audit/events..', { status: 404, code: 'route_not_found' }],
  ['/api/v1/audit/events/..', { status: 404, code: 'route_not_found' }],
  ['/api/v1/people/../audit/events', { status: 404, code: 'route_not_found' }],
  ['/api/./v1/audit/events', { status: 404, code: 'route_not_found' }],
  ['/api/v1/audit/%2e%2e/audit/events', { status: 404, code: 'route_not_found' }],
];

describe('encoded paths reach the same checks as plain ones (SEC-AZ-02, SEC-AUTHN-07)', () => {
  for (const [target, expected] of protectedGet) {
    it(`GET ${target} without a session: ${expected.status} ${expected.code}, no-store`, async () => {
      const res = await raw('GET', target);
      expect(problem(res)).toEqual(expected);
      expect(res.headers['cache-control']).toBe('no-store');
    });
  }

  it('applies the permission of the matched route to an encoded path (403 forbidden, traced)', async () => {
    const res = await raw('GET', '/%61pi/v1/audit/events', { headers: { cookie: coordinatorCookie } });
    expect(problem(res)).toEqual({ status: 403, code: 'forbidden' });
    const denied = await db.query(`select resource_id from audit_event where action = 'authz.denied' and actor_user_id = $1`, [
      org.users.coordinator!.id,
    ]);
    expect(denied.rows).toEqual([{ resource_id: 'GET /api/v1/audit/events' }]);
  });

  it('marks an answer reached by an encoded path no-store (SEC-DP-03)', async () => {
    const res = await raw('GET', '/%61pi/v1/audit/events', { headers: { cookie: adminCookie } });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Array.isArray((JSON.parse(res.body) as { items: unknown[] }).items)).toBe(true);
  });
});

/** Spellings of `POST /api/v1/identity/services`, and what each gets once the CSRF header is sent. */
const mutation: [string, { status: number; code: string }][] = [
  ['/api/v1/identity/services', { status: 401, code: 'unauthenticated' }],
  ['/%61pi/v1/identity/services', { status: 401, code: 'unauthenticated' }],
  ['/%61pi/v1/%69dentity/services', { status: 401, code: 'unauthenticated' }],
  ['http://localhost/%61pi/v1/identity/services', { status: 401, code: 'unauthenticated' }],
  ['/api%2Fv1%2Fidentity%2Fservices', { status: 404, code: 'route_not_found' }],
  ['/%2561pi/v1/identity/services', { status: 404, code: 'route_not_found' }],
  ['//api/v1/identity/services', { status: 404, code: 'route_not_found' }],
  ['/API/v1/identity/services', { status: 404, code: 'route_not_found' }],
  ['/Api/v1/Identity/Services', { status: 404, code: 'route_not_found' }],
  ['/api/v1/identity/services.', { status: 404, code: 'route_not_found' }],
  ['/api/v1/identity/services/..', { status: 404, code: 'route_not_found' }],
  ['/api/v1/people/../identity/services', { status: 404, code: 'route_not_found' }],
];

describe('encoded paths on a mutation (SEC-SESS-08, SEC-AZ-02)', () => {
  const body = { name: 'Service encodé', kind: 'saad' };

  for (const [target, expected] of mutation) {
    it(`POST ${target} without the CSRF header: 403 csrf_rejected`, async () => {
      const res = await raw('POST', target, { body });
      expect(problem(res)).toEqual({ status: 403, code: 'csrf_rejected' });
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it(`POST ${target} with the CSRF header and no session: ${expected.status} ${expected.code}`, async () => {
      const res = await raw('POST', target, { body, headers: { 'x-requested-with': 'maillon' } });
      expect(problem(res)).toEqual(expected);
      expect(res.headers['cache-control']).toBe('no-store');
    });
  }

  it('refuses an encoded mutation to a role without the permission (403 forbidden)', async () => {
    const res = await raw('POST', '/%61pi/v1/identity/services', {
      body,
      headers: { 'x-requested-with': 'maillon', cookie: coordinatorCookie },
    });
    expect(problem(res)).toEqual({ status: 403, code: 'forbidden' });
  });

  it('refuses a cross-site encoded mutation even with a valid session (403 csrf_rejected)', async () => {
    const res = await raw('POST', '/%61pi/v1/identity/services', {
      body,
      headers: { 'x-requested-with': 'maillon', cookie: adminCookie, origin: 'https://evil.example' },
    });
    expect(problem(res)).toEqual({ status: 403, code: 'csrf_rejected' });
  });

  it('asks for step-up on an encoded change of rights, as on the plain path (403 step_up_required)', async () => {
    await db.query(`update session set authenticated_at = now() - interval '1 hour' where user_id = $1`, [org.users.admin!.id]);
    try {
      for (const target of ['/api/v1/identity/invitations', '/%61pi/v1/identity/invitations', '/%61pi/v1/%69dentity/invitations']) {
        const res = await raw('POST', target, {
          body: { email: 'step.up@example.fr', displayName: 'Étape Montée', role: 'admin' },
          headers: { 'x-requested-with': 'maillon', cookie: adminCookie },
        });
        expect([target, problem(res)]).toEqual([target, { status: 403, code: 'step_up_required' }]);
      }
      const invited = await db.query(`select count(*)::int as n from invitation where email = 'step.up@example.fr'`);
      expect(invited.rows).toEqual([{ n: 0 }]);
    } finally {
      await db.query(`update session set authenticated_at = now() where user_id = $1`, [org.users.admin!.id]);
    }
  });

  it('inserted no service through any of these spellings', async () => {
    const r = await db.query(`select count(*)::int as n from service where name = $1`, [body.name]);
    expect(r.rows).toEqual([{ n: 0 }]);
  });
});

describe('the web app page is served for its own addresses only (SEC-AUTHN-07)', () => {
  let web: TestApp;
  let to: { host: string; port: number };
  beforeAll(async () => {
    const dist = await mkdtemp(path.join(os.tmpdir(), 'maillon-web-'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Maillon</title>');
    await writeFile(path.join(dist, 'app.js'), 'console.log(1);');
    web = await startTestApp({ WEB_DIST_DIR: dist });
    await web.app.listen({ port: 0, host: '127.0.0.1' });
    to = { host: '127.0.0.1', port: (web.app.server.address() as AddressInfo).port };
  });
  afterAll(async () => web?.close());

  it('answers the page, no-cache, for a plain app path', async () => {
    const res = await raw('GET', '/people/0190d5c1-4b2a-7c3d-8e4f-a1b2c3d4e5f6', { to });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe('<!doctype html><title>Maillon</title>');
  });

  it('serves the built files with their own cache policy', async () => {
    const res = await raw('GET', '/app.js', { to });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  for (const target of [
    '/%61pi/v1/nothing',
    '/API/v1/nothing',
    '//api/v1/nothing',
    '/api/v1/nothing',
    '/people/%2e%2e/api',
    '/people/..',
    '/.env',
    '/missing.js',
    '/Metrics',
  ]) {
    it(`answers GET ${target} with a 404 problem, not the page`, async () => {
      const res = await raw('GET', target, { to });
      expect(problem(res)).toEqual({ status: 404, code: 'route_not_found' });
      expect(res.headers['cache-control']).toBe('no-store');
    });
  }
});

describe('every route declares its access, API or not (SEC-AUTHN-07, SEC-AZ-02)', () => {
  it('has declared access on every route of the app, the API reference and ops routes included', () => {
    const undeclared = registeredRoutes.filter(
      (r) => [r.config.permission, r.config.authenticated, r.config.public].filter(Boolean).length !== 1,
    );
    expect(undeclared).toEqual([]);
    const urls = new Set(registeredRoutes.map((r) => r.url));
    for (const url of ['/healthz', '/readyz', '/metrics', '/api/openapi.json', '/api/docs', '/api/docs/static/*'])
      expect(urls.has(url)).toBe(true);
  });

  it('refuses to register a route outside /api that declares nothing', async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.decorate('deps', t.server.deps);
    await app.register(authPlugin);
    await expect(
      app
        .register(async (a) => {
          a.get('/reports/export', async () => ({}));
        })
        .ready(),
    ).rejects.toThrow('route GET /reports/export must declare exactly one of permission, authenticated or public');
  });

  it('refuses at request time a route that escaped the registration check (403 forbidden)', async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.decorate('deps', t.server.deps);
    await app.register(errorsPlugin);
    // registered before the auth plugin, so its registration check never saw it
    app.get('/early', async () => ({ secret: true }));
    await app.register(authPlugin);
    try {
      const res = await app.inject('/early');
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden', detail: 'This route declares no access rule.' });
    } finally {
      await app.close();
    }
  });
});
