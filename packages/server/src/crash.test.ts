// Crash drills (REL-01, REL-07, REL-08): the real server (main.ts, or `scripts/start.mjs`) runs as a
// child process on its own embedded PostgreSQL in a temporary DATA_DIR, and is killed for real.
// Every process these tests start is a child of this test, or the PostgreSQL started by that child
// (found by its own postmaster.pid); afterAll ends any of them still running.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './seed/demo.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const SHUTDOWN_GRACE_MS = 2000;
const started: ChildProcess[] = [];
const dataDirs: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'maillon-crash-'));
  // The embedded PostgreSQL runs as the `postgres` user when the tests run as root.
  await chmod(dir, 0o755);
  dataDirs.push(dir);
  return dir;
}

interface Server {
  child: ChildProcess;
  port: number;
  pgPort: number;
  dataDir: string;
  base: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `<command> <args>` (node by default) with the server's environment and waits for "[maillon] ready at". */
async function spawnServer(
  dataDir: string,
  args: string[],
  ports?: { port: number; pgPort: number },
  command = process.execPath,
): Promise<Server> {
  const port = ports?.port ?? (await freePort());
  const pgPort = ports?.pgPort ?? (await freePort());
  const child = spawn(command, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
      RATE_LIMIT_PER_MINUTE: '100000',
      WEB_DIST_DIR: path.join(dataDir, 'no-web'),
      MAILLON_SKIP_WEB_BUILD: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 120_000;
  while (!out.includes('[maillon] ready at')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it was ready:\n${out}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready within 120 s:\n${out}`);
    await sleep(100);
  }
  return { child, port, pgPort, dataDir, base: `http://127.0.0.1:${port}`, output: () => out, exited };
}

const startServer = (dataDir: string, ports?: { port: number; pgPort: number }) =>
  spawnServer(dataDir, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], ports);

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return pid > 0 ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'maillon' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

const me = (base: string, cookie: string) => fetch(`${base}/api/v1/me`, { headers: { cookie, 'x-requested-with': 'maillon' } });

/** Stops a server with SIGTERM and waits for it; for the end of a test. */
async function stop(s: Server) {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  return s.exited;
}

afterAll(async () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const dir of dataDirs) {
    const pid = postmasterPid(dir);
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  }
  await sleep(200);
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

describe('crash drills', { timeout: 240_000 }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await newDataDir();
  });

