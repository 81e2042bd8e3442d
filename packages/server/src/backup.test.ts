import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { withDatabase } from './db/bootstrap.ts';
import { EMBEDDED_PG_MAJOR, startEmbedded } from './db/embedded.ts';
import { createMailer } from './lib/mailer.ts';
import { sealAudit } from './modules/audit/service.ts';
import { verifyAuditChain } from './modules/audit/verify.ts';
import { multipart, tinyPdf } from './modules/documents/fixtures.ts';
import { createServer } from './server.ts';
import { PASSWORD, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../test/harness.ts';

// The restore drill (REL-09): data built through the API, `npm run backup` of it, `npm run
// restore` into a fresh default (embedded) installation, then every table's rows and every
// sequence compared, the audit chain verified, and the restored app answering as the source.

const root = path.resolve(import.meta.dirname, '../../..');
let t: TestApp;
let org: TestOrg;
let coord: Client;
let personId: string;
let assessmentId: string;
let documentId: string;
const dirs: string[] = [];

async function tmp(prefix: string) {
  const d = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(d, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
  dirs.push(d);
  return d;
}

/** Runs one of the npm scripts' files as `npm run` does (tsx), with only the given settings. */
function cli(file: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_|DATA_DIR|EMBEDDED_PG_PORT|ENCRYPTION_KEYS|S3_)/.test(k)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/cli', file), ...args], {
      cwd: root,
      env: { ...base, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Every table's row count and a hash of its rows in a fixed order, and every sequence's position. */
async function fingerprint(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ name: string }>(
      `select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname in ('public', 'drizzle') order by 1`,
    );
    const rows: Record<string, { n: number; hash: string }> = {};
    for (const { name } of tables.rows) {
      const r = await c.query<{ n: number; hash: string }>(
        `select count(*)::int as n, coalesce(md5(string_agg(x::text, E'\\n' order by x::text)), '') as hash from ${name} x`,
      );
      rows[name] = r.rows[0]!;
    }
    const seqs = await c.query<{ name: string; last: string | null }>(
      `select format('%I.%I', schemaname, sequencename) as name, last_value::text as last from pg_sequences
       where schemaname in ('public', 'drizzle') order by 1`,
    );
    return { rows, sequences: Object.fromEntries(seqs.rows.map((s) => [s.name, s.last])) };
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'coordinator'] });
  coord = await login(t.app, org.users.coordinator!.email, PASSWORD, '10.70.0.1');
  const p = await coord.req('POST', '/api/v1/people', {
    body: {
      birthName: 'Sauvegarde',
      firstNames: 'Rose',
      sex: 'female',
      birthDate: '1934-09-01',
      phone: '0475123456',
      duplicatesReviewed: true,
    },
  });
  expect(p.statusCode, p.body).toBe(201);
  personId = (p.json() as { id: string }).id;
  const rel = await coord.req('POST', `/api/v1/people/${personId}/relatives`, {
    body: { lastName: 'Sauvegarde', firstName: 'Paul', relationship: 'child', isCaregiver: true },
  });
  expect(rel.statusCode, rel.body).toBe(201);
  const a = await coord.req('POST', `/api/v1/people/${personId}/assessments`, {
    body: { assessedOn: '2026-01-05', context: 'admission', sections: { social: { needs: [{ code: 'ouverture_droits_apa' }] } } },
  });
  expect(a.statusCode, a.body).toBe(201);
  assessmentId = (a.json() as { id: string }).id;
  const form = multipart([
    { name: 'type', value: 'identity' },
    { name: 'file', filename: 'cni.pdf', contentType: 'application/pdf', data: tinyPdf('Carte') },
  ]);
  const doc = await coord.req('POST', `/api/v1/people/${personId}/documents`, { body: form.payload, headers: form.headers });
  expect(doc.statusCode, doc.body).toBe(201);
  documentId = (doc.json() as { id: string }).id;
  for (let i = 0; i < 3; i++) await coord.req('GET', `/api/v1/people/${personId}`); // read entries in the audit trail
  // The sealing horizon waits for transactions open at the time (other files share the cluster).
  for (let i = 0; i < 400 && (await sealAudit(t.server.deps.db)) === 0; i++) await new Promise((res) => setTimeout(res, 25));
  await coord.req('GET', `/api/v1/people/${personId}/relatives`); // and an unsealed tail
}, 120_000);

