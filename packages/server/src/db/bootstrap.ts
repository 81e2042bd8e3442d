import { createHmac } from 'node:crypto';
import pg from 'pg';

export const APP_ROLE = 'maillon_app';
/** Group roles without login (SEC-AZ-10): insert-only on the audit log, and read-only reporting. */
const AUDIT_WRITER_ROLE = 'maillon_audit_writer';
const REPORTING_ROLE = 'maillon_reporting';

/** Identifier quoting for the few DDL statements that cannot take parameters. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}

/** The app role's password: configured, or derived from the admin URL so every server of one
 * installation computes the same one without storing it anywhere. */
export function deriveAppPassword(adminUrl: string, configured?: string): string {
  return configured ?? createHmac('sha256', adminUrl).update('maillon_app').digest('base64url');
}

export function withDatabase(url: string, database: string, user?: { name: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user.name;
    u.password = encodeURIComponent(user.password);
  }
  return u.toString();
}

async function ignoreDuplicate(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    const code = (e as { code?: string }).code;
    // 42710 duplicate_object, 42P04 duplicate_database, 23505 concurrent insert into the catalog
    if (code !== '42710' && code !== '42P04' && code !== '23505') throw e;
  }
}

/** The roles of an installation (cluster-wide, so never in a database's backup), idempotent. */
export async function ensureRoles(admin: pg.Client, appPassword: string): Promise<void> {
  const role = await admin.query('select 1 from pg_roles where rolname = $1', [APP_ROLE]);
  if (role.rowCount === 0) {
    await ignoreDuplicate(admin.query(`create role ${APP_ROLE} login nosuperuser nobypassrls nocreatedb nocreaterole noinherit`));
  }
  for (const r of [AUDIT_WRITER_ROLE, REPORTING_ROLE]) {
    const exists = await admin.query('select 1 from pg_roles where rolname = $1', [r]);
    if (exists.rowCount === 0) await ignoreDuplicate(admin.query(`create role ${r} nologin nosuperuser nobypassrls`));
  }
  // Parameterised passwords are not allowed in DDL; the value is escaped by the driver.
  await admin.query(`alter role ${APP_ROLE} with login nosuperuser nobypassrls password ${admin.escapeLiteral(appPassword)}`);
}

/**
 * Creates the database (if absent) and the least-privileged application role: not a superuser,
 * no BYPASSRLS, not the owner of any table (SEC-AZ-05, SEC-AZ-10). Idempotent and safe to run
 * from several servers at once.
 */
export async function bootstrapDatabase(opts: {
  adminUrl: string;
  database: string;
  appPassword: string;
  ssl?: pg.ClientConfig['ssl'];
  log?: (msg: string) => void;
}): Promise<void> {
  const admin = new pg.Client({ connectionString: opts.adminUrl, ssl: opts.ssl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [opts.database]);
    if (exists.rowCount === 0) {
      await ignoreDuplicate(admin.query(`create database ${quoteIdent(opts.database)} encoding 'UTF8' template template0`));
    }
    await ensureRoles(admin, opts.appPassword);
  } finally {
    await admin.end();
  }
  const db = new pg.Client({ connectionString: withDatabase(opts.adminUrl, opts.database), ssl: opts.ssl });
  await db.connect();
  try {
    await db.query(`revoke all on database ${quoteIdent(opts.database)} from public`);
    await db.query(`grant connect, temporary on database ${quoteIdent(opts.database)} to ${APP_ROLE}`);
    await db.query(`revoke create on schema public from public`);
    await db.query(`grant usage on schema public to ${APP_ROLE}`);
    await ignoreDuplicate(db.query(`create extension if not exists pg_trgm`));
    await ignoreDuplicate(db.query(`create extension if not exists unaccent`));
    await ignoreDuplicate(db.query(`create extension if not exists btree_gin`));
    await makeSearchOperatorsLeakproof(db, opts.log);
    // Tables created by the migrator are usable by the app role; the audit table narrows this.
    await db.query(`alter default privileges in schema public grant select, insert, update, delete on tables to ${APP_ROLE}`);
    await db.query(`alter default privileges in schema public grant usage, select on sequences to ${APP_ROLE}`);
  } finally {
    await db.end();
  }
}

/**
 * Under row-level security PostgreSQL uses an index condition ahead of the policy only when its
 * operator is LEAKPROOF; LIKE and pg_trgm's word-similarity operators are not marked so, which
 * makes the name search read every row of the organisation (docs/performance.md, decision 0008).
 * None of the three raises an error that depends on the row it reads, so they are marked LEAKPROOF
 * in this database. Only a superuser may do that: otherwise the search stays correct, only slower.
 */
async function makeSearchOperatorsLeakproof(db: pg.Client, log?: (msg: string) => void): Promise<void> {
  // Only what is not marked yet: no catalog write at an ordinary start (several servers may start at once).
  const todo = await db.query<{ fn: string }>(
    `select oid::regprocedure::text as fn from pg_proc
     where oid in ('textlike(text,text)'::regprocedure, 'word_similarity_op(text,text)'::regprocedure,
                   'word_similarity_commutator_op(text,text)'::regprocedure) and not proleakproof`,
  );
  if (!todo.rowCount) return;
  const su = await db.query<{ su: boolean }>(`select rolsuper as su from pg_roles where rolname = current_user`);
  if (!su.rows[0]?.su) {
    log?.('name search: not a superuser, the trigram operators stay non-leakproof (slower name search under RLS)');
    return;
  }
  for (const { fn } of todo.rows) await db.query(`alter function ${fn} leakproof`);
}
