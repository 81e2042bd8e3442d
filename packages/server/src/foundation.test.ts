import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../test/harness.ts';
import { MODULES } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { checkDurability, createPool } from './db/pool.ts';

let t: TestApp;
let org: TestOrg;
let admin: Client;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'coordinator'] });
  admin = await login(t.app, org.users.admin!.email);
});
afterAll(async () => t?.close());

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown; body: string },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json() as Record<string, unknown>;
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  expect(typeof body.correlationId).toBe('string');
  expect(res.body).not.toMatch(/at .*\.ts:\d+|node_modules|SELECT |syntax error at/i);
  return body;
}

describe('operations', () => {
  it('answers /healthz and /readyz with the migrations applied', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('serves Prometheus metrics with request durations', async () => {
    await t.app.inject('/healthz');
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('http_request_duration_seconds');
    expect(res.body).toContain('db_pool_clients');
  });

  it('publishes an OpenAPI 3.1 document generated from the schemas, and an interactive reference', async () => {
    const res = await t.app.inject('/api/openapi.json');
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/identity/services', '/api/v1/me']));
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('tells the web app its name, version and mode', async () => {
    const res = await t.app.inject('/api/v1/meta');
    expect(res.json()).toMatchObject({ name: 'Maillon', mode: 'demo' });
    // the modules listed are the ones registered (app.ts), none forgotten
    expect(res.json().modules).toEqual(MODULES.map((m) => m.name));
    expect(res.json().modules).toEqual(expect.arrayContaining(['admissions', 'plans']));
  });
});

describe('errors are problem+json, never a stack trace', () => {
  it('rejects malformed JSON with 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'maillon' },
      payload: '{"email": ',
    });
    expectProblem(res, 400, 'malformed_json');
  });

  it('rejects an oversized body with 413', async () => {
    const big = JSON.stringify({ email: 'a@b.fr', password: 'x'.repeat(2 * 1024 * 1024) });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'maillon' },
      payload: big,
    });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('answers an unknown API route with 404', async () => {
    expectProblem(await t.app.inject('/api/v1/does-not-exist'), 404, 'route_not_found');
    expectProblem(await t.app.inject('/api/nothing'), 404, 'route_not_found');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain', 'x-requested-with': 'maillon' },
      payload: 'hello',
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('rejects unknown body fields with a field-level error', async () => {
    const res = await admin.req('POST', '/api/v1/identity/services', { body: { name: 'Antenne Sud', kind: 'ssiad', tenantId: org.id } });
    const body = expectProblem(res, 400, 'validation_failed');
    expect(JSON.stringify(body.errors)).toContain('tenantId');
  });

  it('names each invalid field', async () => {
    const res = await admin.req('POST', '/api/v1/identity/services', { body: { name: 'A', kind: 'castle', capacity: -3 } });
    const body = expectProblem(res, 400, 'validation_failed');
    const paths = (body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.kind', 'body.capacity']));
  });

  it('refuses prototype pollution (SEC-VAL-07)', async () => {
    const res = await admin.req('POST', '/api/v1/identity/services', {
      body: '{"name":"Antenne","kind":"ssiad","__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
  });

  it('refuses a repeated scalar query parameter (SEC-VAL-07)', async () => {
    const res = await admin.req('GET', '/api/v1/identity/members?limit=5&limit=500');
    expectProblem(res, 400, 'validation_failed');
  });

  it('caps page sizes (SEC-VAL-04)', async () => {
    expectProblem(await admin.req('GET', '/api/v1/identity/members?limit=5000'), 400, 'validation_failed');
  });

  it('does not answer TRACE, on a route or off one, and never echoes the request', async () => {
    for (const url of ['/api/v1/meta', '/api/v1/does-not-exist', '/']) {
      const res = await t.app.inject({ method: 'TRACE' as 'GET', url, headers: { cookie: 'maillon_session=echo-canary' } });
      const body = expectProblem(res, 400, 'validation_failed');
      expect(body.detail).toBe('Method not allowed.');
      expect(res.body).not.toContain('echo-canary');
    }
  });
});

describe('security headers (SEC-DP-03, SEC-DP-05)', () => {
  it('sends a strict CSP with no third-party origin, nosniff, no referrer, and no-store on the API', async () => {
    const res = await admin.req('GET', '/api/v1/me');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});

describe('Idempotency-Key on creates (REL-04)', () => {
  it('returns the stored response for a repeat and creates nothing more', async () => {
    const headers = { 'idempotency-key': 'create-service-0001' };
    const body = { name: 'SAAD Tain-l’Hermitage', kind: 'saad', capacity: 40 };
    const a = await admin.req('POST', '/api/v1/identity/services', { body, headers });
    const b = await admin.req('POST', '/api/v1/identity/services', { body, headers });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json()).toEqual(a.json());
    expect(b.headers['idempotent-replayed']).toBe('true');
    const list = (await admin.req('GET', '/api/v1/identity/services')).json() as { items: { name: string }[] };
    expect(list.items.filter((s) => s.name === body.name)).toHaveLength(1);
  });

  it('answers 422 when the same key comes with another body', async () => {
    const headers = { 'idempotency-key': 'create-service-0002' };
    await admin.req('POST', '/api/v1/identity/services', { body: { name: 'Antenne Crest', kind: 'ssiad' }, headers });
    const res = await admin.req('POST', '/api/v1/identity/services', { body: { name: 'Antenne Die', kind: 'ssiad' }, headers });
    expectProblem(res, 422, 'idempotency_key_reused');
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const key = 'create-service-0003';
    const holder = new pg.Client({ connectionString: t.adminUrl });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select pg_advisory_xact_lock(hashtext($1), hashtext($2))', [`${org.id}:${org.users.admin!.id}`, key]);
    const res = await admin.req('POST', '/api/v1/identity/services', {
      body: { name: 'Antenne Nyons', kind: 'ssiad' },
      headers: { 'idempotency-key': key },
    });
    await holder.query('rollback');
    await holder.end();
    expectProblem(res, 409, 'idempotency_in_progress');
    const after = await admin.req('POST', '/api/v1/identity/services', {
      body: { name: 'Antenne Nyons', kind: 'ssiad' },
      headers: { 'idempotency-key': key },
    });
    expect(after.statusCode).toBe(201);
  });

  it('scopes keys to the user: another user with the same key creates their own', async () => {
    const other = await createOrg(t, { roles: ['admin'] });
    const otherAdmin = await login(t.app, other.users.admin!.email);
    const headers = { 'idempotency-key': 'create-service-0001' };
    const res = await otherAdmin.req('POST', '/api/v1/identity/services', {
      body: { name: 'SAAD Tain-l’Hermitage', kind: 'saad', capacity: 40 },
      headers,
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('optimistic concurrency (REL-05)', () => {
  it('needs If-Match (428), refuses a stale version with the current state (412), and applies a fresh one', async () => {
    const created = (
      await admin.req('POST', '/api/v1/identity/services', { body: { name: 'Antenne Montélimar', kind: 'ssiad', capacity: 20 } })
    ).json() as { id: string; version: number };
    const url = `/api/v1/identity/services/${created.id}`;
    expectProblem(await admin.req('PATCH', url, { body: { capacity: 25 } }), 428, 'precondition_required');
    const first = await admin.req('PATCH', url, { body: { capacity: 25 }, headers: { 'if-match': '"1"' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await admin.req('PATCH', url, { body: { capacity: 30 }, headers: { 'if-match': '"1"' } });
    const body = expectProblem(stale, 412, 'precondition_failed');
    expect(body.current).toMatchObject({ capacity: 25, version: 2 });
    const get = await admin.req('GET', url);
    expect(get.headers.etag).toBe('"2"');
    expect((get.json() as { capacity: number }).capacity).toBe(25);
  });
});

describe('configuration', () => {
  it('lists every bad value in one clear message', () => {
    try {
      loadConfig({ PORT: 'abc', DB_POOL_MAX: '0', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('PORT="abc"');
      expect(msg).toContain('DB_POOL_MAX');
      expect(msg).toContain('LOG_LEVEL');
    }
  });

  it('requires an external database and encryption keys in production mode', () => {
    expect(() => loadConfig({ MAILLON_MODE: 'production' })).toThrow(
      /DATABASE_URL[\s\S]*ENCRYPTION_KEYS|ENCRYPTION_KEYS[\s\S]*DATABASE_URL/,
    );
  });
});

describe('durability check (REL-02)', () => {
  it('reports synchronous_commit=off', async () => {
    const pool = createPool({ url: t.adminUrl, max: 1, statementTimeoutMs: 5000, lockTimeoutMs: 5000 });
    const c = await pool.connect();
    await c.query('set synchronous_commit = off');
    c.release();
    const problems = await checkDurability(pool);
    await pool.end();
    expect(problems).toEqual(['synchronous_commit is off; it must be on']);
  });

  it('finds fsync, synchronous_commit and full_page_writes on in the test database', async () => {
    const pool = createPool({ url: t.adminUrl, max: 1, statementTimeoutMs: 5000, lockTimeoutMs: 5000 });
    expect(await checkDurability(pool)).toEqual([]);
    await pool.end();
  });
});

describe('CSRF defence (SEC-SESS-08)', () => {
  it('refuses a mutation without the X-Requested-With header', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/identity/services',
      headers: { cookie: admin.cookie },
      payload: { name: 'X', kind: 'ssiad' },
    });
    expectProblem(res, 403, 'csrf_rejected');
  });

  it('refuses a cross-site request and a foreign Origin', async () => {
    const a = await admin.req('POST', '/api/v1/identity/services', {
      body: { name: 'Antenne CSRF', kind: 'ssiad' },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expectProblem(a, 403, 'csrf_rejected');
    const b = await admin.req('POST', '/api/v1/identity/services', {
      body: { name: 'Antenne CSRF', kind: 'ssiad' },
      headers: { origin: 'https://evil.example' },
    });
    expectProblem(b, 403, 'csrf_rejected');
  });

  it('accepts a same-origin browser request', async () => {
    const res = await admin.req('POST', '/api/v1/identity/services', {
      body: { name: 'Antenne Same Origin', kind: 'ssiad' },
      headers: { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80', host: 'localhost:80' },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('anonymous access', () => {
  it('refuses protected routes without a session', async () => {
    expectProblem(await client(t.app).req('GET', '/api/v1/identity/services'), 401, 'unauthenticated');
  });
});
