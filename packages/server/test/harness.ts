import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { authenticator } from 'otplib';
import pg from 'pg';
import { inject } from 'vitest';
import type { Role } from '@maillon/shared/identity';
import { loadConfig } from '../src/config.ts';
import { withDatabase } from '../src/db/bootstrap.ts';
import { newId } from '../src/lib/ids.ts';
import { createMailer } from '../src/lib/mailer.ts';
import { dispatchOutbox } from '../src/lib/outbox.ts';
import { hashPassword } from '../src/modules/identity/passwords.ts';
import { appUser, membership, organisation } from '../src/modules/identity/tables.ts';
import { createServer, type RunningServer } from '../src/server.ts';
import { startSmtp, type Mail } from './harness-smtp.ts';

export type { Mail };

export const PASSWORD = 'Une-phrase-de-passe-solide';

export interface TestApp {
  app: FastifyInstance;
  server: RunningServer;
  adminUrl: string;
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  /** sends the outbox now and returns the mails received so far */
  flushMail(): Promise<Mail[]>;
  close(): Promise<void>;
}

/** The real app on its own fresh database (one per test file, so files run in parallel). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dbName = `maillon_t_${randomBytes(6).toString('hex')}`;
  const serverUrl = inject('pgServerUrl');
  const smtp = await startSmtp();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'maillon-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: withDatabase(serverUrl, dbName),
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    ENCRYPTION_KEYS: `t1:${randomBytes(32).toString('base64url')}`,
    DB_POOL_MAX: '5',
    ...env,
  });
  const server = await createServer(config, {
    workers: false,
    mailer: createMailer({ smtpUrl: smtp.url, from: config.MAIL_FROM, log: console }),
  });
  await server.app.ready();
  return {
    app: server.app,
    server,
    adminUrl: server.database.adminUrl,
    smtp,
    async flushMail() {
      await dispatchOutbox(server.deps.db, server.deps.mailer, server.app.log);
      return smtp.mails;
    },
    async close() {
      await server.close();
      await smtp.close();
      const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
      await admin.end();
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  membershipId: string;
}

export interface TestOrg {
  id: string;
  name: string;
  users: Partial<Record<Role, TestUser>>;
}

/** Factory that builds its own parents (STYLE.md 13): an organisation with one user per requested role. */
export async function createOrg(t: TestApp, opts: { roles?: Role[]; mfaRequiredRoles?: Role[]; name?: string } = {}): Promise<TestOrg> {
  const id = newId();
  const name = opts.name ?? `Organisation ${id.slice(-6)}`;
  const roles = opts.roles ?? ['admin', 'coordinator'];
  const hash = await hashPassword(PASSWORD);
  const users: TestOrg['users'] = {};
  await t.server.deps.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${id}, true)`);
    await tx.insert(organisation).values({ id, name, settings: { mfaRequiredRoles: opts.mfaRequiredRoles ?? [] } });
    for (const role of roles) {
      const userId = newId();
      const email = `${role}.${id.slice(-8)}@test.maillon.fr`;
      const membershipId = newId();
      await tx.insert(appUser).values({ id: userId, email, displayName: `${role} ${id.slice(-4)}`, passwordHash: hash });
      await tx.insert(membership).values({ id: membershipId, userId, role, profession: role === 'health_professional' ? 'nurse' : null });
      users[role] = { id: userId, email, role, membershipId };
    }
  });
  return { id, name, users };
}

export interface Client {
  cookie: string;
  req(
    method: string,
    url: string,
    opts?: { body?: unknown; headers?: Record<string, string>; ip?: string },
  ): Promise<LightMyRequestResponse>;
}

export function cookieFrom(res: LightMyRequestResponse, previous = ''): string {
  const set = res.cookies.find((c) => c.name.endsWith('maillon_session'));
  if (!set) return previous;
  return set.value ? `${set.name}=${set.value}` : '';
}

/** A browser-like client: keeps the session cookie, sends the CSRF header. */
export function client(app: FastifyInstance, cookie = ''): Client {
  const c: Client = {
    cookie,
    async req(method, url, opts = {}) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { 'x-requested-with': 'maillon', ...(c.cookie ? { cookie: c.cookie } : {}), ...(opts.headers ?? {}) },
        remoteAddress: opts.ip ?? '127.0.0.1',
        ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
      });
      c.cookie = cookieFrom(res, c.cookie);
      return res;
    },
  };
  return c;
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD, ip = '10.0.0.1'): Promise<Client> {
  const c = client(app);
  const res = await c.req('POST', '/api/v1/auth/login', { body: { email, password }, ip });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return c;
}

export function totp(secret: string): string {
  return authenticator.generate(secret);
}
