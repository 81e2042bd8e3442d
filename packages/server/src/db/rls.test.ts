import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, startTestApp, type TestApp, type TestOrg } from '../../test/harness.ts';
import { APP_ROLE } from './bootstrap.ts';
import { executeNamed, inTransaction } from './tx.ts';

let t: TestApp;
let a: TestOrg;
let b: TestOrg;
let admin: pg.Client;

/** drizzle wraps the driver error; the database's own message is in the cause. */
const dbMessage = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return String((e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message);
  }
};

// Tables that are deliberately global (not tenant-owned), each with the reason.
const GLOBAL_TABLES: Record<string, string> = {
  app_user: 'a person may work in several organisations; reached only through a membership',
  session: 'looked up by token hash before any tenant is known',
  auth_throttle: 'counters keyed by hashed e-mail or IP',
  password_reset: 'reset happens before any tenant is known',
  mfa_recovery_code: 'belongs to the user, not to an organisation',
  audit_seal_state: 'the chain head of the whole log; app role may only read it',
  audit_seal_gap: 'ids of the whole log that the sealer found rolled back; owner only',
};

beforeAll(async () => {
  t = await startTestApp();
  a = await createOrg(t, { roles: ['admin'] });
  b = await createOrg(t, { roles: ['admin'] });
  admin = new pg.Client({ connectionString: t.adminUrl });
  await admin.connect();
  for (const o of [a, b]) {
    await inTransaction(t.server.deps.db, { tenantId: o.id, userId: null }, (tx) =>
      tx.execute(sql`insert into service (id, name, kind) values (gen_random_uuid(), ${'Service de ' + o.name}, 'ssiad')`),
    );
  }
});
afterAll(async () => {
  await admin?.end();
  await t?.close();
});

