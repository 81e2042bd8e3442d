import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import {
  actionStatuses,
  actionTypes,
  agreementForms,
  agreementGivers,
  closeReasons,
  costPeriods,
  expectationSources,
  fundingSources,
  goalHorizons,
  goalPriorities,
  planCategories,
  planComponents,
  planStatuses,
} from '@maillon/shared/plans';
import { createdAt, tenantId, tenantMatch, updatedAt, version } from '../../db/columns.ts';
import { careTeamMember } from '../access/tables.ts';
import { assessment } from '../assessments/tables.ts';
import { appUser } from '../identity/tables.ts';
import { person, personRelative } from '../people/tables.ts';

// Constants of the shared contract, not user input: inlined into the DDL on purpose.
const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** A person's personal plan (projet personnalisé). Its content lives in versions; one open plan per person. */
export const plan = pgTable(
  'plan',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('plan_person_idx').on(t.tenantId, t.personId),
    uniqueIndex('plan_open_uq')
      .on(t.tenantId, t.personId)
      .where(sql`${t.closedAt} is null`),
    pgPolicy('plan_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * One version of a plan. A draft (or a proposed version) changes under `version` (If-Match);
 * the person's agreement freezes its content (`frozen_at`, trigger of the custom migration):
 * changes make a new version. `needs` is the snapshot of the signed assessment's needs, each with
 * its category; `deferred_needs` the needs deliberately left for later, with their reason;
 * `allocations` what each funding source grants. `review_due_on` and `over_budget` are computed
 * when the content or the start date change, for the lists.
 */
export const planVersion = pgTable(
  'plan_version',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plan.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    number: integer('number').notNull(),
    status: text('status').notNull().default('draft'),
    closeReason: text('close_reason'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeNote: text('close_note'),
    basedOnId: uuid('based_on_id').references((): AnyPgColumn => planVersion.id),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessment.id),
    needs: jsonb('needs')
      .notNull()
      .default(sql`'[]'::jsonb`),
    expectations: text('expectations'),
    expectationsBy: text('expectations_by'),
    deferredNeeds: jsonb('deferred_needs')
      .notNull()
      .default(sql`'[]'::jsonb`),
    allocations: jsonb('allocations')
      .notNull()
      .default(sql`'[]'::jsonb`),
    proposedAt: timestamp('proposed_at', { withTimezone: true }),
    agreedOn: date('agreed_on', { mode: 'string' }),
    agreementForm: text('agreement_form'),
    agreedBy: text('agreed_by'),
    representativeId: uuid('representative_id').references(() => personRelative.id),
    copyHandedOver: boolean('copy_handed_over'),
    copyHandedOn: date('copy_handed_on', { mode: 'string' }),
    agreementNote: text('agreement_note'),
    agreementRecordedBy: uuid('agreement_recorded_by').references(() => appUser.id),
    frozenAt: timestamp('frozen_at', { withTimezone: true }),
    startDate: date('start_date', { mode: 'string' }),
    reviewDueOn: date('review_due_on', { mode: 'string' }),
    overBudget: boolean('over_budget').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique('plan_version_number_uq').on(t.tenantId, t.planId, t.number),
    // One version being worked on at a time: a second draft would fork the plan.
    uniqueIndex('plan_version_working_uq')
      .on(t.tenantId, t.planId)
      .where(sql`${t.status} in ('draft', 'proposed')`),
    index('plan_version_plan_idx').on(t.tenantId, t.planId, t.number),
    index('plan_version_person_idx').on(t.tenantId, t.personId),
    check('plan_version_status_ck', sql`${t.status} in (${oneOf(planStatuses)})`),
    check('plan_version_close_reason_ck', sql`${t.closeReason} is null or ${t.closeReason} in (${oneOf(closeReasons)})`),
    check('plan_version_closed_ck', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
    check('plan_version_frozen_ck', sql`${t.status} not in ('agreed', 'active', 'under_review') or ${t.frozenAt} is not null`),
    check('plan_version_agreed_ck', sql`(${t.frozenAt} is null) = (${t.agreedOn} is null)`),
    check('plan_version_agreement_form_ck', sql`${t.agreementForm} is null or ${t.agreementForm} in (${oneOf(agreementForms)})`),
    check('plan_version_agreed_by_ck', sql`${t.agreedBy} is null or ${t.agreedBy} in (${oneOf(agreementGivers)})`),
    check('plan_version_expectations_by_ck', sql`${t.expectationsBy} is null or ${t.expectationsBy} in (${oneOf(expectationSources)})`),
    check('plan_version_active_ck', sql`${t.status} not in ('active', 'under_review') or ${t.startDate} is not null`),
    pgPolicy('plan_version_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * A goal of a version. `key` is kept by the copy in the next version, so two versions can be
 * compared goal by goal. `category` follows the component and the needs (`goalCategory`).
 * A goal taken out of a draft is marked `removed_at`, never deleted.
 */
export const planGoal = pgTable(
  'plan_goal',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => planVersion.id),
    key: uuid('key').notNull(),
    position: integer('position').notNull(),
    wording: text('wording').notNull(),
    component: text('component').notNull(),
    category: text('category').notNull(),
    needCodes: text('need_codes').array().notNull(),
    horizon: text('horizon').notNull(),
    targetDate: date('target_date', { mode: 'string' }),
    indicator: text('indicator'),
    target: text('target'),
    priority: text('priority').notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('plan_goal_version_idx').on(t.tenantId, t.versionId, t.position),
    unique('plan_goal_key_uq').on(t.tenantId, t.versionId, t.key),
    check('plan_goal_component_ck', sql`${t.component} in (${oneOf(planComponents)})`),
    check('plan_goal_category_ck', sql`${t.category} in (${oneOf(planCategories)})`),
    check('plan_goal_horizon_ck', sql`${t.horizon} in (${oneOf(goalHorizons)})`),
    check('plan_goal_target_date_ck', sql`(${t.horizon} = 'date') = (${t.targetDate} is not null)`),
    check('plan_goal_priority_ck', sql`${t.priority} in (${oneOf(goalPriorities)})`),
    pgPolicy('plan_goal_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * An action of a goal. The owner is a user (staff, or a partner in the care team) or an external
 * contact of the care team. Money in integer cents; the quantity in hundredths (7.5 h → 750).
 */
export const planAction = pgTable(
  'plan_action',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => planVersion.id),
    goalId: uuid('goal_id')
      .notNull()
      .references(() => planGoal.id),
    key: uuid('key').notNull(),
    position: integer('position').notNull(),
    category: text('category').notNull(),
    description: text('description').notNull(),
    type: text('type').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => appUser.id),
    ownerContactId: uuid('owner_contact_id').references(() => careTeamMember.id),
    prescriber: text('prescriber'),
    frequency: text('frequency'),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    unitCostCents: integer('unit_cost_cents').notNull().default(0),
    quantityHundredths: integer('quantity_hundredths').notNull().default(100),
    period: text('period').notNull(),
    fundingSource: text('funding_source'),
    status: text('status').notNull().default('planned'),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('plan_action_version_idx').on(t.tenantId, t.versionId, t.position),
    index('plan_action_owner_idx')
      .on(t.tenantId, t.ownerUserId)
      .where(sql`${t.ownerUserId} is not null`),
    unique('plan_action_key_uq').on(t.tenantId, t.versionId, t.key),
    check('plan_action_owner_ck', sql`${t.ownerUserId} is null or ${t.ownerContactId} is null`),
    check('plan_action_category_ck', sql`${t.category} in (${oneOf(planCategories)})`),
    check('plan_action_type_ck', sql`${t.type} in (${oneOf(actionTypes)})`),
    check('plan_action_period_ck', sql`${t.period} in (${oneOf(costPeriods)})`),
    check('plan_action_funding_ck', sql`${t.fundingSource} is null or ${t.fundingSource} in (${oneOf(fundingSources)})`),
    check('plan_action_status_ck', sql`${t.status} in (${oneOf(actionStatuses)})`),
    check('plan_action_money_ck', sql`${t.unitCostCents} >= 0 and ${t.quantityHundredths} >= 0`),
    check('plan_action_dates_ck', sql`${t.endDate} is null or ${t.startDate} is null or ${t.endDate} >= ${t.startDate}`),
    pgPolicy('plan_action_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * A review of the version in force: per goal, achieved / partly / not achieved / abandoned with a
 * comment. It leads to the next version (`next_version_id`). Append-only (custom migration).
 */
export const planReview = pgTable(
  'plan_review',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plan.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => planVersion.id),
    nextVersionId: uuid('next_version_id').references(() => planVersion.id),
    reviewedOn: date('reviewed_on', { mode: 'string' }).notNull(),
    participants: text('participants'),
    summary: text('summary'),
    outcomes: jsonb('outcomes').notNull(),
    createdBy: uuid('created_by').references(() => appUser.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('plan_review_plan_idx').on(t.tenantId, t.planId, t.reviewedOn),
    unique('plan_review_version_uq').on(t.tenantId, t.versionId),
    pgPolicy('plan_review_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * The follow-up of the plan in effect: each change of an action's status (planned, in progress,
 * done, cancelled), who made it, when, and why. The action's own `status` holds the latest; this
 * keeps every step. Append-only (custom migration).
 */
export const planActionProgress = pgTable(
  'plan_action_progress',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plan.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => planVersion.id),
    actionId: uuid('action_id')
      .notNull()
      .references(() => planAction.id),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => appUser.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('plan_action_progress_action_idx').on(t.tenantId, t.actionId, t.recordedAt),
    check('plan_action_progress_from_ck', sql`${t.fromStatus} in (${oneOf(actionStatuses)})`),
    check('plan_action_progress_to_ck', sql`${t.toStatus} in (${oneOf(actionStatuses)}) and ${t.toStatus} <> ${t.fromStatus}`),
    pgPolicy('plan_action_progress_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();
