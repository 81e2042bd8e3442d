// A full disk (REL-01): a write that fails for lack of space answers 503 naming the cause, /readyz
// says so, and the server serves again when space is back.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { client, createOrg, login, PASSWORD, startTestApp, type TestApp, type TestOrg } from '../test/harness.ts';
import { multipart, tinyPdf } from './modules/documents/fixtures.ts';
import { DISK_FULL_HOLD_MS } from './plugins/errors.ts';

let t: TestApp;
let db: pg.Client;
let org: TestOrg;

beforeAll(async () => {
  t = await startTestApp();
  db = new pg.Client({ connectionString: t.adminUrl });
  await db.connect();
  org = await createOrg(t, { roles: ['coordinator'] });
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const readyz = async () => {
  const r = await t.app.inject('/readyz');
  return { status: r.statusCode, body: r.json() as unknown };
};

describe('a full disk', () => {
  it('answers 503 naming the database disk when PostgreSQL has no space left (53100), /readyz says disk_full, and it serves again when space is back', async () => {
    // PostgreSQL itself raises disk_full on the write of a login (its session row), as it does when
    // it cannot extend a file.
    await db.query(`create function test_disk_full() returns trigger language plpgsql as $$
      begin raise exception 'could not extend file "base/1/2": No space left on device' using errcode = 'disk_full'; end $$`);
    await db.query('create trigger test_disk_full before insert on session for each row execute function test_disk_full()');
    const email = org.users.coordinator!.email;
    const res = await client(t.app).req('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.headers['retry-after']).toBe('60');
    expect(res.json()).toMatchObject({
      status: 503,
      code: 'service_unavailable',
      detail:
        'The database server has no disk space left: nothing was saved. An administrator must free space on the disk of the database; then retry.',
    });
    expect(res.body).not.toMatch(/base\/1\/2|plpgsql|trigger/);
    expect(await readyz()).toEqual({ status: 503, body: { status: 'disk_full', where: 'database' } });

    // Space is back: writes succeed at once; /readyz says ready once the hold has passed.
    await db.query('drop trigger test_disk_full on session');
    expect((await client(t.app).req('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + DISK_FULL_HOLD_MS + 1000);
      expect(await readyz()).toMatchObject({ status: 200, body: { status: 'ready' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 503 naming the disk of the files when a document cannot be stored (ENOSPC)', async (ctx) => {
    // A real full disk: a 1 MiB tmpfs under the data directory's files (needs root and mount).
    const files = path.join(t.server.deps.config.dataDir, 'files');
    mkdirSync(files, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', files], { stdio: 'ignore' });
    } catch {
      ctx.skip();
    }
    try {
      const coord = await login(t.app, org.users.coordinator!.email, undefined, '10.77.0.1');
      const person = await coord.req('POST', '/api/v1/people', {
        body: { birthName: 'Durand', firstNames: 'Jeanne', sex: 'female', birthDate: '1940-03-12', duplicatesReviewed: true },
      });
      expect(person.statusCode).toBe(201);
      const pdf = tinyPdf();
      const big = Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024, 0x20)]);
      const form = multipart([
        { name: 'type', value: 'identity' },
        { name: 'file', filename: 'piece.pdf', contentType: 'application/pdf', data: big },
      ]);
      const res = await coord.req('POST', `/api/v1/people/${(person.json() as { id: string }).id}/documents`, {
        body: form.payload,
        headers: form.headers,
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('60');
      expect(res.json()).toMatchObject({
        code: 'service_unavailable',
        detail:
          'This server has no disk space left to store files: nothing was saved. An administrator must free space on the disk of the data directory; then retry.',
      });
      expect(await readyz()).toEqual({ status: 503, body: { status: 'disk_full', where: 'files' } });
      const rows = await db.query('select count(*)::int as n from person_document where person_id = $1', [
        (person.json() as { id: string }).id,
      ]);
      expect(rows.rows[0].n).toBe(0);
    } finally {
      execFileSync('umount', [files]);
    }
  });
});
