import { sql } from 'drizzle-orm';
import { documentTypes } from '@maillon/shared/documents';
import { bigint, check, date, index, pgPolicy, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId, tenantMatch, updatedAt, version } from '../../db/columns.ts';
import { appUser, service } from '../identity/tables.ts';
import { person } from '../people/tables.ts';

/**
 * Administrative documents of a person's record. The row's `category` (SEC-DP-01) is fixed by
 * the type at upload and decides who may list and download it. The file itself lives in the
 * file store under a server-made key; `file_name` is the user's name, cleaned, for display only.
 * Never deleted: archived with a reason (the app role has no DELETE, migration 0005).
 */
export const personDocument = pgTable(
  'person_document',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    type: text('type').notNull(),
    category: text('category').notNull(),
    title: text('title').notNull(),
    fileName: text('file_name').notNull(),
    storageKey: text('storage_key').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => appUser.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    archivedBy: uuid('archived_by').references(() => appUser.id),
    archiveReason: text('archive_reason'),
    version: version(),
  },
  (t) => [
    index('person_document_person_idx').on(t.tenantId, t.personId, t.createdAt, t.id),
    index('person_document_type_idx').on(t.tenantId, t.personId, t.type),
    uniqueIndex('person_document_storage_key_uq').on(t.tenantId, t.storageKey),
    // Constants of the shared contract, not user input: inlined into the DDL on purpose.
    check('person_document_type_ck', sql`${t.type} in (${sql.raw(documentTypes.map((d) => `'${d}'`).join(', '))})`),
    check('person_document_category_ck', sql`${t.category} in ('administrative', 'social', 'health')`),
    check('person_document_size_ck', sql`${t.sizeBytes} >= 0`),
    check('person_document_sha256_ck', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('person_document_archive_ck', sql`(${t.archivedAt} is null) = (${t.archiveReason} is null)`),
    pgPolicy('person_document_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * Required document types: one row per scope, the whole organisation (`service_id` null) or
 * one service. A scope without a row uses the shared default list.
 */
export const documentChecklist = pgTable(
  'document_checklist',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    serviceId: uuid('service_id').references(() => service.id),
    documentTypes: text('document_types').array().notNull(),
    updatedBy: uuid('updated_by').references(() => appUser.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique('document_checklist_scope_uq').on(t.tenantId, t.serviceId).nullsNotDistinct(),
    pgPolicy('document_checklist_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();
