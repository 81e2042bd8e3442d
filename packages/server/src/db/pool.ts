import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Config } from '../config.ts';

export function sslOptions(config: Pick<Config, 'DATABASE_SSL' | 'DATABASE_SSL_CA_FILE'>): pg.ClientConfig['ssl'] {
  switch (config.DATABASE_SSL) {
    case 'disable':
      return undefined;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return { rejectUnauthorized: true, ca: readFileSync(config.DATABASE_SSL_CA_FILE ?? '', 'utf8') };
  }
}

/** The application's pool: the least-privileged role, with statement and lock timeouts (REL-11). */
export function createPool(opts: {
  url: string;
  max: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  ssl?: pg.ClientConfig['ssl'];
  /** told when a connection is lost (the database stopped, crashed or restarts) */
  onConnectionError?: (e: Error) => void;
}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max,
    ssl: opts.ssl,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'maillon',
    options: `-c statement_timeout=${opts.statementTimeoutMs} -c lock_timeout=${opts.lockTimeoutMs} -c idle_in_transaction_session_timeout=60000 -c TimeZone=UTC`,
  });
  const lost = (e: Error) => opts.onConnectionError?.(e);
  // A client losing its connection must not crash the process (an 'error' event without a
  // listener throws): the pool listens on idle clients only, so every client gets its own
  // listener for the time it is checked out. Its next query fails (answered 503 by the errors
  // plugin) and the transaction helper gives it back as broken; the pool opens new connections.
  pool.on('connect', (client) => client.on('error', lost));
  pool.on('error', lost);
  return pool;
}

/** REL-02: refuse to run on a server configured to lose acknowledged writes. */
export async function checkDurability(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')`,
  );
  const problems: string[] = [];
  for (const name of ['fsync', 'synchronous_commit', 'full_page_writes']) {
    const s = rows.find((r) => r.name === name)?.setting;
    if (s === undefined || s === 'off') problems.push(`${name} is ${s ?? 'unknown'}; it must be on`);
  }
  return problems;
}
