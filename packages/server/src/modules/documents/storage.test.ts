import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import pg from 'pg';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import { ConfigError } from '../../config.ts';
import { fakeExe, multipart, tinyPdf } from './fixtures.ts';
import { LocalFileStore, S3FileStore, loadDocumentsConfig, type FileStore } from './storage.ts';

const TENANT = '01900000-0000-7000-8000-00000000000a';
const BUCKET = 'maillon-documents';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const read = async (s: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
/** A client whose connection drops after the first bytes. */
const cutStream = () =>
  Readable.from(
    (async function* () {
      yield Buffer.from('%PDF-1.4 first bytes');
      throw new Error('connection reset by the client');
    })(),
  );

let s3dir: string;
let s3server: S3rver;
let s3endpoint: string;

beforeAll(async () => {
  s3dir = await mkdtemp(path.join(os.tmpdir(), 'maillon-s3-'));
  s3server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3dir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const addr = await s3server.run();
  s3endpoint = `http://127.0.0.1:${addr.port}`;
});
afterAll(async () => {
  await s3server?.close();
  await rm(s3dir, { recursive: true, force: true });
});

const s3Options = () => ({ bucket: BUCKET, region: 'eu-west-3', endpoint: s3endpoint, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });

async function objectKeys(store: S3FileStore): Promise<string[]> {
  const r = await store.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (r.Contents ?? []).map((o) => o.Key ?? '').sort();
}

/** The same contract, checked on both stores. */
function storeContract(name: string, make: () => Promise<{ store: FileStore; list: () => Promise<string[]> }>) {
  describe(`${name} file store`, () => {
    let store: FileStore;
    let list: () => Promise<string[]>;
    beforeAll(async () => {
      ({ store, list } = await make());
    });
    afterAll(async () => store?.close());

    it('stores a stream under a server-made key and gives the same bytes back', async () => {
      const data = Buffer.concat([tinyPdf(), Buffer.alloc(300_000, 7)]);
      const key = await store.put(TENANT, Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
      const now = new Date();
      expect(key).toMatch(
        new RegExp(`^${TENANT}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/[0-9a-f-]{36}$`),
      );
      expect(sha(await read(await store.get(key)))).toBe(sha(data));
      expect(await list()).toContain(key);
    });

    it('keeps nothing when the incoming stream fails half-way', async () => {
      const before = await list();
      await expect(store.put(TENANT, cutStream())).rejects.toThrow(/connection reset/);
      expect(await list()).toEqual(before);
    });

    it('fails on opening a file that does not exist, and refuses keys it did not make', async () => {
      await expect(store.get(`${TENANT}/2020/01/01900000-0000-7000-8000-000000000000`)).rejects.toThrow();
      await expect(store.get('../../etc/passwd')).rejects.toThrow(/invalid storage key/);
      await expect(store.delete(`${TENANT}/2020/01/../../../x`)).rejects.toThrow(/invalid storage key/);
    });

    it('removes a file on rollback', async () => {
      const key = await store.put(TENANT, Readable.from([Buffer.from('%PDF-1.4 rollback')]));
      await store.delete(key);
      expect(await list()).not.toContain(key);
      await expect(store.get(key)).rejects.toThrow();
    });
  });
}

storeContract('local disk', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'maillon-files-'));
  const store = new LocalFileStore(root);
  const list = async () => {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    // Temporary files count too: none may be left behind.
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
      .sort();
  };
  return { store, list };
});

storeContract('S3 (s3rver)', async () => {
  const store = new S3FileStore(s3Options());
  return { store, list: () => objectKeys(store) };
});

describe('local disk specifics', () => {
  it('writes files readable by the server user only', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'maillon-files-'));
    const store = new LocalFileStore(root);
    const key = await store.put(TENANT, Readable.from([Buffer.from('%PDF-1.4')]));
    expect((await stat(store.pathOf(key))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(root, TENANT))).mode & 0o777).toBe(0o700);
  });
});

