/**
 * `npm run bench`: the server in-process on a fresh database, 200 000 generated people in 20
 * organisations, autocannon against the caseload, record and duplicate endpoints, the same
 * queries as raw SQL, EXPLAIN of each, then a markdown report in bench/results/latest.md.
 *
 * BENCH_SCALE (default 1) scales the people count; BENCH_DURATION (default 10) and BENCH_WARMUP
 * (default 2) are seconds per scenario; BENCH_DATABASE_URL uses that PostgreSQL instead of an
 * embedded one (its database name must contain "bench": it is dropped before and after);
 * BENCH_UPDATE_DOCS=1 also rewrites the figures in docs/performance.md; BENCH_KEEP=1 keeps the
 * data directory or external database for inspection; BENCH_SCENARIOS=caseload,caseload_q,open,
 * duplicates,referrals,waiting_list,plan_read runs only those; BENCH_EXTRA_SQL=file.sql runs that SQL as the owner after loading
 * (to try an index before proposing it as a migration); BENCH_PROFILE=1
 * profiles the server's CPU during each HTTP scenario; BENCH_QUIET_WAIT (default 60) is how
 * many seconds to wait, before each measurement, for other processes to leave the machine idle.
 * DB_POOL_MAX sets the server's pool size as in a deployment (default 10).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { searchForm } from '@maillon/shared/people';
import { loadConfig } from '../packages/server/src/config.ts';
import { quoteIdent, withDatabase } from '../packages/server/src/db/bootstrap.ts';
import { createPool } from '../packages/server/src/db/pool.ts';
import { encodeCursor } from '../packages/server/src/lib/pagination.ts';
import { hashPassword } from '../packages/server/src/modules/identity/passwords.ts';
import { createServer, type RunningServer } from '../packages/server/src/server.ts';
import { calibrate, calibrationText } from './calibrate.ts';
import { explain, runFloor, type FloorScenario } from './floor.ts';
import { generate, ORG_COUNT, type Generated } from './generate.ts';
import type { LoadRequest, LoadResult, LoadSpec } from './load.ts';
import { generatePlans, planChecks, planScenario } from './plans.ts';
import { Rng } from './prng.ts';
import { CpuProfiler, summariseProfile } from './profile.ts';
import {
  accessQuery,
  auditInsert,
  caseloadQuery,
  duplicatesQuery,
  named,
  openRecord,
  type Actor,
  type DuplicateParams,
  type Query,
} from './queries.ts';
import { ADMISSION_SCENARIOS, admissionScenarios, generateAdmissions } from './admissions.ts';
import {
  fullMarkdown,
  httpTable,
  floorTable,
  summaryMarkdown,
  targetsTable,
  type ExplainRow,
  type FloorRow,
  type HttpRow,
  type Report,
  type ScenarioKey,
} from './report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const PASSWORD = 'Banc-d-essai-des-parcours-2026';
const CONNECTIONS = 10;
/** Common surname prefixes typed in the caseload search box (3 to 6 letters). */
const NAME_PREFIXES = [
  'mar',
  'bern',
  'dub',
  'moreau',
  'lef',
  'gir',
  'faur',
  'rous',
  'font',
  'merc',
  'blanc',
  'gar',
  'pet',
  'chab',
  'rich',
  'lau',
];

