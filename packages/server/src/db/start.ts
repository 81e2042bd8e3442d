import type pg from 'pg';
import type { Config } from '../config.ts';
import { bootstrapDatabase, deriveAppPassword, withDatabase, APP_ROLE } from './bootstrap.ts';
import { loadOrCreateSecrets, startEmbedded, type EmbeddedServer } from './embedded.ts';
import { runMigrations } from './migrate.ts';
import { sslOptions } from './pool.ts';

export interface DatabaseHandle {
  /** privileged URL of the application database (migrations, audit verification) */
  adminUrl: string;
  /** least-privileged URL the app uses */
  appUrl: string;
  ssl: pg.ClientConfig['ssl'];
  embedded: EmbeddedServer | null;
  stop(): Promise<void>;
}

/**
 * Embedded PostgreSQL by default, or DATABASE_URL; then bootstrap (database, app role) and
 * pending migrations under an advisory lock.
 */
export async function startDatabase(config: Config, log: (m: string) => void): Promise<DatabaseHandle> {
  const ssl = sslOptions(config);
  let embedded: EmbeddedServer | null = null;
  let serverUrl: string;
  let database: string;
  let appPassword: string;
  if (config.DATABASE_URL) {
    const u = new URL(config.DATABASE_URL);
    database = decodeURIComponent(u.pathname.slice(1)) || 'maillon';
    serverUrl = config.DATABASE_URL;
    appPassword = deriveAppPassword(config.DATABASE_URL, config.DATABASE_APP_PASSWORD);
  } else {
    log(`starting the embedded PostgreSQL (data in ${config.dataDir}/pg, port ${config.EMBEDDED_PG_PORT})`);
    embedded = await startEmbedded({ dataDir: config.dataDir, port: config.EMBEDDED_PG_PORT, log });
    serverUrl = embedded.adminUrl;
    database = 'maillon';
    appPassword = config.DATABASE_APP_PASSWORD ?? (await loadOrCreateSecrets(config.dataDir)).appDbPassword;
  }
  const adminUrl = withDatabase(serverUrl, database);
  // Creating the database needs a connection to another one: the maintenance database.
  await bootstrapDatabase({ adminUrl: withDatabase(serverUrl, 'postgres'), database, appPassword, ssl, log });
  await runMigrations(adminUrl, ssl);
  const appUrl = withDatabase(serverUrl, database, { name: APP_ROLE, password: appPassword });
  return {
    adminUrl,
    appUrl,
    ssl,
    embedded,
    stop: async () => {
      if (embedded) await embedded.stop();
    },
  };
}