describe('documents settings', () => {
  it('defaults to local disk and 10 MiB', () => {
    expect(loadDocumentsConfig({})).toEqual({ maxBytes: 10 * 1024 * 1024, s3: null });
  });

  it('reads S3 settings and the upload limit', () => {
    expect(
      loadDocumentsConfig({
        UPLOAD_MAX_BYTES: '2048',
        S3_ENDPOINT: 'https://s3.example.fr',
        S3_BUCKET: 'b',
        S3_REGION: 'fr-par',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
      }),
    ).toEqual({
      maxBytes: 2048,
      s3: { bucket: 'b', region: 'fr-par', endpoint: 'https://s3.example.fr', accessKeyId: 'id', secretAccessKey: 'secret' },
    });
  });

  it('lists every problem of a bad configuration', () => {
    let err: unknown;
    try {
      loadDocumentsConfig({ S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'id' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      expect.stringMatching(/^S3_BUCKET/),
      expect.stringMatching(/^S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/),
    ]);
    expect(() => loadDocumentsConfig({ UPLOAD_MAX_BYTES: '10MB' })).toThrow(ConfigError);
    expect(() => loadDocumentsConfig({ S3_ENDPOINT: 'not a url', S3_BUCKET: 'b' })).toThrow(ConfigError);
  });
});

describe('the API with S3 storage configured', () => {
  let t: TestApp;
  let db: pg.Client;
  let org: TestOrg;
  let coord: Client;
  let personId: string;
  let store: S3FileStore;
  const env = {
    S3_ENDPOINT: () => s3endpoint,
    S3_BUCKET: () => BUCKET,
    S3_REGION: () => 'eu-west-3',
    S3_ACCESS_KEY_ID: () => 'S3RVER',
    S3_SECRET_ACCESS_KEY: () => 'S3RVER',
    UPLOAD_MAX_BYTES: () => '65536',
  };

  beforeAll(async () => {
    t = await startTestApp(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v()])));
    db = new pg.Client({ connectionString: t.adminUrl });
    await db.connect();
    store = new S3FileStore(s3Options());
    org = await createOrg(t, { roles: ['coordinator', 'social_worker'] });
    coord = await login(t.app, org.users.coordinator!.email, undefined, '10.41.0.1');
    const res = await coord.req('POST', '/api/v1/people', {
      body: { birthName: 'Moreau', firstNames: 'Lucien', sex: 'male', birthDate: '1938-11-02', duplicatesReviewed: true },
    });
    personId = res.json().id;
  });
  afterAll(async () => {
    await store?.close();
    await db?.end();
    await t?.close();
  });

  const tenantObjects = async () => (await objectKeys(store)).filter((k) => k.startsWith(`${org.id}/`));
  const send = (c: Client, data: Buffer, type = 'identity') => {
    const form = multipart([
      { name: 'type', value: type },
      { name: 'file', filename: 'cni.pdf', contentType: 'application/pdf', data },
    ]);
    return c.req('POST', `/api/v1/people/${personId}/documents`, { body: form.payload, headers: form.headers });
  };

  it('uploads to the bucket and downloads the same bytes', async () => {
    const pdf = tinyPdf('S3');
    const res = await send(coord, pdf);
    expect(res.statusCode, res.body).toBe(201);
    const key = (await db.query('select storage_key from person_document where id = $1', [res.json().id])).rows[0].storage_key;
    expect(await tenantObjects()).toEqual([key]);
    const dl = await coord.req('GET', `/api/v1/people/${personId}/documents/${res.json().id}/content`);
    expect(dl.statusCode).toBe(200);
    expect(Buffer.compare(dl.rawPayload, pdf)).toBe(0);
    expect(res.json().sha256).toBe(sha(pdf));
  });

  it('applies the configured size limit (413) and the content check (415), leaving no object', async () => {
    const before = await tenantObjects();
    expect((await send(coord, Buffer.concat([tinyPdf(), Buffer.alloc(65536)]))).statusCode).toBe(413);
    expect((await send(coord, fakeExe())).statusCode).toBe(415);
    expect(await tenantObjects()).toEqual(before);
  });

  it('removes the object when the transaction does not commit', async () => {
    // A social worker may not file a health document: refused inside the transaction.
    const social = await login(t.app, org.users.social_worker!.email, undefined, '10.41.0.2');
    await coord.req('POST', `/api/v1/people/${personId}/care-team`, {
      body: { userId: org.users.social_worker!.id, function: 'social_worker', startDate: new Date().toISOString().slice(0, 10) },
    });
    const before = await tenantObjects();
    expect((await send(social, tinyPdf(), 'prescription')).statusCode).toBe(404);
    expect(await tenantObjects()).toEqual(before);
  });
});