function num(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const v = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${name} must be a number between ${min} and ${max} (got ${raw})`);
  return v;
}

const opts = {
  scale: num('BENCH_SCALE', 1, 0.001, 2),
  duration: num('BENCH_DURATION', 10, 1, 600),
  warmup: num('BENCH_WARMUP', 2, 0, 60),
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
  keep: process.env.BENCH_KEEP === '1',
  updateDocs: process.env.BENCH_UPDATE_DOCS === '1',
  scenarios: (process.env.BENCH_SCENARIOS || 'caseload,caseload_q,open,duplicates,referrals,waiting_list,plan_read')
    .split(',')
    .map((x) => x.trim()),
  extraSql: process.env.BENCH_EXTRA_SQL || undefined,
  profile: process.env.BENCH_PROFILE === '1',
  quietWait: num('BENCH_QUIET_WAIT', 60, 0, 3600),
};

const say = (m: string) => console.log(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** CPU time of this process, of every `postgres` process, and of the whole machine (seconds). */
function cpuSnapshot(): { self: number; postgres: number; machine: number; at: number } {
  const hz = 100; // USER_HZ on Linux
  const u = process.cpuUsage();
  let postgres = 0;
  let machine = 0;
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    machine = (fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle) / hz;
    for (const pid of readdirNumeric('/proc')) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
        const rest = stat.slice(close + 2).split(' ');
        // utime + stime, plus cutime + cstime: the postmaster collects the time of ended backends.
        postgres += (Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])) / hz;
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // not Linux: CPU figures stay at 0
  }
  return { self: (u.user + u.system) / 1e6, postgres, machine, at: performance.now() };
}

function readdirNumeric(dir: string): string[] {
  try {
    return readdirSync(dir).filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
}

class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<LoadGenerator> {
    const child = fork(path.join(here, 'load.ts'), [], {
      execArgv: ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the load generator exited (${code})`)));
    });
    return new LoadGenerator(child);
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type: string; result?: LoadResult; message?: string }) => {
        cleanup();
        if (m.type === 'result' && m.result) resolve(m.result);
        else reject(new Error(m.message ?? 'load generator failed'));
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`the load generator exited (${code})`));
      };
      const cleanup = () => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
      this.child.send({ type: 'run', spec });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'exit' });
    await Promise.race([exited, sleep(5000)]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

/**
 * Waits until the machine is quiet apart from us (other sessions, test runs, browsers share it):
 * less than 0.3 core busy over 2 s while nothing of the bench runs. Returns the cores seen.
 */
async function waitQuiet(maxSeconds: number): Promise<number> {
  const start = performance.now();
  let busy = 0;
  do {
    const a = cpuSnapshot();
    await sleep(2000);
    const b = cpuSnapshot();
    busy = (b.machine - a.machine) / ((b.at - a.at) / 1000);
    if (busy < 0.3) return busy;
  } while ((performance.now() - start) / 1000 < maxSeconds);
  say(`  (the machine is still busy: ${busy.toFixed(2)} cores used by other processes; measuring anyway)`);
  return busy;
}

interface AuditState {
  unsealed: number;
  sealedTotal: number;
  maxId: number;
}

async function auditState(admin: pg.Client): Promise<AuditState> {
  const r = await admin.query<{ unsealed: string; sealed: string; max_id: string }>(
    `select (select count(*) from audit_event where hash is null) as unsealed,
            (select sealed_total from audit_seal_state where id = 1) as sealed,
            (select coalesce(max(id), 0) from audit_event) as max_id`,
  );
  const row = r.rows[0]!;
  return { unsealed: Number(row.unsealed), sealedTotal: Number(row.sealed), maxId: Number(row.max_id) };
}

/** Waits until the sealer has chained every audit row; returns the seconds it took, or null. */
async function waitSealed(admin: pg.Client, maxSeconds: number): Promise<number | null> {
  const start = performance.now();
  while ((performance.now() - start) / 1000 < maxSeconds) {
    if ((await auditState(admin)).unsealed === 0) return (performance.now() - start) / 1000;
    await sleep(250);
  }
  return null;
}

async function prepareExternal(url: string): Promise<string> {
  const db = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/bench/.test(db)) throw new Error(`BENCH_DATABASE_URL must name a database containing "bench" (it is dropped): got "${db}"`);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${quoteIdent(db)} with (force)`);
  } finally {
    await admin.end();
  }
  return db;
}

async function dropExternal(url: string, db: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${quoteIdent(db)} with (force)`);
  } finally {
    await admin.end();
  }
}

interface Rotation {
  actor: Actor;
  actorLabel: string;
  cursors: ([string, string] | null)[];
  visibleIds: string[];
  visibleCount: number;
  activeCount: number;
  duplicates: DuplicateParams[];
}

