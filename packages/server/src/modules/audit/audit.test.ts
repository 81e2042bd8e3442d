import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, login, PASSWORD, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import { createServer, type RunningServer } from '../../server.ts';
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

  it('seals the row of a transaction that stayed open for seconds (issue 17.2)', async () => {
    await sealAll();
    const slow = new pg.Client({ connectionString: t.adminUrl });
    await slow.connect();
    try {
      await slow.query('begin');
      const ins = await slow.query<{ id: string }>(
        `insert into audit_event (action, resource_type, purpose) values ('test.long_tx', 'test', 'admin') returning id::text`,
      );
      const longId = Number(ins.rows[0]!.id);
      // The sealer runs again and again while it stays open. (Before the fix, the horizon was the
      // last completed transaction + 1, which did not wait for this one when nothing else
      // completed after it began: its row was then left below the chain head, never sealed.)
      for (let i = 0; i < 6; i++) {
        await sealAudit(t.server.deps.db);
        await new Promise((res) => setTimeout(res, 250));
      }
      await slow.query('commit');
      await sealAll();
      const row = await admin.query(`select hash from audit_event where id = $1`, [longId]);
      expect(row.rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await verifyAuditChain(t.adminUrl)).toMatchObject({ ok: true, unsealed: { count: 0 } });
    } finally {
      await slow.end();
    }
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

  it('filters by an action of the catalogue exactly, underscores included, and by a code prefix', async () => {
    const coordinator = await login(t.app, org.users.coordinator!.email);
    expect((await coordinator.req('POST', '/api/v1/auth/reauthenticate', { body: { password: PASSWORD } })).statusCode).toBe(200);
    type Items = { items: { actorUserId: string; action: string }[] };
    const exact = (await dpo.req('GET', `/api/v1/audit/events?userId=${org.users.coordinator!.id}&action=auth.step_up`)).json() as Items;
    expect([...new Set(exact.items.map((i) => i.action))]).toEqual(['auth.step_up']);
    const prefix = (await dpo.req('GET', `/api/v1/audit/events?userId=${org.users.coordinator!.id}&action=auth.st`)).json() as Items;
    expect([...new Set(prefix.items.map((i) => i.action))]).toEqual(['auth.step_up']);
    // `_` is a letter, not "any character".
    const literal = (await dpo.req('GET', `/api/v1/audit/events?userId=${org.users.coordinator!.id}&action=auth.step_`)).json() as Items;
    expect([...new Set(literal.items.map((i) => i.action))]).toEqual(['auth.step_up']);
    const none = (await dpo.req('GET', `/api/v1/audit/events?userId=${org.users.coordinator!.id}&action=auth_step`)).json() as Items;
    expect(none.items).toEqual([]);
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
    expect(res.body).toContain('"Date et heure (Paris)"');
    await admin.query(`update session set authenticated_at = now() - interval '6 minutes' where user_id = $1`, [org.users.dpo!.id]);
    expect((await dpo.req('GET', '/api/v1/audit/events/export')).json()).toMatchObject({ code: 'step_up_required' });
    const logged = await admin.query(`select purpose from audit_event where action = 'audit.export'`);
    expect(logged.rows[0].purpose).toBe('export');
  });
});

