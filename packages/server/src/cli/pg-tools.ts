import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { deriveAppPassword, withDatabase } from '../db/bootstrap.ts';
import { loadOrCreateSecrets, startEmbedded } from '../db/embedded.ts';
import { sslOptions } from '../db/pool.ts';

// What `npm run backup` and `npm run restore` share: the database of the installation (the
// embedded one in DATA_DIR, or DATABASE_URL, read from the same configuration as the server) and
// PostgreSQL's own client tools of the server's major version (decision 0013).

export interface Installation {
  /** superuser (or owner) URL of the maintenance database, for creating and dropping */
  maintenanceUrl: string;
  /** the same, on the installation's database */
  databaseUrl: string;
  database: string;
  appPassword: string;
  ssl: pg.ClientConfig['ssl'];
  kind: 'embedded' | 'external';
  /** the embedded server was already running (the app is up) */
  running: boolean;
  close(): Promise<void>;
}

/** Is an embedded server of this data dir answering already (Maillon is running)? */
async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    await c.end().catch(() => undefined);
    return false;
  }
}

/**
 * Opens the installation's database server: DATABASE_URL as it is; the embedded one reused when
 * Maillon is running (a backup can run beside it), started otherwise and stopped by `close`.
 */
export async function openInstallation(config: Config, opts: { create: boolean }): Promise<Installation> {
  const ssl = sslOptions(config);
  if (config.DATABASE_URL) {
    const u = new URL(config.DATABASE_URL);
    const database = decodeURIComponent(u.pathname.slice(1)) || 'maillon';
    return {
      maintenanceUrl: withDatabase(config.DATABASE_URL, 'postgres'),
      databaseUrl: withDatabase(config.DATABASE_URL, database),
      database,
      appPassword: deriveAppPassword(config.DATABASE_URL, config.DATABASE_APP_PASSWORD),
      ssl,
      kind: 'external',
      running: false,
      close: async () => undefined,
    };
  }
  const pgDir = path.join(config.dataDir, 'pg');
  if (!opts.create && !existsSync(path.join(pgDir, 'PG_VERSION'))) {
    throw new Error(`no embedded database in ${pgDir}: set DATA_DIR (or DATABASE_URL) as for the server`);
  }
  const secrets = await loadOrCreateSecrets(config.dataDir);
  const serverUrl = `postgres://postgres:${encodeURIComponent(secrets.pgSuperuserPassword)}@127.0.0.1:${config.EMBEDDED_PG_PORT}/postgres`;
  const running = existsSync(path.join(pgDir, 'PG_VERSION')) && (await answers(serverUrl));
  const server = running ? null : await startEmbedded({ dataDir: config.dataDir, port: config.EMBEDDED_PG_PORT });
  return {
    maintenanceUrl: serverUrl,
    databaseUrl: withDatabase(serverUrl, 'maillon'),
    database: 'maillon',
    appPassword: config.DATABASE_APP_PASSWORD ?? secrets.appDbPassword,
    ssl,
    kind: 'embedded',
    running,
    close: async () => {
      if (server) await server.stop();
    },
  };
}

/**
 * A backup reads, and a restore writes, every organisation's rows: the tables force row-level
 * security even on their owner, so the role must be a superuser or have BYPASSRLS.
 */
export async function assertSeesEveryRow(url: string, ssl: pg.ClientConfig['ssl']): Promise<void> {
  const c = new pg.Client({ connectionString: url, ssl });
  await c.connect();
  try {
    const r = await c.query<{ name: string; ok: boolean }>(
      `select rolname as name, rolsuper or rolbypassrls as ok from pg_roles where rolname = current_user`,
    );
    if (!r.rows[0]?.ok) {
      throw new Error(
        `the role ${r.rows[0]?.name ?? '?'} does not bypass row-level security, so it cannot read or write every organisation's rows. ` +
          `Run this with a superuser's DATABASE_URL (e.g. DATABASE_URL=postgres://postgres@host/maillon), ` +
          `or give the role BYPASSRLS as a superuser: alter role ${r.rows[0]?.name ?? '…'} bypassrls;`,
      );
    }
  } finally {
    await c.end();
  }
}

export async function serverMajor(url: string, ssl: pg.ClientConfig['ssl']): Promise<{ major: number; version: string }> {
  const c = new pg.Client({ connectionString: url, ssl });
  await c.connect();
  try {
    const r = await c.query<{ num: string; v: string }>(
      `select current_setting('server_version_num') as num, current_setting('server_version') as v`,
    );
    return { major: Math.floor(Number(r.rows[0]!.num) / 10_000), version: r.rows[0]!.v };
  } finally {
    await c.end();
  }
}

function toolMajor(bin: string): number | null {
  try {
    const out = execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * PostgreSQL's own `pg_dump` / `pg_restore` for a server of major `major`: PG_BIN_DIR if set, then
 * Debian's /usr/lib/postgresql/<major>/bin, then any newer one there, then the PATH. The same major
 * is preferred; a newer client also reads an older server, an older one is refused by pg_dump.
 */
export function findTool(name: 'pg_dump' | 'pg_restore', major: number): { bin: string; major: number } {
  const dirs: string[] = [];
  if (process.env.PG_BIN_DIR) dirs.push(process.env.PG_BIN_DIR);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n >= major)
      .sort((a, b) => (a === major ? -1 : b === major ? 1 : a - b));
    for (const m of majors) dirs.push(path.join(debian, String(m), 'bin'));
  }
  const candidates = [...dirs.map((d) => path.join(d, name)), name];
  const found = candidates
    .filter((c) => c === name || existsSync(c))
    .map((bin) => ({ bin, major: toolMajor(bin) }))
    .filter((t): t is { bin: string; major: number } => t.major !== null && t.major >= major);
  const best = found.find((t) => t.major === major) ?? found[0];
  if (!best) {
    throw new Error(
      `${name} for PostgreSQL ${major} not found (it must be of the server's major version or newer). ` +
        `Install the client tools: apt-get install postgresql-client-${major} (Debian, Ubuntu), or set PG_BIN_DIR to their folder.`,
    );
  }
  return best;
}

/** libpq's environment for a URL: the password never appears on a command line (ps). */
export function libpqEnv(url: string, config: Pick<Config, 'DATABASE_SSL' | 'DATABASE_SSL_CA_FILE'>) {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGPASSWORD: password,
    PGSSLMODE: config.DATABASE_SSL === 'disable' ? 'prefer' : config.DATABASE_SSL,
  };
  if (config.DATABASE_SSL === 'verify-full' && config.DATABASE_SSL_CA_FILE) env.PGSSLROOTCERT = config.DATABASE_SSL_CA_FILE;
  return { dbname: u.toString(), env };
}

/** Runs a client tool; its messages go to our stderr, a non-zero exit is an error. */
export function runTool(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} exited with status ${code}`))));
  });
}

/** Every table of the installation's schemas with its row count, for the manifest and the summary. */
export async function tableCounts(c: pg.Client): Promise<Record<string, number>> {
  const tables = await c.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables
     where schemaname in ('public', 'drizzle') order by schemaname, tablename`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    counts[name] = Number((await c.query<{ n: string }>(`select count(*) as n from ${name}`)).rows[0]!.n);
  }
  return counts;
}

export function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i === -1) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) throw new Error(`${flag} needs a value`);
  return v;
}
