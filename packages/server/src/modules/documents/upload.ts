import { createHash } from 'node:crypto';
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import type { Multipart } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import {
  documentMediaTypeList,
  documentUploadFieldsSchema,
  sanitizeFileName,
  type DocumentUploadFields,
  type PersonDocument,
} from '@maillon/shared/documents';
import type { FieldError } from '@maillon/shared/api';
import { AppError, invalid } from '../../lib/errors.ts';
import { idempotentCreate, withCtx } from '../../plugins/context.ts';
import { createDocument, preflightUpload, type StoredUpload } from './service.ts';
import type { FileStore } from './storage.ts';

/** Enough leading bytes for every signature we accept (file-type reads at most 4100). */
const SNIFF_BYTES = 4100;
const FILE_FIELD = 'file';

interface ReceivedUpload {
  fields: DocumentUploadFields;
  file: StoredUpload;
}

const tooLarge = (max: number) =>
  new AppError(
    'payload_too_large',
    `The file is larger than the limit of ${Math.floor(max / (1024 * 1024)) || max} ${max >= 1024 * 1024 ? 'MiB' : 'bytes'}.`,
    {
      errors: [{ path: 'body.file', message: 'file too large', code: 'too_large' }],
    },
  );

const fileError = (code: string, message: string): FieldError => ({ path: 'body.file', message, code });

/**
 * Detects the media type from the content (magic bytes) before anything reaches the store, and
 * computes size and SHA-256 on the way. The name and the declared Content-Type are never used
 * (SEC-VAL-08). A refused type errors the stream, so the store keeps nothing.
 */
class Inspector extends Transform {
  size = 0;
  mediaType: string | null = null;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;

  get sha256(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.mediaType) return cb(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return cb();
    this.release(cb);
  }

  override _flush(cb: TransformCallback): void {
    if (this.mediaType) return cb();
    if (this.size === 0) return cb(new AppError('validation_failed', 'The file is empty.', { errors: [fileError('empty', 'empty file')] }));
    this.release(cb);
  }

  private release(cb: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    fileTypeFromBuffer(head).then(
      (t) => {
        if (!t || !(documentMediaTypeList as string[]).includes(t.mime)) {
          const what = t ? `a ${t.ext.toUpperCase()} file` : 'not a recognised document';
          cb(
            new AppError('unsupported_media_type', `This file is ${what}: send a PDF, JPEG, PNG, WebP or HEIC file.`, {
              errors: [
                fileError('file_type_not_allowed', `content is ${t?.mime ?? 'unknown'}; allowed: ${documentMediaTypeList.join(', ')}`),
              ],
            }),
          );
          return;
        }
        this.mediaType = t.mime;
        cb(null, head);
      },
      (e: unknown) => cb(e as Error),
    );
  }
}

/** Maps the multipart parser's own errors to problem codes. */
function multipartError(e: unknown, maxBytes: number): unknown {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code ?? '';
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
      return invalid([fileError('too_many_files', 'send one file only')]);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return invalid([{ path: 'body', message: 'too many fields', code: 'too_many_fields' }]);
    case 'FST_PROTO_VIOLATION':
      return invalid([{ path: 'body', message: 'forbidden field name', code: 'forbidden_key' }]);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported_media_type', 'Send the document as multipart/form-data.');
    default:
      // busboy: malformed headers, unexpected end of form, premature close...
      return new AppError(
        'validation_failed',
        'The multipart body could not be read.',
        {},
        `multipart: ${(e as Error)?.message ?? String(e)}`,
      );
  }
}

/**
 * Reads a `multipart/form-data` upload: the text fields, and the one part named `file` streamed
 * through the inspector into the store. On any error the stored file is removed before the
 * error is thrown; on success the caller owns the stored key (and must delete it if its
 * transaction does not commit).
 */