/** What the requests rotate over: pages of the caseload, visible records, duplicate probes. */
async function buildRotation(admin: pg.Client, gen: Generated, rng: Rng): Promise<Rotation> {
  const org = gen.orgs[0]!;
  const coordinator = org.staff.find((u) => u.role === 'coordinator')!;
  const actor: Actor = {
    tenantId: org.id,
    userId: coordinator.id,
    role: 'coordinator',
    profession: coordinator.profession!,
    serviceId: coordinator.serviceId!,
  };
  const service = org.services.find((s) => s.id === coordinator.serviceId)!;
  const visible = await admin.query<{ id: string; sort_name: string; status: string }>(
    `select p.id, p.sort_name, p.status from person p
     where p.tenant_id = $1 and p.merged_into is null
       and (exists (select 1 from care_team_member c where c.person_id = p.id and c.user_id = $2
              and c.start_date <= current_date and (c.end_date is null or c.end_date >= current_date))
            or p.service_id = $3)
     order by p.sort_name, p.id`,
    [actor.tenantId, actor.userId, actor.serviceId],
  );
  const active = visible.rows.filter((r) => r.status === 'active');
  const cursors: ([string, string] | null)[] = [null];
  for (let i = 49; i < active.length - 1; i += 50) cursors.push([active[i]!.sort_name, active[i]!.id]);
  const visibleIds = rng.shuffle(visible.rows.map((r) => r.id)).slice(0, 5000);
  const sample = await admin.query<{ birth_name: string; used_name: string | null; first_names: string; birth_date: string }>(
    `select birth_name, used_name, first_names, birth_date::text as birth_date from person where tenant_id = $1 order by id`,
    [actor.tenantId],
  );
  const people = rng.sample(sample.rows, 500);
  const duplicates = people.map((p): DuplicateParams => {
    const kind = rng.int(0, 3);
    const base = { birthName: p.birth_name, usedName: p.used_name, firstNames: p.first_names, birthDate: p.birth_date };
    if (kind === 1)
      return { ...base, birthName: searchForm(p.birth_name).toUpperCase(), firstNames: searchForm(p.first_names).toUpperCase() };
    if (kind === 2) return { ...base, usedName: null, firstNames: p.first_names.split(' ')[0]! };
    if (kind === 3 && p.birth_name.length > 5) {
      const k = rng.int(1, p.birth_name.length - 2);
      return { ...base, birthName: p.birth_name.slice(0, k) + p.birth_name.slice(k + 1) };
    }
    return base;
  });
  return {
    actor,
    actorLabel: `${coordinator.displayName}, coordinator (${coordinator.profession}) of "${org.name}", service "${service.name}" — sees ${visible.rows.length.toLocaleString('en-US')} records (${active.length.toLocaleString('en-US')} active)`,
    cursors: rng.shuffle(cursors),
    visibleIds,
    visibleCount: visible.rows.length,
    activeCount: active.length,
    duplicates: rng.shuffle(duplicates),
  };
}

const bodyOf = {
  caseload: (cursor: [string, string] | null) =>
    JSON.stringify({ scope: 'all', status: 'active', sort: 'name', limit: 50, ...(cursor ? { cursor: encodeCursor(cursor) } : {}) }),
  named: (q: string) => JSON.stringify({ scope: 'all', status: 'active', sort: 'name', limit: 50, q }),
  duplicate: (d: DuplicateParams) => JSON.stringify({ ...d, usedName: d.usedName ?? null }),
};

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'maillon', 'x-forwarded-for': '127.77.255.1' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.includes('maillon_session='));
  if (!cookie) throw new Error('login answered without a session cookie');
  return cookie;
}