  it('starts again on the same DATA_DIR after the server was killed with kill -9, and its PostgreSQL does not outlive it', async () => {
    const first = await startServer(dataDir);
    const pgPid = postmasterPid(dataDir)!;
    expect(alive(pgPid)).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    // The owner is gone: its PostgreSQL stops too, and frees its port.
    await waitFor('the orphaned PostgreSQL to stop', () => !alive(pgPid), 15_000);
    expect(await portOpen(first.pgPort)).toBe(false);

    const second = await startServer(dataDir, { port: first.port, pgPort: first.pgPort });
    const ready = await fetch(`${second.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
    expect(second.output()).not.toContain('failed to start');
    const end = await stop(second);
    expect(end).toEqual({ code: 0, signal: null });
  });

  it('stops a PostgreSQL left running by a killed server (watchdog killed too) and starts again', async () => {
    const first = await startServer(dataDir);
    const pgPid = postmasterPid(dataDir)!;
    // Kill the owner's watchdog first, then the owner: its PostgreSQL is now a true orphan.
    const kids = readFileSync(`/proc/${first.child.pid}/task/${first.child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    const watchdogs = kids.filter((k) => readFileSync(`/proc/${k}/cmdline`, 'utf8').startsWith('/bin/sh'));
    expect(watchdogs).toHaveLength(1);
    process.kill(watchdogs[0]!, 'SIGKILL');
    first.child.kill('SIGKILL');
    await first.exited;
    await sleep(1000);
    expect(alive(pgPid)).toBe(true);
    const second = await startServer(dataDir, { port: first.port, pgPort: first.pgPort });
    expect(second.output()).toContain(`stopping the PostgreSQL left running by a previous start (pid ${pgPid})`);
    expect(alive(pgPid)).toBe(false);
    expect((await fetch(`${second.base}/readyz`)).status).toBe(200);
    expect(await stop(second)).toEqual({ code: 0, signal: null });
  });

  it('survives a crash of PostgreSQL: 503 with Retry-After while it is away (never 500, never refused), serves again by itself, keeps acknowledged writes', async () => {
    const s = await startServer(dataDir);
    // An acknowledged write before the crash: a session row (login answered 200).
    const cookie = await login(s.base, 'coordination@demo.maillon.fr');
    expect((await me(s.base, cookie)).status).toBe(200);

    const seen: string[] = [];
    const problems: { code: string; retryAfter: string | null; type: string | null }[] = [];
    let stopLoad = false;
    // Concurrent readers and writers (logins write a session) while PostgreSQL dies and comes back.
    const worker = async (i: number) => {
      while (!stopLoad) {
        try {
          const res =
            i % 2 === 0
              ? await me(s.base, cookie)
              : await fetch(`${s.base}/api/v1/auth/login`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json', 'x-requested-with': 'maillon' },
                  body: JSON.stringify({ email: 'social@demo.maillon.fr', password: DEMO_PASSWORD }),
                });
          seen.push(String(res.status));
          if (res.status === 503) {
            const body = (await res.json()) as { code: string };
            problems.push({ code: body.code, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type') });
          } else await res.arrayBuffer();
        } catch (e) {
          seen.push(`fetch failed: ${(e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message}`);
        }
        await sleep(50);
      }
    };
    const load = [0, 1, 2, 3].map(worker);
    await sleep(500);
    const pgPid = postmasterPid(dataDir)!;
    process.kill(pgPid, 'SIGKILL');
    // While it is away, readiness says so.
    const readyStatuses: number[] = [];
    const t0 = Date.now();
    let back = false;
    while (Date.now() - t0 < 60_000) {
      const r = await fetch(`${s.base}/readyz`);
      readyStatuses.push(r.status);
      await r.arrayBuffer();
      if (r.status === 200 && readyStatuses.includes(503)) {
        back = true;
        break;
      }
      await sleep(100);
    }
    // Serves again within 60 s, by itself.
    expect(back).toBe(true);
    await sleep(1000);
    stopLoad = true;
    await Promise.all(load);

    expect(seen.filter((x) => x.startsWith('fetch failed'))).toEqual([]);
    expect(seen.filter((x) => x === '500')).toEqual([]);
    expect(new Set(seen)).toEqual(new Set(['200', '503']));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems)
      expect(p).toEqual({ code: 'service_unavailable', retryAfter: '1', type: 'application/problem+json; charset=utf-8' });
    expect(postmasterPid(dataDir)).not.toBe(pgPid);
    // The session written before the crash is still there.
    expect((await me(s.base, cookie)).status).toBe(200);
    expect(s.child.exitCode).toBe(null);
    expect(await stop(s)).toEqual({ code: 0, signal: null });
  });

  it('stops within the grace period, cleanly, on SIGTERM while PostgreSQL is down', async () => {
    const s = await startServer(dataDir);
    process.kill(postmasterPid(dataDir)!, 'SIGKILL');
    await sleep(100);
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    const end = await s.exited;
    expect(Date.now() - t0).toBeLessThan(SHUTDOWN_GRACE_MS + 3000);
    expect(end).toEqual({ code: 0, signal: null });
    expect(s.output()).toContain('[maillon] stopped cleanly');
    await waitFor(
      'no PostgreSQL left',
      () => {
        const pid = postmasterPid(dataDir);
        return pid === null || !alive(pid);
      },
      15_000,
    );
    expect(await portOpen(s.pgPort)).toBe(false);
  });

  it('stops the server and its PostgreSQL when the process of `npm start` (scripts/start.mjs) gets SIGTERM', async () => {
    const s = await spawnServer(dataDir, [path.join(root, 'scripts/start.mjs')]);
    expect(await portOpen(s.port)).toBe(true);
    expect(await portOpen(s.pgPort)).toBe(true);
    s.child.kill('SIGTERM');
    const end = await s.exited;
    expect(end).toEqual({ code: 0, signal: null });
    expect(s.output()).toContain('[maillon] stopped cleanly');
    expect(await portOpen(s.port)).toBe(false);
    expect(await portOpen(s.pgPort)).toBe(false);
  });

  it('stops the server and its PostgreSQL when `npm start` gets SIGTERM', async () => {
    const s = await spawnServer(dataDir, ['start'], undefined, 'npm');
    s.child.kill('SIGTERM');
    const end = await s.exited;
    expect(end).toEqual({ code: 0, signal: null });
    expect(s.output()).toContain('[maillon] stopped cleanly');
    expect(await portOpen(s.port)).toBe(false);
    expect(await portOpen(s.pgPort)).toBe(false);
  });

  it('says in one line that the disk is full when it is too small to create the database', async (ctx) => {
    const small = await newDataDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=755', 'tmpfs', small], { stdio: 'ignore' });
    } catch {
      ctx.skip(); // needs root and mount
    }
    try {
      const err = await startServer(small).then(
        () => null,
        (e: unknown) => e as Error,
      );
      const lines = err!.message.split('\n').filter(Boolean);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toBe('the server exited before it was ready:');
      expect(lines[1]).toMatch(/^\[maillon\] starting the embedded PostgreSQL/);
      expect(lines[2]).toBe(
        `[maillon] failed to start: The disk holding ${small}/pg has no space left: the embedded PostgreSQL cannot write there. Free some space (or set DATA_DIR to a larger disk) and start again.`,
      );
      expect(started.at(-1)!.exitCode).toBe(1);
    } finally {
      execFileSync('umount', [small]);
    }
  });
});