async function receiveUpload(
  req: FastifyRequest,
  opts: { store: FileStore; tenantId: string; maxBytes: number; beforeFile: () => Promise<void> },
): Promise<ReceivedUpload> {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the document as multipart/form-data.');
  const fields: Record<string, string> = {};
  let stored: StoredUpload | null = null;
  try {
    const parts = req.parts({
      limits: { fileSize: opts.maxBytes, files: 1, fields: 6, parts: 8, fieldSize: 2048, fieldNameSize: 64, headerPairs: 32 },
    });
    for (;;) {
      let next: IteratorResult<Multipart>;
      try {
        next = await parts.next();
      } catch (e) {
        throw multipartError(e, opts.maxBytes);
      }
      if (next.done) break;
      const part = next.value;
      if (part.type === 'file') {
        if (part.fieldname !== FILE_FIELD || stored) {
          part.file.resume();
          throw invalid([
            { path: `body.${part.fieldname}`, message: `the file goes in the field "${FILE_FIELD}"`, code: 'unexpected_file' },
          ]);
        }
        await opts.beforeFile();
        stored = await storeFile(part, opts);
      } else {
        if (part.fieldname === FILE_FIELD) throw invalid([fileError('not_a_file', 'send a file, not a text value')]);
        if (Object.hasOwn(fields, part.fieldname)) {
          // Parameter pollution (SEC-VAL-07): one value per field.
          throw invalid([{ path: `body.${part.fieldname}`, message: 'sent more than once', code: 'duplicate_field' }]);
        }
        if (part.valueTruncated || typeof part.value !== 'string') {
          throw invalid([{ path: `body.${part.fieldname}`, message: 'not a short text value', code: 'invalid_value' }]);
        }
        fields[part.fieldname] = part.value;
      }
    }
    if (!stored) throw invalid([fileError('required', 'attach the file in the field "file"')]);
    const parsed = documentUploadFieldsSchema.safeParse(fields);
    if (!parsed.success) {
      throw invalid(
        parsed.error.issues.map((i) => ({
          path: ['body', ...i.path.map(String), ...(i.code === 'unrecognized_keys' ? [i.keys.join(',')] : [])].join('.'),
          message: i.message,
          code: i.code === 'custom' && typeof i.params?.reason === 'string' ? i.params.reason : i.code,
        })),
      );
    }
    return { fields: parsed.data, file: stored };
  } catch (e) {
    if (stored) await opts.store.delete(stored.key).catch((err: unknown) => req.log.error({ err }, 'could not remove a refused upload'));
    throw e;
  }
}

async function storeFile(
  part: Extract<Multipart, { type: 'file' }>,
  opts: { store: FileStore; tenantId: string; maxBytes: number },
): Promise<StoredUpload> {
  const inspector = new Inspector();
  // Which side failed first: the request (a malformed or cut body: 400) or our side (500).
  let failedFirst: 'request' | 'server' | null = null;
  part.file.on('error', () => (failedFirst ??= 'request'));
  inspector.on('error', () => (failedFirst ??= 'server'));
  // Busboy stops at the limit and flags the stream: turn that into an error, so nothing is kept.
  part.file.on('limit', () => inspector.destroy(tooLarge(opts.maxBytes)));
  pipeline(part.file, inspector, () => undefined);
  let key: string;
  try {
    key = await opts.store.put(opts.tenantId, inspector);
  } catch (e) {
    throw failedFirst === 'request' ? multipartError(e, opts.maxBytes) : e;
  }
  if (part.file.truncated || !inspector.mediaType) {
    await opts.store.delete(key);
    throw part.file.truncated ? tooLarge(opts.maxBytes) : new Error('upload inspector ended without a media type');
  }
  return { key, fileName: sanitizeFileName(part.filename), mediaType: inspector.mediaType, size: inspector.size, sha256: inspector.sha256 };
}

/**
 * The whole upload: file received and stored, then the row and its audit written in one
 * transaction (with Idempotency-Key support). A file is never referenced before it is whole on
 * the store, and a stored file whose transaction did not commit is removed (REL-01, REL-03).
 */
export async function uploadDocument(
  req: FastifyRequest,
  reply: FastifyReply,
  personId: string,
  opts: { store: FileStore; maxBytes: number },
): Promise<PersonDocument> {
  const tenantId = req.auth?.tenantId;
  if (!tenantId) throw new AppError('forbidden');
  const received = await receiveUpload(req, {
    ...opts,
    tenantId,
    beforeFile: () => withCtx(req, (ctx) => preflightUpload(ctx, personId)),
  });
  const { key } = received.file;
  // The Idempotency-Key fingerprint covers the fields and the file's content.
  req.body = { ...received.fields, file: { sha256: received.file.sha256, size: received.file.size } };
  let recorded = false;
  try {
    const doc = await idempotentCreate(req, reply, async (ctx) => {
      const d = await createDocument(ctx, personId, received.fields, received.file);
      recorded = true;
      return { status: 201, body: d, headers: { etag: `"${d.version}"`, location: `/api/v1/people/${personId}/documents/${d.id}` } };
    });
    // A replay answers with the first request's document: this copy is not needed.
    if (!recorded) await opts.store.delete(key);
    return doc;
  } catch (e) {
    await opts.store.delete(key).catch((err: unknown) => req.log.error({ err }, 'could not remove the file of a failed upload'));
    throw e;
  }
}
