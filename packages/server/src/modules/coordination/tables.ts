import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { journalEntryStatuses, journalKinds } from '@maillon/shared/coordination';
import { infoCategories } from '@maillon/shared/people';
import { createdAt, tenantId, tenantMatch, updatedAt, version } from '../../db/columns.ts';
import { appUser } from '../identity/tables.ts';
import { person } from '../people/tables.ts';

// Tables of the coordination journal (migration 0022, written by hand: its text search
// configuration, generated `search` column, guards and NOTIFY triggers are not drizzle's).

// Constants of the shared contract, not user input: inlined into the DDL on purpose.
const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** An entry about a person, as its latest version says; every version is in `journal_entry_version`. */
export const journalEntry = pgTable(
  'journal_entry',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => appUser.id),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    urgent: boolean('urgent').notNull().default(false),
    factAt: timestamp('fact_at', { withTimezone: true }).notNull(),
    body: text('body'),
    target: jsonb('target'),
    goalId: uuid('goal_id'),
    actionId: uuid('action_id'),
    assessmentId: uuid('assessment_id'),
    referralId: uuid('referral_id'),
    attachmentIds: uuid('attachment_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    ackCareTeam: boolean('ack_care_team').notNull().default(false),
    ackServiceId: uuid('ack_service_id'),
    status: text('status').notNull().default('current'),
    errorReason: text('error_reason'),
    errorAt: timestamp('error_at', { withTimezone: true }),
    errorBy: uuid('error_by').references(() => appUser.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    updatedBy: uuid('updated_by').notNull(),
  },
  (t) => [
    index('journal_entry_person_idx').on(t.tenantId, t.personId, t.factAt.desc(), t.id.desc()),
    index('journal_entry_fact_idx').on(t.tenantId, t.factAt.desc(), t.id.desc()),
    // Covering in the migration: INCLUDE (id, author_id, status, category, urgent) for the handover.
    index('journal_entry_person_written_idx').on(t.tenantId, t.personId, t.createdAt),
    index('journal_entry_author_idx').on(t.tenantId, t.authorId, t.factAt.desc()),
    check('journal_entry_kind_ck', sql`${t.kind} in (${oneOf(journalKinds)})`),
    check('journal_entry_category_ck', sql`${t.category} in (${oneOf(infoCategories)})`),
    check('journal_entry_status_ck', sql`${t.status} in (${oneOf(journalEntryStatuses)})`),
    pgPolicy('journal_entry_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
);

/** Every version of an entry, the first included: append-only (no UPDATE or DELETE for the app role). */
export const journalEntryVersion = pgTable(
  'journal_entry_version',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => journalEntry.id),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    urgent: boolean('urgent').notNull(),
    factAt: timestamp('fact_at', { withTimezone: true }).notNull(),
    body: text('body'),
    target: jsonb('target'),
    goalId: uuid('goal_id'),
    actionId: uuid('action_id'),
    assessmentId: uuid('assessment_id'),
    referralId: uuid('referral_id'),
    attachmentIds: uuid('attachment_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    reason: text('reason'),
    writtenBy: uuid('written_by')
      .notNull()
      .references(() => appUser.id),
    writtenAt: timestamp('written_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('journal_entry_version_uq').on(t.tenantId, t.entryId, t.version),
    pgPolicy('journal_entry_version_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
);

/** One recipient asked to acknowledge an entry; `acknowledged_at` is set once. */
export const journalAck = pgTable(
  'journal_ack',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => journalEntry.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('journal_ack_uq').on(t.tenantId, t.entryId, t.userId),
    index('journal_ack_pending_idx')
      .on(t.tenantId, t.userId)
      .where(sql`${t.acknowledgedAt} is null`),
    pgPolicy('journal_ack_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
);

/** Each user's handover mark: "I have read the journal up to here". */
export const journalHandoverMark = pgTable(
  'journal_handover_mark',
  {
    tenantId: tenantId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    readUntil: timestamp('read_until', { withTimezone: true }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'journal_handover_mark_pk', columns: [t.tenantId, t.userId] }),
    pgPolicy('journal_handover_mark_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
);