afterAll(async () => {
  await t?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('backup and restore (REL-09)', () => {
  it('restores a backup into a fresh default installation: same rows, sequences, audit chain, files and answers; refuses a non-empty target', async () => {
    const source = await fingerprint(t.adminUrl);
    const sourceChain = await verifyAuditChain(t.adminUrl, undefined);
    expect(sourceChain.ok).toBe(true);
    expect(sourceChain.sealedChecked).toBeGreaterThan(0);
    expect(source.rows['public.audit_event']!.n).toBeGreaterThan(sourceChain.sealedChecked);

    // Back up the source (an installation on DATABASE_URL, with its local document store).
    const backupDir = path.join(await tmp('maillon-backup-'), 'b1');
    const backup = await cli('backup.ts', ['--out', backupDir], { DATABASE_URL: t.adminUrl, DATA_DIR: t.server.deps.config.dataDir });
    expect(backup.out).toContain(`backup written to ${backupDir}`);
    expect(backup.code, backup.out).toBe(0);

    // Restore into a fresh default installation: the embedded PostgreSQL in a new DATA_DIR.
    const dataDir = await tmp('maillon-restored-');
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const restore = await cli('restore.ts', [backupDir], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: port });
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toMatch(/restored: \d+ tables, \d+ rows; 1 document file\(s\) copied/);

    const embedded = await startEmbedded({ dataDir, port: Number(port) });
    try {
      const url = withDatabase(embedded.adminUrl, 'maillon');
      const target = await fingerprint(url);
      expect(Object.keys(target.rows)).toEqual(Object.keys(source.rows));
      for (const [table, fp] of Object.entries(source.rows)) expect(target.rows[table], table).toEqual(fp);
      expect(target.sequences).toEqual(source.sequences);
      expect(await verifyAuditChain(url, undefined)).toEqual(sourceChain);
    } finally {
      await embedded.stop();
    }
    expect((await cli('audit-verify.ts', [], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: port })).out).toContain('audit chain intact');

    const again = await cli('restore.ts', [backupDir], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: port });
    expect(again.code).toBe(1);
    expect(again.out).toMatch(
      /restore failed: database maillon is not empty \(\d+ row\(s\) in \d+ tables\): nothing was changed\. Pass --force/,
    );
    const forced = await cli('restore.ts', [backupDir, '--force'], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: port });
    expect(forced.code, forced.out).toBe(0);
    expect(forced.out).toMatch(/dropped the existing database maillon \(\d+ row\(s\), --force\)/);

    // The restored installation starts as any other and answers as the source did.
    const restored = await createServer(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: port,
        ENCRYPTION_KEYS: t.server.deps.config.ENCRYPTION_KEYS!,
      }),
      { workers: false, mailer: createMailer({ smtpUrl: undefined, from: 'test@maillon.local', log: console }) },
    );
    try {
      await restored.app.ready();
      const there = await login(restored.app, org.users.coordinator!.email, PASSWORD, '10.70.0.2');
      const asked: [string, string, unknown?][] = [
        ['GET', `/api/v1/people/${personId}`],
        ['GET', `/api/v1/people/${personId}/relatives`],
        ['GET', `/api/v1/people/${personId}/care-team`],
        ['GET', `/api/v1/assessments/${assessmentId}`],
        ['GET', `/api/v1/people/${personId}/documents`],
        ['GET', `/api/v1/people/${personId}/documents/${documentId}/content`],
        ['POST', '/api/v1/people/search', { q: 'Sauvegarde' }],
      ];
      for (const [method, url, body] of asked) {
        const [a, b] = [await coord.req(method, url, { body }), await there.req(method, url, { body })];
        expect(b.statusCode, url).toBe(200);
        expect(a.statusCode, url).toBe(200);
        expect(b.rawPayload.equals(a.rawPayload), `${url}: ${b.body.slice(0, 300)}`).toBe(true);
        expect(b.headers.etag, url).toBe(a.headers.etag);
      }
    } finally {
      await restored.close();
    }
  }, 240_000);

  it('refuses, in words and without touching it, an embedded data directory of another PostgreSQL major (the former 18)', async () => {
    expect(EMBEDDED_PG_MAJOR).toBe(15);
    const dataDir = await tmp('maillon-pg18-');
    await mkdir(path.join(dataDir, 'pg'));
    await writeFile(path.join(dataDir, 'pg', 'PG_VERSION'), '18\n');
    await expect(startEmbedded({ dataDir, port: 20_000 + Math.floor(Math.random() * 20_000) })).rejects.toThrow(
      `${path.join(dataDir, 'pg')} holds a PostgreSQL 18 database, but this version of Maillon embeds PostgreSQL 15`,
    );
    expect(await readdir(path.join(dataDir, 'pg'))).toEqual(['PG_VERSION']);
  });
});
