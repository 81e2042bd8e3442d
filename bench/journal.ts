/**
 * `npm run bench -- journal` (issue 20): the coordination journal at scale, on its own fresh
 * database. One organisation of the generated data gets 1 000 000 journal entries: one person
 * with exactly 2 000, the 150 people a coordinator follows with 20 000 written in the last 7 days,
 * the rest spread over a year. Measured sequentially over HTTP (one client, as a user waits for
 * one answer), with the raw-SQL floor beside it: the same main statement the server builds
 * (`drizzle` → text), run alone in a transaction with the tenant context, no audit row.
 *
 * Targets (p95): first page of a person's journal ≤ 50 ms; handover ≤ 100 ms; full-text search
 * over the organisation ≤ 150 ms. BENCH_JOURNAL_ENTRIES (default 1 000 000) and
 * BENCH_JOURNAL_REQUESTS (default 200 per scenario) change the size; BENCH_DATABASE_URL as in run.ts.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { rolePermissions } from '@maillon/shared/identity';
import { loadConfig } from '../packages/server/src/config.ts';
import { createPool } from '../packages/server/src/db/pool.ts';
import type { Ctx } from '../packages/server/src/plugins/context.ts';
import { hashPassword } from '../packages/server/src/modules/identity/passwords.ts';
import { handoverEntriesSql, handoverGroupsSql } from '../packages/server/src/modules/coordination/handover.service.ts';
import { searchMainSql, timelineMainSql } from '../packages/server/src/modules/coordination/list.service.ts';
import { createServer } from '../packages/server/src/server.ts';
import { generate } from './generate.ts';
import { summarise, type LatencyStats } from './stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const PASSWORD = 'Banc-d-essai-des-parcours-2026';
const ENTRIES = Number(process.env.BENCH_JOURNAL_ENTRIES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_JOURNAL_REQUESTS ?? 200);
const FOLLOWED = 150;
const HANDOVER_ENTRIES = 20_000;
const PERSON_ENTRIES = 2_000;
const SEARCHES = ['chute', 'douleur épaule', 'portage de repas', 'kinesitherapie', 'glycémie', 'famille prévenue'];
const say = (m: string) => console.log(m);
const dialect = new PgDialect();

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** French phrases the entries are made of (the search terms hit some often, some rarely). */
const PHRASES = [
  'Toilette faite au lavabo, peau intacte.',
  'Se plaint de douleurs à l’épaule droite, EVA 5.',
  'Chute sans gravité dans la chambre, relevée par l’aide-soignante.',
  'Repas pris en entier, bonne hydratation.',
  'Glycémie capillaire à 1,8 g/L avant le repas.',
  'Pansement du talon refait, plaie propre.',
  'Appel de la fille : visite prévue dimanche.',
  'Portage de repas demandé au CCAS.',
  'Dossier APA à renouveler avant la fin du mois.',
  'Séance de kinésithérapie reportée à jeudi.',
  'Nuit agitée, déambulation vers 3 h.',
  'Tension 13/8, pouls régulier.',
  'Famille prévenue du changement de traitement.',
  'Refus de la douche ce matin, toilette au lit.',
  'Pilulier vérifié, traitement bien pris.',
  'Rendez-vous chez le cardiologue le 12.',
];

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<LatencyStats> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i);
  const lat: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i);
    lat.push(performance.now() - s);
  }
  return summarise(lat, (performance.now() - t0) / 1000);
}