async function main(): Promise<void> {
  const started = performance.now();
  const cleanups: (() => Promise<void>)[] = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const fn of cleanups.reverse()) await fn().catch((e: unknown) => console.error('cleanup:', e));
  };
  process.once('SIGINT', () => {
    say('\ninterrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  });
  try {
    say(
      `Maillon bench — scale ${opts.scale} (${Math.round(10_000 * opts.scale) * ORG_COUNT} people), ${opts.duration} s per scenario after ${opts.warmup} s warm-up`,
    );
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'maillon-bench-'));
    await fs.chmod(dataDir, 0o755);
    cleanups.push(async () => {
      if (opts.keep) say(`kept ${dataDir}`);
      else await fs.rm(dataDir, { recursive: true, force: true });
    });
    let externalDb: string | null = null;
    if (opts.databaseUrl) {
      externalDb = await prepareExternal(opts.databaseUrl);
      const url = opts.databaseUrl;
      const db = externalDb;
      cleanups.push(async () => {
        if (opts.keep) say(`kept database ${db}`);
        else await dropExternal(url, db);
      });
    }
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : { EMBEDDED_PG_PORT: String(await freePort()) }),
        ENCRYPTION_KEYS: `b1:${randomBytes(32).toString('base64url')}`,
        // The bench client stands for many users behind one proxy: see clientAddresses in load.ts.
        TRUST_PROXY: '127.0.0.1',
        // ... and its one coordinator for many coordinators: the per-user flood guard (600 per
        // minute, SEC-VAL-04) would otherwise answer 429 after the first two seconds.
        RATE_LIMIT_PER_MINUTE: '10000000',
        HOST: '127.0.0.1',
        PORT: '0',
        // The app's pool, as a deployment would set it (default 10).
        ...(process.env.DB_POOL_MAX ? { DB_POOL_MAX: process.env.DB_POOL_MAX } : {}),
      },
      root,
    );
    say(opts.databaseUrl ? `database: ${externalDb} on ${new URL(opts.databaseUrl).host}` : `database: embedded PostgreSQL in ${dataDir}`);
    const server: RunningServer = await createServer(config, { workers: true, log: (m) => say(`  ${m}`) });
    cleanups.push(() => server.close());
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = server.app.server.address() as net.AddressInfo;
    const base = `http://127.0.0.1:${addr.port}`;
    say(`server listening on ${base}`);

    // 1. Data
    say('generating data …');
    const gen = await generate({
      adminUrl: server.database.adminUrl,
      scale: opts.scale,
      cipher: server.deps.cipher,
      passwordHash: await hashPassword(PASSWORD),
      log: say,
    });
    const generation = `${gen.counts.people.toLocaleString('en-US')} people, ${gen.counts.careTeam.toLocaleString('en-US')} care-team rows, ${gen.counts.consents.toLocaleString('en-US')} consents, ${gen.counts.users} users, ${gen.counts.services} services in ${ORG_COUNT} organisations: inserted in ${gen.seconds.insert.toFixed(1)} s, VACUUM ANALYZE ${gen.seconds.vacuumAnalyze.toFixed(1)} s, total ${gen.seconds.total.toFixed(1)} s`;
    say(`generated: ${generation}`);
    // Admissions (bench/admissions.ts): referrals, decisions and waiting lists on top of the people.
    const admissionsWanted = opts.scenarios.some((s) => (ADMISSION_SCENARIOS as readonly string[]).includes(s));
    const admissionsData = admissionsWanted ? await generateAdmissions(server.database.adminUrl, gen, opts.scale, say) : null;

    const admin = new pg.Client({ connectionString: server.database.adminUrl });
    await admin.connect();
    cleanups.push(() => admin.end());
    if (opts.extraSql) {
      const t0 = performance.now();
      await admin.query(await fs.readFile(path.resolve(root, opts.extraSql), 'utf8'));
      await admin.query('vacuum analyze');
      say(`applied ${opts.extraSql} (${((performance.now() - t0) / 1000).toFixed(1)} s, then VACUUM ANALYZE)`);
    }
    // Same seed, same data: this fingerprint is equal from run to run (and across machines).
    const fp = await admin.query<{ md5: string }>(
      `select md5(string_agg(id::text || search_name || birth_date::text || status || coalesce(service_id::text, ''), ',' order by id)) as md5 from person`,
    );
    const fingerprint = fp.rows[0]!.md5;
    say(`data fingerprint: ${fingerprint}`);
    await waitQuiet(opts.quietWait);
    const calibration = calibrationText(await calibrate(admin));
    say(`machine calibration: ${calibration}`);
    const rng = new Rng(4242);
    const rot = await buildRotation(admin, gen, rng);
    const actor = rot.actor;
    say(`actor: ${rot.actorLabel}`);
    const email = gen.orgs[0]!.staff.find((u) => u.id === actor.userId)!.email;
    // Personal plans for the plan_read scenario (bench/plans.ts), after the base generation.
    const plans = opts.scenarios.includes('plan_read') ? await generatePlans(admin, gen, actor, rot.visibleIds, rng) : null;
    if (plans) say(`generated: ${plans.plans.length} plans of 30 goals and 150 actions in ${plans.seconds.toFixed(1)} s`);
    const cookie = await login(base, email);

    // 2. Requests of each scenario, and the same work as raw SQL
    const post = (p: string, body: string): LoadRequest => ({ method: 'POST', path: p, body });
    const allScenarios: {
      key: ScenarioKey;
      label: string;
      requests: LoadRequest[];
      floor: FloorScenario;
      explainParams: { label: string; query: () => Query }[];
    }[] = [
      {
        key: 'caseload',
        label: 'caseload page (all, active, by name, 50)',
        requests: rot.cursors.map((c) => post('/api/v1/people/search', bodyOf.caseload(c))),
        floor: {
          name: 'caseload',
          work: async (client, i) => {
            const c = rot.cursors[i % rot.cursors.length]!;
            await client.query(named(caseloadQuery(actor, { status: 'active', limit: 50, ...(c ? { cursor: c } : {}) })));
          },
          audit: () => auditInsert(actor, 'person.search', null, { scope: 'all', results: 50, named: false }),
        },
        explainParams: [
          { label: 'first page', query: () => caseloadQuery(actor, { status: 'active', limit: 50 }) },
          ...rot.cursors
            .filter((c): c is [string, string] => c !== null)
            .slice(0, 1)
            .map((c) => ({
              label: 'a later page (cursor)',
              query: () => caseloadQuery(actor, { status: 'active', limit: 50, cursor: c }),
            })),
        ],
      },
      {
        key: 'caseload_q',
        label: 'caseload name search (q = surname prefix)',
        requests: NAME_PREFIXES.map((q) => post('/api/v1/people/search', bodyOf.named(q))),
        floor: {
          name: 'caseload_q',
          work: async (client, i) => {
            await client.query(named(caseloadQuery(actor, { status: 'active', limit: 50, q: NAME_PREFIXES[i % NAME_PREFIXES.length]! })));
          },
          audit: () => auditInsert(actor, 'person.search', null, { scope: 'all', results: 50, named: true }),
        },
        explainParams: NAME_PREFIXES.map((q) => ({
          label: `q = "${q}"`,
          query: () => caseloadQuery(actor, { status: 'active', limit: 50, q }),
        })),
      },
      {
        key: 'open',
        label: 'opening a record (GET /people/:id, audited)',
        requests: rot.visibleIds.map((id) => ({ method: 'GET', path: `/api/v1/people/${id}` })),
        floor: {
          name: 'open',
          work: (client, i) => openRecord(client, actor, rot.visibleIds[i % rot.visibleIds.length]!),
          audit: (i) => auditInsert(actor, 'person.read', rot.visibleIds[i % rot.visibleIds.length]!, { via: 'service_policy' }),
        },
        explainParams: [{ label: 'record, names and access facts', query: () => accessQuery(actor, rot.visibleIds[0]!) }],
      },
      {
        key: 'duplicates',
        label: 'duplicate search (POST /people/duplicates)',
        requests: rot.duplicates.map((d) => post('/api/v1/people/duplicates', bodyOf.duplicate(d))),
        floor: {
          name: 'duplicates',
          work: async (client, i) => {
            await client.query(named(duplicatesQuery(rot.duplicates[i % rot.duplicates.length]!)));
          },
          audit: () => auditInsert(actor, 'person.duplicate_check', null, { candidates: 1 }),
        },
        explainParams: rot.duplicates
          .slice(0, 5)
          .map((d) => ({ label: `${d.birthName} ${d.firstNames} ${d.birthDate}`, query: () => duplicatesQuery(d) })),
      },
      ...(plans ? [planScenario(plans, actor)] : []),
    ];
    const admissionDefs = admissionsData ? await admissionScenarios(admin, actor) : [];
    allScenarios.push(...admissionDefs);
    const scenarios = allScenarios.filter((s) => opts.scenarios.includes(s.key));
    if (!scenarios.length) throw new Error(`BENCH_SCENARIOS selects nothing: choose among ${allScenarios.map((s) => s.key).join(', ')}`);

    // 3. Checks: every scenario answers 200, and the SQL copy returns what the API returns.
    const pool = createPool({
      url: server.database.appUrl,
      max: CONNECTIONS,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: config.DB_LOCK_TIMEOUT_MS,
      ssl: server.database.ssl,
    });
    cleanups.push(() => pool.end());
    // As the web app's requests: a browser always offers gzip (only the plan answers use it, view.ts).
    const headers = { cookie, 'x-requested-with': 'maillon', 'content-type': 'application/json', 'accept-encoding': 'gzip, deflate, br' };
    const checks: string[] = [];
    const sqlIds = async (q: { text: string; values: unknown[] }) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`, [actor.tenantId, actor.userId]);
        const r = await c.query<{ id: string }>(q.text, q.values);
        await c.query('rollback');
        return r.rows.map((x) => x.id);
      } finally {
        c.release();
      }
    };
    const call = async (r: LoadRequest) => {
      const res = await fetch(base + r.path, {
        method: r.method,
        headers: r.method === 'GET' ? { cookie } : { ...headers, 'x-forwarded-for': '127.77.255.2' },
        body: r.body,
      });
      return { status: res.status, json: (await res.json()) as { items?: { id: string }[]; access?: { via: string } } };
    };
    {
      const page = await call(post('/api/v1/people/search', bodyOf.caseload(null)));
      const ids = await sqlIds(caseloadQuery(actor, { status: 'active', limit: 50 }));
      const same = JSON.stringify(page.json.items?.map((x) => x.id)) === JSON.stringify(ids.slice(0, 50));
      checks.push(
        `caseload first page: HTTP ${page.status}, ${page.json.items?.length ?? 0} items; raw SQL returns the same ids: ${same ? 'yes' : 'NO'}`,
      );
      const named = await call(post('/api/v1/people/search', bodyOf.named(NAME_PREFIXES[0]!)));
      const namedIds = await sqlIds(caseloadQuery(actor, { status: 'active', limit: 50, q: NAME_PREFIXES[0]! }));
      const sameNamed = JSON.stringify(named.json.items?.map((x) => x.id)) === JSON.stringify(namedIds.slice(0, 50));
      checks.push(
        `name search q="${NAME_PREFIXES[0]}": HTTP ${named.status}, ${named.json.items?.length ?? 0} items; raw SQL returns the same ids: ${sameNamed ? 'yes' : 'NO'}`,
      );
      const open = await call({ method: 'GET', path: `/api/v1/people/${rot.visibleIds[0]}` });
      checks.push(`opening a record: HTTP ${open.status}, access via ${open.json.access?.via ?? '?'}`);
      let found = 0;
      let sameDup = true;
      for (const d of rot.duplicates.slice(0, 20)) {
        const r = await call(post('/api/v1/people/duplicates', bodyOf.duplicate(d)));
        if ((r.json.items?.length ?? 0) > 0) found += 1;
        const ids = await sqlIds(duplicatesQuery(d));
        if (JSON.stringify(r.json.items?.map((x) => x.id)) !== JSON.stringify(ids)) sameDup = false;
      }
      checks.push(`duplicate search: ${found}/20 probes find their person; raw SQL returns the same ids: ${sameDup ? 'yes' : 'NO'}`);
      for (const a of admissionDefs.filter((x) => opts.scenarios.includes(x.key))) {
        const r = await call(a.check.request);
        const ids = await sqlIds(a.check.query);
        const same = JSON.stringify(a.check.ids(r.json)) === JSON.stringify(ids.slice(0, a.check.ids(r.json).length)) && ids.length > 0;
        checks.push(
          `${a.label}: HTTP ${r.status}, ${a.check.ids(r.json).length} items; raw SQL returns the same ids: ${same ? 'yes' : 'NO'}`,
        );
      }
      checks.push(
        `rotation: ${rot.cursors.length} caseload pages, ${NAME_PREFIXES.length} name prefixes (${NAME_PREFIXES.join(', ')}), ${rot.visibleIds.length.toLocaleString('en-US')} records, ${rot.duplicates.length} duplicate probes`,
      );
      if (plans) checks.push(...(await planChecks(base, cookie, pool, actor, plans)));
      for (const c of checks) say(`check: ${c}`);
      if (checks.some((c) => c.includes(': NO') || /HTTP (?!200)/.test(c)))
        throw new Error('a check failed: the measurements would not mean anything');
    }

    // 4. HTTP load
    const loadgen = await LoadGenerator.start();
    cleanups.push(() => loadgen.stop());
    const http: HttpRow[] = [];
    const profiles: Report['profiles'] = [];
    for (const s of scenarios) {
      const waited = await waitSealed(admin, 60);
      if (waited === null) say('  (the audit sealer had not caught up after 60 s; measuring anyway)');
      await waitQuiet(opts.quietWait);
      const a0 = await auditState(admin);
      const profiler = opts.profile ? new CpuProfiler() : null;
      await profiler?.start();
      const c0 = cpuSnapshot();
      say(`HTTP  ${s.label} …`);
      const result = await loadgen.run({
        name: s.key,
        url: base,
        connections: CONNECTIONS,
        warmupSeconds: opts.warmup,
        durationSeconds: opts.duration,
        headers,
        requests: s.requests,
        clientAddresses: 4096,
      });
      const c1 = cpuSnapshot();
      if (profiler) {
        const profile = await profiler.stop();
        await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
        await fs.writeFile(path.join(root, `bench/results/server-${s.key}.cpuprofile`), JSON.stringify(profile));
        profiles.push({ label: s.label, summary: summariseProfile(profile) });
      }
      const a1 = await auditState(admin);
      // The snapshots include the warm-up; the load generator reports its measured part only.
      const secs = (c1.at - c0.at) / 1000;
      const row: HttpRow = {
        key: s.key,
        label: s.label,
        result,
        cpu: {
          machine: (c1.machine - c0.machine) / secs,
          server: (c1.self - c0.self) / secs,
          postgres: (c1.postgres - c0.postgres) / secs,
          loadgen: result.cpuSeconds / result.seconds,
        },
        audit: { written: a1.maxId - a0.maxId, sealedDuring: a1.sealedTotal - a0.sealedTotal, unsealedAtEnd: a1.unsealed },
      };
      http.push(row);
      say(
        `      ${Math.round(result.rps)} req/s, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
          `errors ${result.errors}, non-2xx ${result.non2xx}; audit: ${row.audit.written} written, ${row.audit.unsealedAtEnd} unsealed at the end`,
      );
    }
    const afterHttp = await auditState(admin);
    say(`audit: ${afterHttp.unsealed} rows unsealed after the HTTP scenarios; waiting for the sealer …`);
    const drainSeconds = await waitSealed(admin, 180);
    say(drainSeconds === null ? 'audit: NOT all sealed after 180 s' : `audit: all sealed after ${drainSeconds.toFixed(1)} s`);
    await loadgen.stop();

    // 5. Raw SQL floor
    const floor: FloorRow[] = [];
    for (const s of scenarios) {
      await waitQuiet(opts.quietWait);
      say(`SQL   ${s.label} …`);
      const common = { connections: CONNECTIONS, warmupSeconds: opts.warmup, durationSeconds: opts.duration, cpu: cpuSnapshot };
      const select = await runFloor(pool, actor, s.floor, { ...common, withAudit: false });
      const withAudit = await runFloor(pool, actor, s.floor, { ...common, withAudit: true });
      floor.push({ key: s.key, label: s.label, select, withAudit });
      say(
        `      SELECTs ${Math.round(select.rps)}/s p95 ${select.p95.toFixed(1)} ms; + audit ${Math.round(withAudit.rps)}/s p95 ${withAudit.p95.toFixed(1)} ms`,
      );
    }
    await waitSealed(admin, 180);

    // 6. EXPLAIN: for each scenario, the parameters that take longest
    const explains: ExplainRow[] = [];
    for (const s of scenarios) {
      let worst: ExplainRow | null = null;
      for (const p of s.explainParams) {
        const e = await explain(pool, actor, p.query());
        if (!worst || e.executionMs > worst.executionMs) worst = { key: s.key, label: s.label, params: p.label, ...e };
      }
      if (worst) explains.push(worst);
    }

    // 7. Report
    const v = await admin.query<{ version: string; sb: string; sc: string; size: string }>(
      `select current_setting('server_version') as version, current_setting('shared_buffers') as sb,
              current_setting('synchronous_commit') as sc, pg_size_pretty(pg_database_size(current_database())) as size`,
    );
    const facts = v.rows[0]!;
    const cpus = os.cpus();
    const report: Report = {
      facts: {
        date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
        cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}`,
        memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
        calibration,
        node: process.version,
        postgres: facts.version,
        database: opts.databaseUrl ? 'external, BENCH_DATABASE_URL' : 'embedded, same machine',
        settings: `shared_buffers ${facts.sb}, synchronous_commit ${facts.sc}, app pool ${config.DB_POOL_MAX}`,
        scale: opts.scale,
        durationSeconds: opts.duration,
        warmupSeconds: opts.warmup,
        connections: CONNECTIONS,
        data: `${gen.counts.people.toLocaleString('en-US')} people in ${ORG_COUNT} organisations, fingerprint ${fingerprint}`,
        generation: admissionsData
          ? `${generation}; admissions: ${admissionsData.referrals.toLocaleString('en-US')} referrals, ${admissionsData.decisions.toLocaleString('en-US')} decisions, ${admissionsData.waiting.toLocaleString('en-US')} waiting-list places in ${admissionsData.seconds.toFixed(1)} s`
          : generation,
        actor: rot.actorLabel,
        databaseSize: facts.size,
        extraSql: opts.extraSql ?? null,
      },
      http,
      floor,
      explains,
      auditDrain: { unsealedAfterRun: afterHttp.unsealed, drainSeconds, sealedTotal: (await auditState(admin)).sealedTotal },
      checks,
      profiles,
      extraSql: opts.extraSql ?? null,
    };
    const out = path.join(root, 'bench/results/latest.md');
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, fullMarkdown(report));
    await fs.writeFile(path.join(root, 'bench/results/latest.json'), JSON.stringify(report, null, 2));
    say('');
    say(httpTable(http));
    say('');
    say(floorTable(floor));
    say('');
    say(targetsTable(http));
    say('');
    say(`written: ${path.relative(root, out)} (and latest.json)`);
    if (opts.updateDocs) await updateDocs(summaryMarkdown(report));
    say(`bench done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await cleanup();
  }
}

/** Replaces the figures between the markers of docs/performance.md (BENCH_UPDATE_DOCS=1). */
async function updateDocs(summary: string): Promise<void> {
  const file = path.join(root, 'docs/performance.md');
  if (!existsSync(file)) return say('docs/performance.md not found: not updated');
  const text = await fs.readFile(file, 'utf8');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return say('docs/performance.md has no bench:results markers: not updated');
  await fs.writeFile(file, `${text.slice(0, i + start.length)}\n\n${summary}\n\n${text.slice(j)}`);
  say('updated: docs/performance.md');
}

// `npm run bench -- journal`: the coordination journal's scenarios (bench/journal.ts), on their own data.
(process.argv[2] === 'journal' ? import('./journal.ts').then((m) => m.runJournalBench()) : main()).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
