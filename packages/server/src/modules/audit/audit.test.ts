import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import { sealAudit } from './service.ts';
import { verifyAuditChain } from './verify.ts';

let t: TestApp;
let org: TestOrg;
let dpo: Client;
let admin: pg.Client;

/** Seals until nothing committed is left unsealed. Other test files share the PostgreSQL cluster,
 * and their open transactions hold the sealing horizon back for a moment: wait on the condition. */
async function sealAll() {
  for (let i = 0; i < 400; i++) {
    await sealAudit(t.server.deps.db);
    const r = await admin.query('select count(*)::int as n from audit_event where hash is null');
    if (r.rows[0].n === 0) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('audit rows stayed unsealed');
}

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'dpo', 'coordinator'] });
  dpo = await login(t.app, org.users.dpo!.email);
  admin = new pg.Client({ connectionString: t.adminUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await t?.close();
});

describe('audit log (SEC-LOG-01, 02, 04)', () => {
  it('records who, when, what, where and the outcome of each action', async () => {
    const c = await login(t.app, org.users.admin!.email);
    await c.req('POST', '/api/v1/identity/services', { body: { name: 'SSIAD des Baronnies', kind: 'ssiad' } });
    const r = await admin.query(`select * from audit_event where action = 'service.create' and tenant_id = $1`, [org.id]);
    expect(r.rows[0]).toMatchObject({
      actor_user_id: org.users.admin!.id,
      actor_role: 'admin',
      outcome: 'success',
      purpose: 'admin',
      ip: '127.0.0.1',
    });
    expect(r.rows[0].request_id).toBeTruthy();
    expect(r.rows[0].occurred_at).toBeInstanceOf(Date);
  });

  it('lists only refused attempts with outcome=denied, and names the field of an unknown outcome', async () => {
    const c = await login(t.app, org.users.admin!.email);
    expect((await c.req('GET', '/api/v1/people/01890000-0000-7000-8000-0000000000aa')).statusCode).toBe(403);
    const res = await dpo.req('GET', `/api/v1/audit/events?outcome=denied&userId=${org.users.admin!.id}`);
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { action: string; outcome: string; resourceId: string }[] }).items;
    expect(items[0]).toMatchObject({ action: 'authz.denied', outcome: 'denied', resourceId: 'GET /api/v1/people/:personId' });
    expect(items.every((i) => i.outcome === 'denied')).toBe(true);
    const bad = await dpo.req('GET', '/api/v1/audit/events?outcome=refused');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'querystring.outcome' }] });
  });

  it('cannot be changed or deleted by the application role', async () => {
    const pool = t.server.deps.pool;
    await expect(pool.query('update audit_event set action = $1', ['x'])).rejects.toThrow(/permission denied/);
    await expect(pool.query('delete from audit_event')).rejects.toThrow(/permission denied/);
    await expect(pool.query('truncate audit_event')).rejects.toThrow(/permission denied/);
  });

  it('refuses changes even from the owner, through the trigger', async () => {
    await sealAll();
    await expect(admin.query(`update audit_event set action = 'x' where id = (select min(id) from audit_event)`)).rejects.toThrow(
      /sealed|only the sealing/,
    );
    await expect(admin.query('delete from audit_event where id = (select min(id) from audit_event)')).rejects.toThrow(/append-only/);
  });

  it('seals rows into a hash chain that the verifier accepts, and reports the unsealed window', async () => {
    await sealAll();
    const ok = await verifyAuditChain(t.adminUrl);
    expect(ok.ok).toBe(true);
    expect(ok.sealedChecked).toBeGreaterThanOrEqual(3);
    await dpo.req('GET', '/api/v1/audit/events');
    const c = await login(t.app, org.users.coordinator!.email);
    await c.req('GET', '/api/v1/me');
    const pending = await verifyAuditChain(t.adminUrl);
    expect(pending.unsealed.count).toBeGreaterThan(0);
  });

  it('seals concurrent inserts without a lock on a chain head, in id order, none skipped', async () => {
    const logins = await Promise.all(
      Array.from({ length: 8 }, (_, i) => login(t.app, org.users.coordinator!.email, undefined, `10.7.0.${i}`)),
    );
    await Promise.all(logins.map((c) => c.req('POST', '/api/v1/auth/logout')));
    await sealAll();
    const r = await verifyAuditChain(t.adminUrl);
    expect(r).toMatchObject({ ok: true, firstBrokenId: null, reason: null });
    expect(r.unsealed.count).toBe(0);
  });

  it('names the first altered row when a superuser tampers with the log', async () => {
    await sealAll();
    const target = (await admin.query(`select id from audit_event where hash is not null order by id offset 2 limit 1`)).rows[0]
      .id as string;
    await admin.query('begin');
    await admin.query('alter table audit_event disable trigger audit_event_guard_row');
    await admin.query(`update audit_event set outcome = 'failure' where id = $1`, [target]);
    await admin.query('alter table audit_event enable trigger audit_event_guard_row');
    await admin.query('commit');
    const r = await verifyAuditChain(t.adminUrl);
    expect(r.ok).toBe(false);
    expect(r.firstBrokenId).toBe(Number(target));
    // the command line says the same
    const run = promisify(execFile);
    const root = path.resolve(import.meta.dirname, '../../../../..');
    const out = await run('npx', ['tsx', 'packages/server/src/cli/audit-verify.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.adminUrl },
    }).catch((e: { stdout: string; code: number }) => e);
    expect((out as { code?: number }).code).toBe(1);
    expect((out as { stdout: string }).stdout).toContain(`first broken row: ${target}`);
    // repair for the next tests
    await admin.query('begin');
    await admin.query('alter table audit_event disable trigger audit_event_guard_row');
    await admin.query(`update audit_event set outcome = 'success' where id = $1`, [target]);
    await admin.query('alter table audit_event enable trigger audit_event_guard_row');
    await admin.query('commit');
    expect((await verifyAuditChain(t.adminUrl)).ok).toBe(true);
  });
});

describe('audit log page', () => {
  it('lets the DPO filter by user and action, newest first', async () => {
    const res = await dpo.req('GET', `/api/v1/audit/events?userId=${org.users.coordinator!.id}&action=auth.`);
    const body = res.json() as { items: { actorUserId: string; action: string; actorName: string }[] };
    expect(res.statusCode).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((i) => i.actorUserId === org.users.coordinator!.id && i.action.startsWith('auth.'))).toBe(true);
  });

  it("never shows another organisation's events", async () => {
    const other = await createOrg(t, { roles: ['dpo'] });
    const c = await login(t.app, other.users.dpo!.email);
    const body = (await c.req('GET', `/api/v1/audit/events?userId=${org.users.coordinator!.id}`)).json() as { items: unknown[] };
    expect(body.items).toEqual([]);
  });

  it('exports CSV after a fresh authentication, and logs the export', async () => {
    const res = await dpo.req('GET', '/api/v1/audit/events/export?action=auth.');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/csv');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    expect(res.body).toContain('occurredAt');
    await admin.query(`update session set authenticated_at = now() - interval '6 minutes' where user_id = $1`, [org.users.dpo!.id]);
    expect((await dpo.req('GET', '/api/v1/audit/events/export')).json()).toMatchObject({ code: 'step_up_required' });
    const logged = await admin.query(`select purpose from audit_event where action = 'audit.export'`);
    expect(logged.rows[0].purpose).toBe('export');
  });
});
