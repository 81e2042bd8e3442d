import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig, type Config } from '../../config.ts';
import { newId } from '../../lib/ids.ts';

/**
 * Where document files live. Keys are made here, never from the user's file name:
 * `<tenantId>/<yyyy>/<mm>/<uuid>`. A key is only ever read back from a committed row.
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Stores the whole stream, or nothing: a failed or aborted stream leaves no object behind. */
  put(tenantId: string, body: Readable): Promise<string>;
  /** Opens the file; fails now (not later while streaming) when it does not exist. */
  get(key: string): Promise<Readable>;
  /** Only to roll back an upload whose transaction did not commit. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

const KEY_RE =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/\d{4}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function newStorageKey(tenantId: string, now = new Date()): string {
  if (!/^[0-9a-f-]{36}$/.test(tenantId)) throw new Error('invalid tenant id for a storage key');
  const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${tenantId}/${now.getUTCFullYear()}/${mm}/${newId()}`;
}

function checkKey(key: string): string {
  // Keys come from our own rows; checking them again keeps any path outside the store root.
  if (!KEY_RE.test(key)) throw new Error('invalid storage key');
  return key;
}

async function fsyncDir(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * Local disk under `<DATA_DIR>/files`. A file is written to a hidden temporary name in its final
 * directory, fsynced, renamed, and the directory fsynced: after `put` returns, the file survives
 * a crash whole, and before that it never exists under its key (REL-01).
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local';
  constructor(readonly root: string) {}

  pathOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(tenantId: string, body: Readable): Promise<string> {
    const key = newStorageKey(tenantId);
    const final = this.pathOf(key);
    const dir = path.dirname(final);
    const firstCreated = await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = path.join(dir, `.${newId()}.part`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      for await (const chunk of body) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        for (let off = 0; off < buf.length;) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
      }
      await fh.sync();
    } catch (e) {
      await fh.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    try {
      await rename(tmp, final);
      await fsyncDir(dir);
      if (firstCreated) {
        // New directories are durable only once their parents' entries are synced too.
        for (let d = dir; d !== path.dirname(firstCreated);) {
          d = path.dirname(d);
          await fsyncDir(d);
        }
      }
    } catch (e) {
      await rm(tmp, { force: true });
      await rm(final, { force: true });
      throw e;
    }
    return key;
  }

  async get(key: string): Promise<Readable> {
    const fh = await open(this.pathOf(key), 'r');
    return fh.createReadStream();
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async close(): Promise<void> {}
}

interface S3Options {
  bucket: string;
  region: string;
  endpoint?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
}

/**
 * S3-compatible object storage. PutObject is atomic (the object appears whole or not at all);
 * the body is gathered in memory first, which the upload size limit bounds, so that its length
 * and MD5 are sent and any S3-compatible server accepts it.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3';
  readonly client: S3Client;
  constructor(readonly opts: S3Options) {
    this.client = new S3Client({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
      ...(opts.accessKeyId && opts.secretAccessKey
        ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } }
        : {}),
      // Many S3-compatible servers do not know the newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(tenantId: string, body: Readable): Promise<string> {
    const key = newStorageKey(tenantId);
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
    const buf = Buffer.concat(chunks);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.opts.bucket,
        Key: key,
        Body: buf,
        ContentLength: buf.length,
        ContentMD5: createHash('md5').update(buf).digest('base64'),
        ContentType: 'application/octet-stream',
      }),
    );
    return key;
  }

  async get(key: string): Promise<Readable> {
    const r = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: checkKey(key) }));
    if (!r.Body) throw new Error('empty object body');
    return r.Body as Readable;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: checkKey(key) }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

interface DocumentsConfig {
  maxBytes: number;
  s3: S3Options | null;
}

/** The storage settings, from the configuration parsed at boot (S3 when `S3_BUCKET` is set). */
export function documentsConfig(c: Config): DocumentsConfig {
  return {
    maxBytes: c.UPLOAD_MAX_BYTES,
    s3: c.S3_BUCKET
      ? {
          bucket: c.S3_BUCKET,
          region: c.S3_REGION ?? 'us-east-1',
          endpoint: c.S3_ENDPOINT,
          accessKeyId: c.S3_ACCESS_KEY_ID,
          secretAccessKey: c.S3_SECRET_ACCESS_KEY,
        }
      : null,
  };
}

/** Settings from an environment, for tools and tests: the same parsing and errors as the server. */
export function loadDocumentsConfig(env: NodeJS.ProcessEnv): DocumentsConfig {
  return documentsConfig(loadConfig(env));
}

export function createFileStore(cfg: DocumentsConfig, dataDir: string): FileStore {
  return cfg.s3 ? new S3FileStore(cfg.s3) : new LocalFileStore(path.join(dataDir, 'files'));
}
