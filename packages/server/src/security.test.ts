import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, client, createOrg, login, startTestApp, type TestApp, type TestOrg } from '../test/harness.ts';
import { inTransaction } from './db/tx.ts';
import { FieldCipher } from './lib/crypto.ts';
import { enqueueMail, dispatchOutbox } from './lib/outbox.ts';
import { createServer } from './server.ts';
import { loadConfig } from './config.ts';

let t: TestApp;
let org: TestOrg;
let admin: pg.Client;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'coordinator'] });
  admin = new pg.Client({ connectionString: t.adminUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await t?.close();
});

describe('fail closed (SEC-AZ-07)', () => {
  it('returns no data when the policy cannot resolve the role', async () => {
    const c = await login(t.app, org.users.coordinator!.email);
    await admin.query(`update membership set role = 'role_that_does_not_exist' where id = $1`, [org.users.coordinator!.membershipId]);
    const res = await c.req('GET', '/api/v1/identity/services');
    await admin.query(`update membership set role = 'coordinator' where id = $1`, [org.users.coordinator!.membershipId]);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, code: 'forbidden' });
    expect(res.body).not.toContain('"items"');
  });
});

describe('input handling', () => {
  it('treats SQL in a search as plain text (SEC-VAL-05)', async () => {
    const c = await login(t.app, org.users.admin!.email);
    const before = await admin.query('select count(*)::int as n from membership');
    for (const q of ["'; drop table membership; --", "%' or '1'='1", '\\x00']) {
      const res = await c.req('POST', '/api/v1/identity/members/search', { body: { q } });
      expect(res.statusCode).toBe(200);
      expect((res.json() as { items: unknown[] }).items).toEqual([]);
    }
    const still = await admin.query('select count(*)::int as n from membership');
    expect(still.rows[0].n).toBe(before.rows[0].n);
  });

  it('rate-limits a flood from one address with 429 (SEC-VAL-04)', async () => {
    const codes = new Set<number>();
    for (let i = 0; i < 610; i++) codes.add((await t.app.inject({ url: '/api/v1/meta', remoteAddress: '10.99.0.1' })).statusCode);
    expect(codes.has(429)).toBe(true);
    expect((await t.app.inject({ url: '/api/v1/meta', remoteAddress: '10.99.0.2' })).statusCode).toBe(200);
  });

  it('counts a signed-in user on their own, not their whole office behind one address (SEC-VAL-04)', async () => {
    const small = await startTestApp({ RATE_LIMIT_PER_MINUTE: '20' });
    try {
      const o = await createOrg(small, { roles: ['admin', 'coordinator'] });
      const busy = await login(small.app, o.users.coordinator!.email, PASSWORD, '10.42.0.1');
      const colleague = await login(small.app, o.users.admin!.email, PASSWORD, '10.42.0.1');
      const codes: number[] = [];
      for (let i = 0; i < 25; i++) codes.push((await busy.req('GET', '/api/v1/identity/services', { ip: '10.42.0.1' })).statusCode);
      expect(codes.slice(0, 20).every((c) => c === 200)).toBe(true);
      expect(codes.at(-1)).toBe(429);
      // same address, another user: not throttled
      expect((await colleague.req('GET', '/api/v1/identity/services', { ip: '10.42.0.1' })).statusCode).toBe(200);
      // anonymous requests are counted per address
      const anon: number[] = [];
      for (let i = 0; i < 25; i++) anon.push((await small.app.inject({ url: '/api/v1/meta', remoteAddress: '10.42.0.9' })).statusCode);
      expect(anon.at(-1)).toBe(429);
      // refused requests count too: a flood of made-up session cookies is stopped per address
      const forged: number[] = [];
      for (let i = 0; i < 25; i++) {
        const res = await small.app.inject({
          url: '/api/v1/identity/services',
          remoteAddress: '10.42.0.7',
          headers: { cookie: `maillon_session=made-up-${i}` },
        });
        forged.push(res.statusCode);
      }
      expect(forged[0]).toBe(401);
      expect(forged.at(-1)).toBe(429);
    } finally {
      await small.close();
    }
  });

  it('ignores X-Forwarded-For unless the proxy is configured (SEC-VAL-10)', async () => {
    const c = client(t.app);
    await c.req('POST', '/api/v1/auth/login', {
      body: { email: org.users.admin!.email, password: PASSWORD },
      headers: { 'x-forwarded-for': '6.6.6.6' },
      ip: '10.8.0.1',
    });
    const r = await admin.query(`select ip from audit_event where action = 'auth.login' order by id desc limit 1`);
    expect(r.rows[0].ip).toBe('10.8.0.1');
  });
});

