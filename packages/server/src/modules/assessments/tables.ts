import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { assessmentContexts, assessmentDomains, assessmentStatuses, domainCategory, instrumentKinds } from '@maillon/shared/assessments';
import { createdAt, tenantId, tenantMatch, updatedAt, version } from '../../db/columns.ts';
import { appUser } from '../identity/tables.ts';
import { person } from '../people/tables.ts';

// Constants of the shared contract, not user input: inlined into the DDL on purpose.
const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));
const healthDomains = oneOf(assessmentDomains.filter((d) => domainCategory[d] === 'health'));

/**
 * A multidimensional assessment of a person. Header fields (date, context, who) are readable with
 * the social or the health category; the AGGIR grid (`aggir`, `gir_rank`, `gir_group`,
 * `gir_score`, `aggir_missing`) is `health`; the GIR number is `social` too (see
 * `aggirGridCategory` in shared). A draft changes under `version` (If-Match); once signed the row
 * is frozen (trigger of migration 0007) and only a signed correction supersedes it. Never deleted.
 */
export const assessment = pgTable(
  'assessment',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    status: text('status').notNull().default('draft'),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    context: text('context').notNull(),
    place: text('place'),
    participants: text('participants'),
    assessedBy: uuid('assessed_by')
      .notNull()
      .references(() => appUser.id),
    aggir: jsonb('aggir'),
    gir: smallint('gir'),
    girRank: smallint('gir_rank'),
    girGroup: text('gir_group'),
    girScore: integer('gir_score'),
    aggirMissing: text('aggir_missing').array(),
    supersedesId: uuid('supersedes_id').references((): AnyPgColumn => assessment.id),
    supersededById: uuid('superseded_by_id').references((): AnyPgColumn => assessment.id),
    correctionReason: text('correction_reason'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedBy: uuid('signed_by').references(() => appUser.id),
    signedCategories: text('signed_categories').array(),
    discardedAt: timestamp('discarded_at', { withTimezone: true }),
    discardedBy: uuid('discarded_by').references(() => appUser.id),
    discardReason: text('discard_reason'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('assessment_person_idx').on(t.tenantId, t.personId, t.assessedOn, t.id),
    // One live correction per assessment: a second one would fork its history.
    uniqueIndex('assessment_correction_uq')
      .on(t.tenantId, t.supersedesId)
      .where(sql`${t.supersedesId} is not null and ${t.status} <> 'discarded'`),
    check('assessment_status_ck', sql`${t.status} in (${oneOf(assessmentStatuses)})`),
    check('assessment_context_ck', sql`${t.context} in (${oneOf(assessmentContexts)})`),
    check('assessment_gir_ck', sql`${t.gir} between 1 and 6`),
    check('assessment_signed_ck', sql`(${t.status} in ('signed', 'superseded')) = (${t.signedAt} is not null)`),
    check('assessment_discarded_ck', sql`(${t.status} = 'discarded') = (${t.discardedAt} is not null)`),
    pgPolicy('assessment_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * One domain of an assessment. `category` follows the domain (`domainCategory` in shared) and is
 * stored so that reads filter on it in SQL (STYLE.md 6). Needs keep the taxonomy label of the day.
 */
export const assessmentSection = pgTable(
  'assessment_section',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessment.id),
    domain: text('domain').notNull(),
    category: text('category').notNull(),
    observations: text('observations'),
    needs: jsonb('needs')
      .notNull()
      .default(sql`'[]'::jsonb`),
    wishes: text('wishes'),
    wishesExpressedBy: text('wishes_expressed_by'),
    strengths: jsonb('strengths')
      .notNull()
      .default(sql`'[]'::jsonb`),
    risks: jsonb('risks')
      .notNull()
      .default(sql`'[]'::jsonb`),
    urgency: text('urgency'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('assessment_section_domain_uq').on(t.tenantId, t.assessmentId, t.domain),
    check('assessment_section_domain_ck', sql`${t.domain} in (${oneOf(assessmentDomains)})`),
    check(
      'assessment_section_category_ck',
      sql`${t.category} = case when ${t.domain} in (${healthDomains}) then 'health' else 'social' end`,
    ),
    pgPolicy('assessment_section_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * The organisation's instruments: its licensed Zarit scale (item texts entered by the
 * organisation) and its own questionnaires. `domain` decides the category of their results.
 */
export const assessmentInstrument = pgTable(
  'assessment_instrument',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    domain: text('domain').notNull(),
    category: text('category').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('assessment_instrument_tenant_idx').on(t.tenantId, t.title),
    check('assessment_instrument_kind_ck', sql`${t.kind} in (${oneOf(instrumentKinds)})`),
    check('assessment_instrument_domain_ck', sql`${t.domain} in (${oneOf(assessmentDomains)})`),
    check(
      'assessment_instrument_category_ck',
      sql`${t.category} = case when ${t.domain} in (${healthDomains}) then 'health' else 'social' end`,
    ),
    pgPolicy('assessment_instrument_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** Versions of an instrument: a draft is edited, publishing freezes it (trigger of migration 0007); changes make a new version. */
export const assessmentInstrumentVersion = pgTable(
  'assessment_instrument_version',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => assessmentInstrument.id),
    number: integer('number').notNull(),
    status: text('status').notNull().default('draft'),
    definition: jsonb('definition').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => appUser.id),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique('assessment_instrument_version_number_uq').on(t.tenantId, t.instrumentId, t.number),
    uniqueIndex('assessment_instrument_version_draft_uq')
      .on(t.tenantId, t.instrumentId)
      .where(sql`${t.status} = 'draft'`),
    check('assessment_instrument_version_status_ck', sql`${t.status} in ('draft', 'published')`),
    check('assessment_instrument_version_published_ck', sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`),
    pgPolicy('assessment_instrument_version_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * A result of an instrument within an assessment, with the version it was filled against and its
 * score. `category` is the instrument's at the time. One live result per instrument per assessment.
 */
export const assessmentResult = pgTable(
  'assessment_result',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessment.id),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => assessmentInstrument.id),
    instrumentVersionId: uuid('instrument_version_id')
      .notNull()
      .references(() => assessmentInstrumentVersion.id),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    answers: jsonb('answers').notNull(),
    total: doublePrecision('total'),
    bandCode: text('band_code'),
    bandLabel: text('band_label'),
    bandSeverity: text('band_severity'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('assessment_result_assessment_idx').on(t.tenantId, t.assessmentId),
    uniqueIndex('assessment_result_instrument_uq')
      .on(t.tenantId, t.assessmentId, t.instrumentId)
      .where(sql`${t.archivedAt} is null`),
    check('assessment_result_category_ck', sql`${t.category} in ('health', 'social')`),
    pgPolicy('assessment_result_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * The organisation's needs taxonomy. An organisation without a row uses `defaultNeedTypes`; its
 * first change copies them here. Codes are persisted in assessments: they never change, a need
 * is retired (`active` false) rather than removed.
 */
export const assessmentNeedType = pgTable(
  'assessment_need_type',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    domain: text('domain').notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique('assessment_need_type_code_uq').on(t.tenantId, t.code),
    check('assessment_need_type_domain_ck', sql`${t.domain} in (${oneOf(assessmentDomains)})`),
    pgPolicy('assessment_need_type_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();
