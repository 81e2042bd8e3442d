import type { InfoCategory } from '@maillon/shared/people';
import type { Readable } from 'node:stream';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  documentCategoryOf,
  isExpired,
  titleFromFileName,
  type DocumentCategory,
  type DocumentListQuery,
  type DocumentType,
  type DocumentUploadFields,
  type PersonDocument,
} from '@maillon/shared/documents';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, timestampKey, toPage } from '../../lib/pagination.ts';
import { iso, isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { assertCanRead, assertCanWrite, mostSensitive, purposeOf, resolveAccess, type PersonAccess } from '../access/public.ts';
import type { FileStore } from './storage.ts';
import { personDocument } from './tables.ts';

/** A file received and stored, about to be recorded. */
export interface StoredUpload {
  key: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

type DocumentRow = typeof personDocument.$inferSelect;
/** `createdAtKey`: the creation time as PostgreSQL's text, to the microsecond, for the list's cursor. */
type DocumentRowWithUploader = DocumentRow & { uploaderName: string | null; createdAtKey: string };

/** The categories of documents, most sensitive first. */
const SENSITIVITY: DocumentCategory[] = ['health', 'social', 'administrative'];
const readable = (access: PersonAccess): DocumentCategory[] => SENSITIVITY.filter((c) => access.categories.has(c));

export const today = (): string => new Date().toISOString().slice(0, 10);

/** The API shape of a document, with what the caller may do with it (STYLE.md 3, 5). */
export function toDocument(ctx: Ctx, r: DocumentRowWithUploader, access: PersonAccess): PersonDocument {
  return {
    id: r.id,
    personId: r.personId,
    type: r.type as DocumentType,
    category: r.category as DocumentCategory,
    title: r.title,
    fileName: r.fileName,
    mediaType: r.mediaType,
    size: r.sizeBytes,
    sha256: r.sha256,
    validUntil: r.validUntil,
    expired: isExpired(r.validUntil, today()),
    uploadedBy: { userId: r.uploadedBy, displayName: r.uploaderName },
    createdAt: isoRequired(r.createdAt),
    archivedAt: iso(r.archivedAt),
    archiveReason: r.archiveReason,
    version: r.version,
    can: {
      download: access.categories.has(r.category as DocumentCategory),
      archive:
        !access.readOnly &&
        !r.archivedAt &&
        ctx.actor.permissions.has('person.update') &&
        access.categories.has(r.category as DocumentCategory),
    },
  };
}

const uploaderName = sql<string | null>`(select u.display_name from app_user u where u.id = ${personDocument.uploadedBy})`;
const createdAtKey = sql<string>`${personDocument.createdAt}::text`;

/** Documents with their uploader's name, newest first (RLS keeps them to the tenant; callers check access). */
export async function loadDocuments(
  ctx: Ctx,
  where: ReturnType<typeof and>,
  extra: { limit?: number } = {},
): Promise<DocumentRowWithUploader[]> {
  const q = ctx.tx
    .select({ doc: personDocument, uploaderName, createdAtKey })
    .from(personDocument)
    .where(where)
    .orderBy(sql`${personDocument.createdAt} desc, ${personDocument.id} desc`);
  const rows = extra.limit ? await q.limit(extra.limit) : await q;
  return rows.map((r) => ({ ...r.doc, uploaderName: r.uploaderName, createdAtKey: r.createdAtKey }));
}

async function loadOne(ctx: Ctx, personId: string, id: string): Promise<DocumentRowWithUploader | undefined> {
  return (await loadDocuments(ctx, and(eq(personDocument.id, id), eq(personDocument.personId, personId))))[0];
}

/**
 * Checked before the file is streamed to the store, so that a caller who cannot write to this
 * record never makes us store anything. The transaction of `createDocument` checks again.
 */
export async function preflightUpload(ctx: Ctx, personId: string): Promise<void> {
  const access = await resolveAccess(ctx, personId);
  if (access.readOnly) throw new AppError('access.emergency_read_only', 'Emergency access is read-only.');
  if (access.mergedInto) throw new AppError('person.merged', 'This record was merged into another one; add documents there.');
}

/** Records an uploaded file as a document of the person, in the category of its type (SEC-DP-01). */
export async function createDocument(
  ctx: Ctx,
  personId: string,
  fields: DocumentUploadFields,
  file: StoredUpload,
): Promise<PersonDocument> {
  const access = await resolveAccess(ctx, personId);
  const category = documentCategoryOf[fields.type];
  assertCanWrite(access, category);
  if (access.mergedInto) throw new AppError('person.merged', 'This record was merged into another one; add documents there.');
  const id = newId();
  await ctx.tx.insert(personDocument).values({
    id,
    personId,
    type: fields.type,
    category,
    title: fields.title ?? titleFromFileName(file.fileName),
    fileName: file.fileName,
    storageKey: file.key,
    mediaType: file.mediaType,
    sizeBytes: file.size,
    sha256: file.sha256,
    validUntil: fields.validUntil ?? null,
    uploadedBy: ctx.actor.userId!,
  });
  await ctx.audit({
    action: 'document.create',
    resourceType: 'person_document',
    resourceId: id,
    personId,
    infoCategory: category,
    details: { type: fields.type, mediaType: file.mediaType, size: file.size },
  });
  return toDocument(ctx, (await loadOne(ctx, personId, id))!, access);
}

/** The person's documents of the categories the caller may read; others are simply absent (STYLE.md 6). */
export async function listDocuments(
  ctx: Ctx,
  personId: string,
  q: DocumentListQuery,
): Promise<{ items: PersonDocument[]; nextCursor: string | null }> {
  const access = await resolveAccess(ctx, personId);
  const cats = readable(access);
  const cur = q.cursor ? decodeCursor(q.cursor, ['timestamp', 'uuid']) : null;
  const rows = cats.length
    ? await loadDocuments(
        ctx,
        and(
          eq(personDocument.personId, personId),
          inArray(personDocument.category, cats),
          q.includeArchived === 'true' ? undefined : isNull(personDocument.archivedAt),
          q.type ? eq(personDocument.type, q.type) : undefined,
          cur ? sql`(${personDocument.createdAt}, ${personDocument.id}) < (${cur[0]}::timestamptz, ${cur[1]}::uuid)` : undefined,
        ),
        { limit: q.limit + 1 },
      )
    : [];
  const page = toPage(rows, q.limit, (last) => [timestampKey(last.createdAtKey), last.id]);
  await ctx.audit({
    action: 'document.read',
    resourceType: 'person_document',
    personId,
    infoCategory: mostSensitive(
      SENSITIVITY.filter((c) => page.items.some((r) => r.category === c)),
      'administrative',
    ),
    purpose: purposeOf(access),
    details: { count: page.items.length, categories: cats, includeArchived: q.includeArchived === 'true' },
  });
  return { items: page.items.map((r) => toDocument(ctx, r, access)), nextCursor: page.nextCursor };
}

/** One document's description (audited as a read). */
export async function getDocument(ctx: Ctx, personId: string, id: string): Promise<PersonDocument> {
  const access = await resolveAccess(ctx, personId);
  const row = await loadOne(ctx, personId, id);
  if (!row) throw notFound('document');
  assertCanRead(access, row.category as DocumentCategory);
  await ctx.audit({
    action: 'document.read',
    resourceType: 'person_document',
    resourceId: id,
    personId,
    infoCategory: row.category as InfoCategory,
    purpose: purposeOf(access),
  });
  return toDocument(ctx, row, access);
}

/**
 * Opens a document's file for download: access and category checked, the file opened and the
 * download audited in one transaction (SEC-AZ-08, SEC-AZ-09). A document of a category the
 * caller may not read is "not found".
 */
export async function openDocument(
  ctx: Ctx,
  store: FileStore,
  personId: string,
  id: string,
): Promise<{ doc: PersonDocument; stream: Readable }> {
  const access = await resolveAccess(ctx, personId);
  const row = await loadOne(ctx, personId, id);
  if (!row) throw notFound('document');
  assertCanRead(access, row.category as DocumentCategory);
  const stream = await store.get(row.storageKey);
  try {
    await ctx.audit({
      action: 'document.download',
      resourceType: 'person_document',
      resourceId: id,
      personId,
      infoCategory: row.category as InfoCategory,
      purpose: purposeOf(access),
      details: { type: row.type, size: row.sizeBytes },
    });
  } catch (e) {
    stream.destroy();
    throw e;
  }
  return { doc: toDocument(ctx, row, access), stream };
}

/** Archives a document (never deleted, DESIGN.md §4.5), with a reason, against the version the caller saw (REL-05). */
export async function archiveDocument(ctx: Ctx, personId: string, id: string, expected: number, reason: string): Promise<PersonDocument> {
  const access = await resolveAccess(ctx, personId);
  const current = await loadOne(ctx, personId, id);
  if (!current) throw notFound('document');
  assertCanRead(access, current.category as DocumentCategory);
  assertCanWrite(access, current.category as DocumentCategory);
  if (current.version !== expected) {
    throw new AppError('precondition_failed', 'This document was changed in the meantime; here is its current state.', {
      current: toDocument(ctx, current, access),
    });
  }
  if (current.archivedAt) throw new AppError('document.already_archived', 'This document is already archived.');
  const rows = await ctx.tx
    .update(personDocument)
    .set({
      archivedAt: new Date(),
      archivedBy: ctx.actor.userId,
      archiveReason: reason,
      updatedAt: new Date(),
      version: sql`${personDocument.version} + 1`,
    })
    .where(
      and(
        eq(personDocument.id, id),
        eq(personDocument.personId, personId),
        eq(personDocument.version, expected),
        isNull(personDocument.archivedAt),
      ),
    )
    .returning({ id: personDocument.id });
  if (!rows[0]) {
    const now = await loadOne(ctx, personId, id);
    throw new AppError('precondition_failed', 'This document was changed in the meantime; here is its current state.', {
      current: now ? toDocument(ctx, now, access) : null,
    });
  }
  await ctx.audit({
    action: 'document.archive',
    resourceType: 'person_document',
    resourceId: id,
    personId,
    infoCategory: current.category as InfoCategory,
    details: { type: current.type },
  });
  return toDocument(ctx, (await loadOne(ctx, personId, id))!, access);
}