describe('cryptography (SEC-CRY-01..03)', () => {
  it('stores passwords as argon2id with the documented parameters', async () => {
    const r = await admin.query('select password_hash from app_user where id = $1', [org.users.admin!.id]);
    expect(r.rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('encrypts fields with AES-GCM and a key id, detects tampering, and reads old keys after rotation', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const old = new FieldCipher(new Map([['k1', k1]]), 'k1');
    const ct = old.encrypt('JBSWY3DPEHPK3PXP');
    expect(ct.startsWith('k1:')).toBe(true);
    const rotated = new FieldCipher(
      new Map([
        ['k2', k2],
        ['k1', k1],
      ]),
      'k2',
    );
    expect(rotated.decrypt(ct)).toBe('JBSWY3DPEHPK3PXP');
    expect(rotated.encrypt('x').startsWith('k2:')).toBe(true);
    const parts = ct.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => rotated.decrypt(parts.join(':'))).toThrow();
  });

  it('keeps no keys or credentials in tracked files', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.endsWith('package-lock.json'));
    const patterns = [
      /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
      /AKIA[0-9A-Z]{16}/,
      /postgres(ql)?:\/\/[^:\s/]+:[^@\s$]{6,}@(?!127\.0\.0\.1|localhost|db:)/,
      /xox[baprs]-[0-9A-Za-z-]{10,}/,
    ];
    const hits: string[] = [];
    for (const f of files) {
      let text = '';
      try {
        text = readFileSync(path.join(root, f), 'utf8');
      } catch {
        continue;
      }
      for (const p of patterns) if (p.test(text)) hits.push(`${f}: ${String(p)}`);
    }
    expect(hits).toEqual([]);
  });
});

describe('technical logs hold no secrets (SEC-LOG-03)', () => {
  it('never writes passwords, tokens or codes to the logs', async () => {
    const out: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (d: Buffer) => out.push(d.toString()));
    const serverUrl = new URL(t.adminUrl);
    serverUrl.pathname = `/maillon_t_canary_${randomBytes(4).toString('hex')}`;
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'trace',
      DATABASE_URL: serverUrl.toString(),
      ENCRYPTION_KEYS: `c1:${randomBytes(32).toString('base64url')}`,
      DATA_DIR: '/tmp',
    });
    const s = await createServer(config, { workers: false, logStream: stream });
    try {
      const o = await createOrg({ ...t, app: s.app, server: s } as TestApp, { roles: ['admin'] });
      const canaryPassword = 'CANARY-pass-7f3a9-never-log';
      const c = client(s.app);
      await c.req('POST', '/api/v1/auth/login', { body: { email: o.users.admin!.email, password: canaryPassword } });
      const ok = await c.req('POST', '/api/v1/auth/login', { body: { email: o.users.admin!.email, password: PASSWORD } });
      const token = ok.cookies.find((x) => x.name === 'maillon_session')!.value;
      await c.req('POST', '/api/v1/me/password', { body: { currentPassword: PASSWORD, newPassword: canaryPassword + '-new' } });
      await c.req('POST', '/api/v1/auth/password-reset', {
        body: { token: 'CANARYTOKEN-abcdefghijklmnopqrstuvwxyz', newPassword: canaryPassword },
      });
      await c.req('POST', '/api/v1/auth/mfa/verify', { body: { code: '731-CANARY-CODE' } });
      const log = out.join('');
      // the requests were logged (so the checks below read a real log)
      expect(log).toContain('"url":"/api/v1/auth/login"');
      expect(log).toContain('"url":"/api/v1/auth/mfa/verify"');
      expect(log).not.toContain('CANARY');
      expect(log).not.toContain(token);
      expect(log).not.toContain(PASSWORD);
    } finally {
      await s.close();
      await admin.query(`drop database if exists ${serverUrl.pathname.slice(1)} with (force)`);
    }
  });
});

