import { readFileSync } from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { APP_ROLE } from './bootstrap.ts';

const migrationsFolder = path.resolve(import.meta.dirname, '../../migrations');

// One constant for the whole product: two servers starting at once queue on it.
const MIGRATION_LOCK_KEY = 7_341_002_611;

/** Number of migrations this build knows (the journal drizzle-kit writes). */
export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** Applies pending migrations (each in a transaction) under a session advisory lock. */
export async function runMigrations(url: string, ssl?: pg.ClientConfig['ssl']): Promise<void> {
  const client = new pg.Client({ connectionString: url, ssl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle(client), { migrationsFolder });
    // The app role reads the migration ledger for /readyz, nothing more.
    await client.query(`grant usage on schema drizzle to ${APP_ROLE}`);
    await client.query(`grant select on drizzle.__drizzle_migrations to ${APP_ROLE}`);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