export async function runJournalBench(): Promise<void> {
  const started = performance.now();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'maillon-bench-journal-'));
  // The embedded PostgreSQL runs as the postgres user when started as root: it must reach its directory.
  await fs.chmod(dataDir, 0o755);
  const cleanups: (() => Promise<unknown>)[] = [() => fs.rm(dataDir, { recursive: true, force: true })];
  try {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        ...(process.env.BENCH_DATABASE_URL
          ? { DATABASE_URL: process.env.BENCH_DATABASE_URL }
          : { EMBEDDED_PG_PORT: String(await freePort()) }),
        ENCRYPTION_KEYS: `b1:${randomBytes(32).toString('base64url')}`,
        TRUST_PROXY: '127.0.0.1',
        RATE_LIMIT_PER_MINUTE: '10000000',
        HOST: '127.0.0.1',
        PORT: '0',
      },
      root,
    );
    const server = await createServer(config, { workers: true, log: (m) => say(`  ${m}`) });
    cleanups.unshift(() => server.close());
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(server.app.server.address() as net.AddressInfo).port}`;
    say('generating people …');
    const gen = await generate({
      adminUrl: server.database.adminUrl,
      scale: 0.05,
      cipher: server.deps.cipher,
      passwordHash: await hashPassword(PASSWORD),
      log: say,
    });
    const org = gen.orgs[0]!;
    const coordinator = org.staff.find((u) => u.role === 'coordinator')!;
    const authors = org.staff.filter((u) => u.role !== 'admin' && u.role !== 'director').map((u) => u.id);
    const admin = new pg.Client({ connectionString: server.database.adminUrl });
    await admin.connect();
    cleanups.unshift(() => admin.end());
    // The coordinator reads their service by policy, and follows 150 people of the organisation (care team).
    const people = (
      await admin.query<{ id: string }>(`select id from person where tenant_id = $1 and status = 'active' order by id`, [org.id])
    ).rows.map((r) => r.id);
    if (people.length < FOLLOWED + 2) throw new Error(`only ${people.length} people in the organisation`);
    const target = people[0]!;
    const followed = people.slice(1, 1 + FOLLOWED);
    const others = (
      await admin.query<{ id: string }>(`select id from person where tenant_id = $1 and id <> $2 order by id`, [org.id, target])
    ).rows.map((r) => r.id);
    await admin.query(
      `insert into care_team_member (id, tenant_id, person_id, user_id, function, start_date, created_by)
       select gen_random_uuid(), $1, p, $2, 'coordinator', current_date - 30, $2 from unnest($3::uuid[]) p
       where not exists (select 1 from care_team_member c where c.person_id = p and c.user_id = $2)`,
      [org.id, coordinator.id, [target, ...followed]],
    );
    say(`generating ${ENTRIES.toLocaleString('en-US')} journal entries in ${org.name} …`);
    const t0 = performance.now();
    await admin.query('begin');
    // Bulk load: the live-update trigger would queue a million notifications; indexes are built after.
    await admin.query('alter table journal_entry disable trigger journal_entry_notify');
    for (const ix of [
      'journal_entry_person_idx',
      'journal_entry_fact_idx',
      'journal_entry_person_written_idx',
      'journal_entry_author_idx',
      'journal_entry_search_idx',
    ])
      await admin.query(`drop index ${ix}`);
    await admin.query(`select setseed(0.42)`);
    const insert = (n: number, peopleArr: string[], fromDays: number, toDays: number) =>
      admin.query(
        `insert into journal_entry (id, tenant_id, person_id, author_id, kind, category, urgent, fact_at, body, created_at, updated_at, updated_by)
         select gen_random_uuid(), $1, ($2::uuid[])[1 + (i % cardinality($2::uuid[]))], a, k,
           (array['health','health','health','social','social','administrative'])[1 + floor(random() * 6)::int],
           random() < 0.03, w - make_interval(mins => floor(random() * 600)::int),
           ($4::text[])[1 + floor(random() * cardinality($4::text[]))::int] || ' ' || ($4::text[])[1 + floor(random() * cardinality($4::text[]))::int],
           w, w, a
         from (select i, now() - make_interval(secs => ($5::float8 + random() * ($6::float8 - $5::float8)) * 86400) as w,
                 ($3::uuid[])[1 + floor(random() * cardinality($3::uuid[]))::int] as a,
                 (array['transmission','transmission','observation','phone_call','home_visit','incident','event','interview_report'])[1 + floor(random() * 8)::int] as k
               from generate_series(1, $7::int) i) s`,
        [org.id, peopleArr, authors, PHRASES, fromDays, toDays, n],
      );
    await insert(PERSON_ENTRIES, [target], 0, 365);
    await insert(HANDOVER_ENTRIES, followed, 0, 6.9);
    await insert(
      ENTRIES - PERSON_ENTRIES - HANDOVER_ENTRIES,
      others.filter((p) => !followed.includes(p)),
      8,
      365,
    );
    // The coordinator last read the handover 7 days ago.
    await admin.query(`insert into journal_handover_mark (tenant_id, user_id, read_until) values ($1, $2, now() - interval '7 days')`, [
      org.id,
      coordinator.id,
    ]);
    const loaded = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await admin.query(
      `CREATE INDEX "journal_entry_person_idx" ON "journal_entry" USING btree ("tenant_id", "person_id", "fact_at" DESC, "id" DESC)`,
    );
    await admin.query(`CREATE INDEX "journal_entry_fact_idx" ON "journal_entry" USING btree ("tenant_id", "fact_at" DESC, "id" DESC)`);
    await admin.query(
      `CREATE INDEX "journal_entry_person_written_idx" ON "journal_entry" USING btree ("tenant_id", "person_id", "created_at") INCLUDE ("id", "author_id", "status", "category", "urgent")`,
    );
    await admin.query(`CREATE INDEX "journal_entry_author_idx" ON "journal_entry" USING btree ("tenant_id", "author_id", "fact_at" DESC)`);
    await admin.query(`CREATE INDEX "journal_entry_search_idx" ON "journal_entry" USING gin ("search")`);
    await admin.query('alter table journal_entry enable trigger journal_entry_notify');
    await admin.query('commit');
    await admin.query('vacuum analyze journal_entry');
    await admin.query('vacuum analyze care_team_member');
    const indexed = (performance.now() - t1) / 1000;
    const size = (await admin.query<{ s: string }>(`select pg_size_pretty(pg_total_relation_size('journal_entry')) as s`)).rows[0]!.s;
    say(`loaded in ${loaded.toFixed(1)} s, indexed and analysed in ${indexed.toFixed(1)} s; journal_entry with its indexes: ${size}`);

    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'maillon' },
      body: JSON.stringify({ email: coordinator.email, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.includes('maillon_session='))!;
    const headers = { cookie, 'x-requested-with': 'maillon', 'content-type': 'application/json' };
    const get = async (p: string) => {
      const r = await fetch(base + p, { headers });
      if (r.status !== 200) throw new Error(`${p}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<unknown>;
    };
    const post = async (p: string, body: unknown) => {
      const r = await fetch(base + p, { method: 'POST', headers, body: JSON.stringify(body) });
      if (r.status !== 200) throw new Error(`${p}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<unknown>;
    };

    // The floor: the server's own main statement, as text, in a transaction with the tenant context.
    const pool = createPool({
      url: server.database.appUrl,
      max: 2,
      statementTimeoutMs: 30_000,
      lockTimeoutMs: 5_000,
      ssl: server.database.ssl,
    });
    cleanups.unshift(() => pool.end());
    const actor: Ctx['actor'] = {
      tenantId: org.id,
      userId: coordinator.id,
      role: 'coordinator',
      profession: coordinator.profession,
      requestId: null,
      ip: null,
      email: coordinator.email,
      serviceId: coordinator.serviceId,
      permissions: new Set(rolePermissions.coordinator),
    };
    const ctx = { actor } as Ctx;
    const floor = async (qs: SQL[]) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`, [org.id, coordinator.id]);
        for (const q of qs) {
          const { sql: text, params } = dialect.sqlToQuery(q);
          await c.query(text, params);
        }
        await c.query('rollback');
      } finally {
        c.release();
      }
    };
    const explain = async (q: SQL) => {
      const { sql: text, params } = dialect.sqlToQuery(q);
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`, [org.id, coordinator.id]);
        const r = await c.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, params);
        await c.query('rollback');
        return r.rows.map((x) => x['QUERY PLAN']).join('\n');
      } finally {
        c.release();
      }
    };
    const fullCats = new Set(['administrative', 'social', 'health'] as const);
    const timelineSql = timelineMainSql(target, [...fullCats], { limit: 50, includeInError: undefined, writtenAfter: undefined }, null);
    const handoverGroups = handoverGroupsSql(ctx, 5);
    const shownIds = await (async () => {
      const { sql: text, params } = dialect.sqlToQuery(handoverGroups);
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`, [org.id, coordinator.id]);
        const r = await c.query<{ top_ids: string[] }>(text, params);
        await c.query('rollback');
        return r.rows.flatMap((x) => x.top_ids);
      } finally {
        c.release();
      }
    })();
    const handoverSqls = [handoverGroups, handoverEntriesSql(shownIds)];
    const searchSql = (q: string) => searchMainSql(ctx, { q, limit: 50 }, null);

    // Checks: the answers hold what the bench says.
    const page = (await get(`/api/v1/people/${target}/journal?limit=50`)) as { items: unknown[] };
    const h = (await get('/api/v1/journal/handover')) as { people: unknown[]; totals: { entries: number } };
    const s = (await post('/api/v1/journal/search', { q: SEARCHES[0] })) as { items: unknown[] };
    const checks = [
      `person's journal: ${page.items.length} entries on the first page of ${PERSON_ENTRIES}`,
      `handover: ${h.people.length} people, ${h.totals.entries.toLocaleString('en-US')} entries since the mark`,
      `search "${SEARCHES[0]}": ${s.items.length} entries on the first page`,
    ];
    for (const c of checks) say(`check: ${c}`);

    const rows: { label: string; target: number; http: LatencyStats; floor: LatencyStats }[] = [];
    const measure = async (label: string, targetMs: number, http: (i: number) => Promise<unknown>, sqlOf: (i: number) => SQL[]) => {
      say(`HTTP  ${label} …`);
      const a = await timed(REQUESTS, async (i) => void (await http(i)));
      say(`SQL   ${label} …`);
      const b = await timed(REQUESTS, async (i) => void (await floor(sqlOf(i))));
      rows.push({ label, target: targetMs, http: a, floor: b });
      say(`      p50 ${a.p50.toFixed(1)} ms, p95 ${a.p95.toFixed(1)} ms (floor p95 ${b.p95.toFixed(1)} ms)`);
    };
    await measure(
      `a person's journal, first page (50 of ${PERSON_ENTRIES.toLocaleString('en-US')})`,
      50,
      () => get(`/api/v1/people/${target}/journal?limit=50`),
      () => [timelineSql],
    );
    await measure(
      `handover (${FOLLOWED} people followed, ${HANDOVER_ENTRIES.toLocaleString('en-US')} entries since the mark)`,
      100,
      () => get('/api/v1/journal/handover'),
      () => handoverSqls,
    );
    await measure(
      `full-text search over ${(ENTRIES / 1e6).toLocaleString('en-US')} M entries (${SEARCHES.length} queries in turn)`,
      150,
      (i) => post('/api/v1/journal/search', { q: SEARCHES[i % SEARCHES.length] }),
      (i) => [searchSql(SEARCHES[i % SEARCHES.length]!)],
    );
    const plans = [
      ['timeline', await explain(timelineSql)],
      ['handover groups', await explain(handoverSqls[0]!)],
      ['handover entries', await explain(handoverSqls[1]!)],
      ...(await Promise.all(SEARCHES.slice(0, 2).map(async (q) => [`search "${q}"`, await explain(searchSql(q))] as const))),
    ];
    const table = [
      '| scenario | target p95 | HTTP p50 | HTTP p95 | HTTP p99 | raw-SQL floor p95 | verdict |',
      '|---|--:|--:|--:|--:|--:|---|',
      ...rows.map(
        (r) =>
          `| ${r.label} | ${r.target} ms | ${r.http.p50.toFixed(1)} ms | ${r.http.p95.toFixed(1)} ms | ${r.http.p99.toFixed(1)} ms | ${r.floor.p95.toFixed(1)} ms | ${r.http.p95 <= r.target ? 'met' : 'MISSED'} |`,
      ),
    ].join('\n');
    const cpus = os.cpus();
    const md = [
      `# Journal bench (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
      '',
      `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}; ${REQUESTS} sequential requests per scenario after 20 of warm-up, one client.`,
      `Data: ${gen.counts.people.toLocaleString('en-US')} people in 20 organisations; ${ENTRIES.toLocaleString('en-US')} journal entries in one (loaded in ${loaded.toFixed(0)} s, indexed in ${indexed.toFixed(0)} s, ${size}). Actor: a coordinator (infirmière coordinatrice) reading their service by policy.`,
      '',
      table,
      '',
      ...checks.map((c) => `- ${c}`),
      '',
      ...plans.flatMap(([l, p]) => [`## Plan: ${l}`, '', '```', p, '```', '']),
    ].join('\n');
    const out = path.join(root, 'bench/results/journal.md');
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, md);
    say('');
    say(table);
    say(`written: ${path.relative(root, out)}; bench done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    for (const c of cleanups) await c().catch((e: unknown) => console.error('cleanup:', e));
  }
}
