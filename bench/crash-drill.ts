// `npm run drill`: the crash drill of issue 26, by hand and bounded. It starts the real server
// (demo mode, embedded PostgreSQL, its own DATA_DIR and ports), runs 8 writers that create people
// with Idempotency-Key and retry the same key until it is acknowledged, and meanwhile kills the
// server with SIGKILL (then starts it again), then the embedded PostgreSQL (the server restarts
// it), each twice. At the end it counts acknowledged, lost and duplicated writes from the database
// itself, the statuses the writers saw, and the time each outage lasted until a write succeeded.
// Loopback only; stops by itself (about 2 minutes).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const PORT = 3900 + Math.floor(Math.random() * 90);
const PG_PORT = 25_400 + Math.floor(Math.random() * 500);
const BASE = `http://127.0.0.1:${PORT}`;
const WRITERS = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dataDir = '';
let server: ChildProcess | null = null;

function startServer(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(PG_PORT),
      DATA_DIR: dataDir,
      MAILLON_MODE: 'demo',
      WEB_DIST_DIR: path.join(dataDir, 'no-web'),
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '100000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function ready(timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(`${BASE}/readyz`);
      if (r.status === 200) return true;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  return false;
}

let cookie = '';
async function login(): Promise<void> {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'maillon' },
    body: JSON.stringify({ email: 'coordination@demo.maillon.fr', password: 'Parcours-Demo-2026' }),
  });
  if (r.status !== 200) throw new Error(`login: ${r.status} ${await r.text()}`);
  cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const letters = (n: number) => {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
};

const statuses = new Map<string, number>();
const acked = new Set<string>();
let lastSuccess = Date.now();
const failures: number[] = [];
let stopping = false;
const outages: { what: string; at: number; servedAgain: { outageMs: number | null; servedMs: number | null } }[] = [];

async function writer(w: number): Promise<void> {
  for (let n = 0; !stopping; n++) {
    const name = `Drill${letters(w)}x${letters(n)}`;
    const key = `drill-${w}-${n}`;
    for (;;) {
      let status: string;
      try {
        const r = await fetch(`${BASE}/api/v1/people`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'maillon', cookie, 'idempotency-key': key },
          body: JSON.stringify({ birthName: name, firstNames: 'Essai', sex: 'female', birthDate: '1941-03-02', duplicatesReviewed: true }),
          signal: AbortSignal.timeout(15_000),
        });
        status = String(r.status);
        await r.arrayBuffer();
        if (r.status === 201 || r.status === 200) {
          acked.add(name);
          lastSuccess = Date.now();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          break;
        }
      } catch (e) {
        status = `network:${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name}`;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      failures.push(Date.now());
      if (stopping) return;
      await sleep(200);
    }
  }
}

/** From the kill to the first acknowledged write after the outage began (the first failed write after the kill). */
async function servedAgain(since: number): Promise<{ outageMs: number | null; servedMs: number | null }> {
  const end = Date.now() + 90_000;
  while (Date.now() < end) {
    const firstFailure = failures.find((f) => f >= since);
    if (firstFailure !== undefined && lastSuccess > firstFailure) return { outageMs: firstFailure - since, servedMs: lastSuccess - since };
    if (firstFailure === undefined && Date.now() - since > 20_000) return { outageMs: null, servedMs: 0 };
    await sleep(100);
  }
  return { outageMs: null, servedMs: null };
}

async function main() {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'maillon-drill-'));
  await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
  console.log(`data in ${dataDir}; server on ${BASE}; embedded PostgreSQL on ${PG_PORT}`);
  server = startServer();
  if (!(await ready(240_000))) throw new Error('the server did not become ready');
  await login();
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  for (let round = 1; round <= 2; round++) {
    await sleep(6000);
    const t0 = Date.now();
    server.kill('SIGKILL');
    console.log(`round ${round}: server killed (kill -9)`);
    await sleep(500);
    server = startServer();
    outages.push({ what: `server kill -9 #${round}`, at: t0, servedAgain: await servedAgain(t0) });
    await sleep(6000);
    const pid = Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const t1 = Date.now();
    process.kill(pid, 'SIGKILL');
    console.log(`round ${round}: PostgreSQL killed (kill -9 of postmaster ${pid})`);
    outages.push({ what: `PostgreSQL kill -9 #${round}`, at: t1, servedAgain: await servedAgain(t1) });
  }
  await sleep(4000);
  stopping = true;
  await Promise.all(writers);

  const secrets = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')) as { pgSuperuserPassword: string };
  const db = new pg.Client({
    connectionString: `postgres://postgres:${encodeURIComponent(secrets.pgSuperuserPassword)}@127.0.0.1:${PG_PORT}/maillon`,
  });
  await db.connect();
  const rows = await db.query<{ birth_name: string; n: number }>(
    `select birth_name, count(*)::int as n from person where birth_name like 'DRILL%' or birth_name like 'Drill%' group by 1`,
  );
  await db.end();
  const inDb = new Map(rows.rows.map((r) => [r.birth_name.toLowerCase(), r.n]));
  const lost = [...acked].filter((n) => !inDb.has(n.toLowerCase()));
  const duplicated = [...inDb].filter(([, n]) => n > 1);
  console.log('\n== crash drill ==');
  console.log(`acknowledged writes: ${acked.size}; rows in the database: ${[...inDb.values()].reduce((a, b) => a + b, 0)}`);
  console.log(`lost (acknowledged, not in the database): ${lost.length}`);
  console.log(`duplicated (one name, several rows): ${duplicated.length}`);
  console.log(`statuses seen by the writers: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  const sec = (ms: number | null) => (ms === null ? 'never (90 s)' : `${(ms / 1000).toFixed(1)} s`);
  for (const o of outages) {
    console.log(
      `${o.what}: first failed write ${sec(o.servedAgain.outageMs)} after the kill; serving again ${sec(o.servedAgain.servedMs)} after it`,
    );
  }
  server.kill('SIGTERM');
  await new Promise((r) => server!.once('exit', r));
  await rm(dataDir, { recursive: true, force: true });
  process.exit(lost.length || duplicated.length ? 1 : 0);
}

main().catch(async (e: unknown) => {
  console.error('drill failed:', e);
  server?.kill('SIGKILL');
  process.exit(2);
});