describe('verifier on a damaged log (issues 17.2 and 26.4)', () => {
  let t2: TestApp;
  let admin2: pg.Client;
  beforeAll(async () => {
    t2 = await startTestApp();
    await createOrg(t2, { roles: ['admin'] });
    admin2 = new pg.Client({ connectionString: t2.adminUrl });
    await admin2.connect();
  });
  afterAll(async () => {
    await admin2?.end();
    await t2?.close();
  });

  it('fails on a row below the chain head that was never sealed, then on its id missing once it is deleted', async () => {
    // What the old sealer did to a long transaction's row: the head moved past it, unsealed.
    const ins = await admin2.query<{ id: string }>(
      `insert into audit_event (action, resource_type, purpose) values ('test.skipped', 'test', 'admin') returning id::text`,
    );
    const skipped = Number(ins.rows[0]!.id);
    await admin2.query(`insert into audit_event (action, resource_type, purpose) values ('test.after', 'test', 'admin')`);
    for (let i = 0; i < 400; i++) {
      await sealAudit(t2.server.deps.db);
      const n = await admin2.query<{ n: number }>('select count(*)::int as n from audit_event where hash is null and id <> $1', [skipped]);
      const done = await admin2.query<{ h: string | null }>('select hash as h from audit_event where id = $1', [skipped]);
      if (n.rows[0]!.n === 0 && done.rows[0]!.h === null) break;
      if (done.rows[0]!.h !== null) break;
      await new Promise((res) => setTimeout(res, 25));
    }
    // Simulate the skip: unseal the row and everything after it, and move the head past it.
    const state = (await admin2.query('select last_id::text, last_hash from audit_seal_state')).rows[0] as { last_id: string };
    expect(Number(state.last_id)).toBeGreaterThan(skipped);
    await admin2.query('begin');
    await admin2.query('alter table audit_event disable trigger audit_event_guard_row');
    const before = (
      await admin2.query(`select hash from audit_event where hash is not null and id < $1 order by id desc limit 1`, [skipped])
    ).rows[0] as { hash: string } | undefined;
    await admin2.query(`update audit_event set hash = null, prev_hash = null, sealed_at = null where id = $1`, [skipped]);
    // Re-chain the rows after it without it, as the old sealer would have.
    let prev = before?.hash ?? '';
    const after = await admin2.query<{ id: string }>(`select id::text from audit_event where hash is not null and id > $1 order by id`, [
      skipped,
    ]);
    for (const r of after.rows) {
      const h = (
        await admin2.query<{ h: string }>(
          `select encode(sha256(convert_to($1 || '|' || audit_canonical(e), 'UTF8')), 'hex') as h from audit_event e where id = $2`,
          [prev, r.id],
        )
      ).rows[0]!.h;
      await admin2.query('update audit_event set prev_hash = $1, hash = $2 where id = $3', [prev, h, r.id]);
      prev = h;
    }
    await admin2.query('update audit_seal_state set last_hash = $1', [prev]);
    await admin2.query('alter table audit_event enable trigger audit_event_guard_row');
    await admin2.query('commit');

    const unsealedBelow = await verifyAuditChain(t2.adminUrl);
    expect(unsealedBelow).toMatchObject({ ok: false, firstBrokenId: skipped, reason: 'a row below the chain head was never sealed' });

    // Deleting that row afterwards no longer leaves the verifier saying "intact".
    await admin2.query('begin');
    await admin2.query('alter table audit_event disable trigger audit_event_guard_row');
    await admin2.query('delete from audit_event where id = $1', [skipped]);
    await admin2.query('alter table audit_event enable trigger audit_event_guard_row');
    await admin2.query('commit');
    const gap = await verifyAuditChain(t2.adminUrl);
    expect(gap).toMatchObject({ ok: false, firstBrokenId: skipped, reason: 'an id is missing between sealed rows (row removed?)' });
  });
});

describe('sealing under concurrent load on two server processes (issue 26.4)', () => {
  let t3: TestApp;
  let admin3: pg.Client;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    t3 = await startTestApp();
    admin3 = new pg.Client({ connectionString: t3.adminUrl });
    await admin3.connect();
    // Two more servers on the same database, each with its own pool and its own sealer running.
    for (let i = 0; i < 2; i++) servers.push(await createServer(t3.server.deps.config, { workers: true, mailer: t3.server.deps.mailer }));
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await admin3?.end();
    await t3?.close();
  });

  it('leaves no committed row unsealed, whatever the length and order of the transactions', async () => {
    // 8 writers per process; transactions of random length (0 to 1.2 s), some rolled back.
    const writer = async (pool: pg.Pool, w: number) => {
      for (let i = 0; i < 12; i++) {
        const c = await pool.connect();
        try {
          await c.query('begin');
          await c.query(`insert into audit_event (action, resource_type, purpose, details) values ('test.load', 'test', 'admin', $1)`, [
            JSON.stringify({ w, i }),
          ]);
          await c.query('select pg_sleep($1)', [i % 5 === 0 ? 1.2 : Math.random() * 0.05]);
          await c.query(i % 7 === 3 ? 'rollback' : 'commit');
        } finally {
          c.release();
        }
      }
    };
    await Promise.all(servers.flatMap((s, p) => Array.from({ length: 8 }, (_, w) => writer(s.deps.pool, p * 8 + w))));
    const committed = await admin3.query<{ n: number }>(`select count(*)::int as n from audit_event where action = 'test.load'`);
    expect(committed.rows[0]!.n).toBe(2 * 8 * 10);
    // The sealers of both processes catch up within a few seconds.
    let left = -1;
    for (let i = 0; i < 100 && left !== 0; i++) {
      await new Promise((res) => setTimeout(res, 100));
      left = (await admin3.query<{ n: number }>('select count(*)::int as n from audit_event where hash is null')).rows[0]!.n;
    }
    expect(left).toBe(0);
    const v = await verifyAuditChain(t3.adminUrl);
    expect(v).toMatchObject({ ok: true, firstBrokenId: null, unsealed: { count: 0 } });
  });
});