describe('row-level security (SEC-AZ-05)', () => {
  it('runs the app as a role that is not superuser, not BYPASSRLS and owns no table', async () => {
    const r = await admin.query('select rolsuper, rolbypassrls from pg_roles where rolname = $1', [APP_ROLE]);
    expect(r.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await admin.query(`select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner = $1`, [APP_ROLE]);
    expect(owned.rows[0].n).toBe(0);
    const cur = await t.server.deps.pool.query('select current_user as u');
    expect(cur.rows[0].u).toBe(APP_ROLE);
  });

  it('has RLS enabled, forced and a policy on every tenant-owned table; global tables are listed with a reason', async () => {
    const r = await admin.query<{ table: string; has_tenant: boolean; rls: boolean; forced: boolean; policies: number }>(`
      select c.relname as table,
             exists (select 1 from information_schema.columns col where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'tenant_id') as has_tenant,
             c.relrowsecurity as rls, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'`);
    const problems: string[] = [];
    for (const row of r.rows) {
      if (GLOBAL_TABLES[row.table]) continue;
      const tenantOwned = row.has_tenant || row.table === 'organisation';
      if (!tenantOwned) {
        problems.push(`${row.table}: neither tenant-owned nor listed as global`);
        continue;
      }
      if (!row.rls || row.policies === 0) problems.push(`${row.table}: RLS ${row.rls ? 'on' : 'off'}, ${row.policies} policies`);
      // audit_event is not forced: its owner-run sealing function must see every tenant.
      if (!row.forced && row.table !== 'audit_event') problems.push(`${row.table}: RLS not forced`);
    }
    expect(problems).toEqual([]);
  });

  it('has an insert-only audit writer and a read-only reporting role, both subject to RLS (SEC-AZ-10)', async () => {
    const priv = async (role: string, table: string, p: string) =>
      (await admin.query<{ ok: boolean }>('select has_table_privilege($1, $2, $3) as ok', [role, table, p])).rows[0]!.ok;
    expect(await priv('maillon_audit_writer', 'audit_event', 'INSERT')).toBe(true);
    for (const p of ['SELECT', 'UPDATE', 'DELETE']) expect(await priv('maillon_audit_writer', 'audit_event', p)).toBe(false);
    expect(await priv('maillon_audit_writer', 'person', 'SELECT')).toBe(false);
    expect(await priv('maillon_reporting', 'person', 'SELECT')).toBe(true);
    for (const p of ['INSERT', 'UPDATE', 'DELETE']) expect(await priv('maillon_reporting', 'person', p)).toBe(false);
    expect(await priv('maillon_reporting', 'session', 'SELECT')).toBe(false);
    const col = await admin.query<{ ok: boolean }>(
      `select has_column_privilege('maillon_reporting', 'app_user', 'password_hash', 'SELECT') as ok`,
    );
    expect(col.rows[0]!.ok).toBe(false);
    const roles = await admin.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      `select rolname, rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname in ('maillon_audit_writer', 'maillon_reporting') order by rolname`,
    );
    expect(roles.rows).toEqual([
      { rolname: 'maillon_audit_writer', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      { rolname: 'maillon_reporting', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
    ]);
  });

  it('shows no tenant rows at all without a tenant context', async () => {
    const r = await t.server.deps.pool.query('select count(*)::int as n from service');
    expect(r.rows[0].n).toBe(0);
  });

  it("cannot read another organisation's rows, even with raw SQL that asks for them", async () => {
    const rows = await inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, (tx) =>
      tx.execute<{ tenant_id: string }>(sql`select tenant_id from service where tenant_id = ${b.id} or true`),
    );
    expect(rows.rows.map((x) => x.tenant_id)).toEqual([a.id]);
  });

  it('cannot write rows into another organisation or move a row there', async () => {
    expect(
      await dbMessage(
        inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, (tx) =>
          tx.execute(sql`insert into service (id, tenant_id, name, kind) values (gen_random_uuid(), ${b.id}, 'Intrus', 'ssiad')`),
        ),
      ),
    ).toMatch(/row-level security/);
    expect(
      await dbMessage(
        inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, (tx) => tx.execute(sql`update service set tenant_id = ${b.id}`)),
      ),
    ).toMatch(/row-level security/);
    const upd = await inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, (tx) =>
      tx.execute(sql`update service set name = 'Piraté' where tenant_id = ${b.id}`),
    );
    expect(upd.rowCount).toBe(0);
    const del = await inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, (tx) =>
      tx.execute(sql`delete from service where tenant_id = ${b.id}`),
    );
    expect(del.rowCount).toBe(0);
  });

  it('sets the tenant with SET LOCAL semantics: nothing leaks to the next transaction on the same connection', async () => {
    const c = await t.server.deps.pool.connect();
    try {
      await c.query('begin');
      await c.query(`select set_config('app.tenant_id', $1, true)`, [a.id]);
      await c.query('commit');
      const r = await c.query('select count(*)::int as n from service');
      expect(r.rows[0].n).toBe(0);
    } finally {
      c.release();
    }
  });

  it('opens each transaction with its context in one message, and a failed one leaves nothing behind', async () => {
    const pool = t.server.deps.pool;
    // The work fails after a write: the write is rolled back, the connection goes back clean.
    await expect(
      inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, async (tx) => {
        await tx.execute(sql`insert into service (id, tenant_id, name, kind) values (gen_random_uuid(), ${a.id}, 'Annulé', 'ssiad')`);
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    const after = await inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, (tx) =>
      tx.execute<{ n: number }>(sql`select count(*)::int as n from service where name = 'Annulé'`),
    );
    expect(after.rows[0]!.n).toBe(0);
    for (let i = 0; i < pool.totalCount; i += 1) {
      const r = await pool.query<{ t: string; s: string }>(
        `select current_setting('app.tenant_id', true) as t, pg_current_xact_id_if_assigned()::text as s`,
      );
      expect(r.rows[0]).toEqual({ t: '', s: null });
    }
    // Only uuids are inlined in the BEGIN message: anything else is refused before reaching SQL.
    await expect(
      inTransaction(t.server.deps.db, { tenantId: "x', true); drop table service; --", userId: null }, () => Promise.resolve(1)),
    ).rejects.toThrow(/must be uuids/);
  });

  it('runs hot queries as named prepared statements with the same results as tx.execute', async () => {
    const q = sql`select id, created_at, ${'2026-01-02'}::date as d from service where tenant_id = ${a.id} order by id`;
    const [plain, named] = await inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, async (tx) => [
      (await tx.execute(q)).rows,
      (await executeNamed(tx, 'test_services', q)).rows,
    ]);
    expect(named).toEqual(plain);
    expect(named[0]!.d).toBe('2026-01-02');
    const ps = await inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, async (tx) => {
      await executeNamed(tx, 'test_services', q);
      return tx.execute<{ name: string }>(sql`select name from pg_prepared_statements where name like 'test_services_%'`);
    });
    expect(ps.rows.length).toBe(1);
  });

  it('lets the name search use its trigram index under RLS: the search operators are leakproof (docs/performance.md)', async () => {
    const leak = await admin.query(
      `select proname, proleakproof from pg_proc where proname in ('textlike', 'word_similarity_op', 'word_similarity_commutator_op') order by proname`,
    );
    expect(leak.rows).toEqual([
      { proname: 'textlike', proleakproof: true },
      { proname: 'word_similarity_commutator_op', proleakproof: true },
      { proname: 'word_similarity_op', proleakproof: true },
    ]);
    // 40 000 people in the organisation, one of them named Zoubeyrol: as the app role, under RLS,
    // the planner may use the (tenant_id, search_name) trigram index for the rare name only if it
    // may run the operators before the policy; otherwise it reads the whole organisation.
    await admin.query(
      `insert into person (id, tenant_id, birth_name, first_names, sex, birth_date, search_name, sort_name)
       select gen_random_uuid(), $1, n, 'Jean', 'male', '1940-01-01', lower(n) || ' jean', lower(n) || ' jean'
       from (select case when i = 1 then 'Zoubeyrol' else 'Martin' || (i % 500) end as n from generate_series(1, 40000) i) x`,
      [a.id],
    );
    await admin.query('analyze person');
    const plan = await inTransaction(t.server.deps.db, { tenantId: a.id, userId: null }, async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const r = await tx.execute<{ 'QUERY PLAN': string }>(
        sql`explain select id from person where search_name like '%zoubeyrol%' or 'zoubeyrol' <% search_name`,
      );
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('person_search_tenant_trgm_idx');
  });

  it('finds a session by its token hash through a narrow definer function that only the app role may call', async () => {
    const f = await admin.query(
      `select prosecdef, proconfig, has_function_privilege('public', p.oid, 'execute') as public_exec,
              has_function_privilege($1, p.oid, 'execute') as app_exec, l.lanname
       from pg_proc p join pg_language l on l.oid = p.prolang where proname = 'session_by_token'`,
      [APP_ROLE],
    );
    // PL/pgSQL, not SQL: a definer SQL function is planned again at every call (migration 0016).
    expect(f.rows[0]).toEqual({
      prosecdef: true,
      proconfig: ['search_path=public, pg_temp'],
      public_exec: false,
      app_exec: true,
      lanname: 'plpgsql',
    });
    const none = await t.server.deps.pool.query(`select * from session_by_token('not a token hash')`);
    expect(none.rowCount).toBe(0);
  });
});
