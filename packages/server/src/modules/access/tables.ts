import { sql } from 'drizzle-orm';
import { boolean, date, index, pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId, tenantMatch, updatedAt, version } from '../../db/columns.ts';
import { appUser } from '../identity/tables.ts';
import { person, personRelative } from '../people/tables.ts';

/** Care team: internal members (users) with dates, and external contacts (FR-01). */
export const careTeamMember = pgTable(
  'care_team_member',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    userId: uuid('user_id').references(() => appUser.id),
    externalName: text('external_name'),
    externalOrganisation: text('external_organisation'),
    externalEmail: text('external_email'),
    externalPhone: text('external_phone'),
    function: text('function').notNull(),
    isReferent: boolean('is_referent').notNull().default(false),
    restrictedAccess: boolean('restricted_access').notNull().default(false),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    /** Set when the membership is ended on or before today: it ends at once, not at midnight (SEC-AZ-06). */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('care_team_person_idx').on(t.tenantId, t.personId),
    // With the dates, "my care teams" is an index-only scan (docs/performance.md).
    index('care_team_user_dates_idx')
      .on(t.tenantId, t.userId, t.personId, t.startDate, t.endDate, t.endedAt)
      .where(sql`user_id is not null`),
    pgPolicy('care_team_member_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** Information, consent and objection to sharing outside the care team, with every FR-03 element. */
export const consent = pgTable(
  'consent',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    decision: text('decision').notNull(),
    informedAt: date('informed_at', { mode: 'string' }).notNull(),
    collectedBy: uuid('collected_by')
      .notNull()
      .references(() => appUser.id),
    collectedAt: timestamp('collected_at', { withTimezone: true }).notNull(),
    method: text('method').notNull(),
    infoCategories: text('info_categories').array().notNull(),
    professionalCategories: text('professional_categories').array().notNull(),
    means: text('means').array().notNull(),
    securityMeasuresExplained: boolean('security_measures_explained').notNull(),
    copyGiven: boolean('copy_given').notNull(),
    givenBy: text('given_by').notNull(),
    representativeId: uuid('representative_id').references(() => personRelative.id),
    notes: text('notes'),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    index('consent_person_idx').on(t.tenantId, t.personId),
    pgPolicy('consent_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** Emergency access outside the rules (FR-06): reasoned, time-boxed, read-only, reviewed by the DPO. */
export const breakGlass = pgTable(
  'break_glass',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    reasonCode: text('reason_code').notNull(),
    reasonText: text('reason_text').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    reviewedBy: uuid('reviewed_by').references(() => appUser.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewOutcome: text('review_outcome'),
    reviewComment: text('review_comment'),
  },
  (t) => [
    index('break_glass_user_idx').on(t.tenantId, t.userId, t.personId, t.expiresAt),
    index('break_glass_review_idx').on(t.tenantId, t.reviewedAt),
    pgPolicy('break_glass_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();