describe('outbox (SEC-LOG-06, REL-03)', () => {
  it('keeps the business write and retries the e-mail later when the mail server is down', async () => {
    const down = { transport: 'smtp' as const, send: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
    await inTransaction(t.server.deps.db, { tenantId: org.id, userId: null }, async (tx) => {
      await tx.execute(sql`insert into service (id, name, kind) values (gen_random_uuid(), 'Service avec courriel', 'saad')`);
      await enqueueMail(tx, org.id, { to: 'someone@exemple.fr', subject: 'Bonjour', text: 'Texte' });
    });
    const sent = await dispatchOutbox(t.server.deps.db, down, t.app.log);
    expect(sent).toBe(0);
    const m = await admin.query(
      `select status, attempts, last_error, available_at > now() as later from outbox_message where payload->>'to' = 'someone@exemple.fr'`,
    );
    expect(m.rows[0]).toMatchObject({ status: 'pending', attempts: 1, later: true });
    const svc = await admin.query(`select 1 from service where name = 'Service avec courriel'`);
    expect(svc.rowCount).toBe(1);
    await admin.query(`update outbox_message set available_at = now() where payload->>'to' = 'someone@exemple.fr'`);
    const due = await admin.query(`select count(*)::int as n from outbox_message where status = 'pending' and available_at <= now()`);
    expect(await dispatchOutbox(t.server.deps.db, t.server.deps.mailer, t.app.log)).toBe(due.rows[0].n);
    const after = await admin.query(`select status from outbox_message where payload->>'to' = 'someone@exemple.fr'`);
    expect(after.rows).toEqual([{ status: 'sent' }]);
    expect(t.smtp.mails.some((x) => x.to === 'someone@exemple.fr')).toBe(true);
  });

  it('writes nothing when the command fails half-way: no business row, no audit row (REL-03)', async () => {
    const before = await admin.query(`select count(*)::int as n from audit_event`);
    await expect(
      inTransaction(t.server.deps.db, { tenantId: org.id, userId: null }, async (tx) => {
        await tx.execute(sql`insert into service (id, name, kind) values (gen_random_uuid(), 'Service fantôme', 'saad')`);
        await tx.execute(sql`insert into audit_event (tenant_id, action, resource_type) values (${org.id}, 'service.create', 'service')`);
        throw new Error('crash in the middle');
      }),
    ).rejects.toThrow('crash in the middle');
    expect((await admin.query(`select 1 from service where name = 'Service fantôme'`)).rowCount).toBe(0);
    expect((await admin.query(`select count(*)::int as n from audit_event`)).rows[0].n).toBe(before.rows[0].n);
  });
});

describe('database role limits (REL-11)', () => {
  it('runs the app role with statement and lock timeouts', async () => {
    const r = await t.server.deps.pool.query(`select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l`);
    expect(r.rows[0]).toEqual({ s: '15s', l: '5s' });
  });
});

describe('production surface (SEC-DP-07)', () => {
  const metricsToken = 'metrics-token-0123456789abcdef0123456789';

  it('turns the API docs and metrics off by default in production, on by default elsewhere', () => {
    const base = { DATABASE_URL: 'postgres://u:p@db:5432/m', ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64url')}` };
    expect(loadConfig({ ...base, NODE_ENV: 'production' })).toMatchObject({ API_DOCS: false, METRICS: false });
    expect(loadConfig({ ...base, MAILLON_MODE: 'production' })).toMatchObject({ API_DOCS: false, METRICS: false });
    expect(loadConfig({ ...base, NODE_ENV: 'production', API_DOCS: 'true', METRICS: 'yes' })).toMatchObject({
      API_DOCS: true,
      METRICS: true,
    });
    expect(loadConfig({ ...base, NODE_ENV: 'development' })).toMatchObject({ API_DOCS: true, METRICS: true });
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN="short": must be at least 32 printable/);
  });

  it('answers 404 for /metrics and the API docs of a production server that did not enable them', async () => {
    const p = await startTestApp({ NODE_ENV: 'production', MAILLON_MODE: 'production' });
    try {
      for (const url of ['/metrics', '/api/docs', '/api/docs/', '/api/docs/static/index.html', '/api/openapi.json']) {
        const res = await p.app.inject(url);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ status: 404, code: 'route_not_found' });
      }
    } finally {
      await p.close();
    }
  });

  it('asks for the bearer token on /metrics when METRICS_TOKEN is set, compared whole', async () => {
    const p = await startTestApp({ NODE_ENV: 'production', MAILLON_MODE: 'production', METRICS: 'true', METRICS_TOKEN: metricsToken });
    try {
      for (const authorization of [
        undefined,
        `Bearer ${metricsToken.slice(0, -1)}`,
        `Bearer ${metricsToken}x`,
        `Basic ${metricsToken}`,
        metricsToken,
      ]) {
        const res = await p.app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
        expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(res.body).not.toContain('http_request_duration_seconds');
      }
      const ok = await p.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${metricsToken}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('http_request_duration_seconds');
      expect(ok.headers['cache-control']).toBe('no-store');
    } finally {
      await p.close();
    }
  });

  it('can hide the API docs and metrics', async () => {
    const p = await startTestApp({ API_DOCS: 'false', METRICS: 'false' });
    try {
      expect((await p.app.inject('/api/docs/')).statusCode).toBe(404);
      expect((await p.app.inject('/api/openapi.json')).statusCode).toBe(404);
      expect((await p.app.inject('/metrics')).statusCode).toBe(404);
      expect((await p.app.inject('/.git/config')).statusCode).toBe(404);
    } finally {
      await p.close();
    }
  });
});
