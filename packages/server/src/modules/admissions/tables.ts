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
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  committeeCaseStatuses,
  committeeStatuses,
  currentPlaces,
  decisionModes,
  decisionOutcomes,
  homeVisitStatuses,
  placeKinds,
  referralChannels,
  referralSources,
  referralStatuses,
  referralUrgencies,
  waitingChangeKinds,
  waitingPriorities,
  waitingStatuses,
} from '@maillon/shared/admissions';
import { createdAt, tenantId, tenantMatch, updatedAt, version } from '../../db/columns.ts';
import { appUser, service } from '../identity/tables.ts';
import { person } from '../people/tables.ts';

// Constants of the shared contract, not user input: inlined into the DDL on purpose.
const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A request for support (demande de prise en charge) addressed to one of the organisation's
 * services. Column categories (SEC-DP-01): identity as received, referrer and dates →
 * administrative; `reason`, checklist → social; `medical_information` → health. The identity as
 * received stays as it came; `person_id` links the person's record once triage has found or made
 * it. `outcome` repeats the latest decision's for the inbox. Never deleted (withdrawn instead).
 */
export const referral = pgTable(
  'referral',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    reference: text('reference').notNull(),
    status: text('status').notNull().default('received'),
    source: text('source').notNull(),
    channel: text('channel').notNull(),
    sourceOrganisation: text('source_organisation'),
    referrerName: text('referrer_name').notNull(),
    referrerFunction: text('referrer_function'),
    referrerPhone: text('referrer_phone'),
    referrerEmail: text('referrer_email'),
    /** the partner account that sent it through the app, who may follow its status */
    submittedBy: uuid('submitted_by').references(() => appUser.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    urgency: text('urgency').notNull(),
    reason: text('reason').notNull(),
    medicalInformation: text('medical_information'),
    requestedServiceIds: uuid('requested_service_ids').array().notNull(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => service.id),
    expectedStartDate: date('expected_start_date', { mode: 'string' }),
    currentPlace: text('current_place'),
    personInformed: boolean('person_informed').notNull(),
    personId: uuid('person_id').references(() => person.id),
    birthName: text('birth_name').notNull(),
    usedName: text('used_name'),
    firstNames: text('first_names').notNull(),
    sex: text('sex').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    phone: text('phone'),
    commune: text('commune'),
    checklist: jsonb('checklist')
      .notNull()
      .default(sql`'[]'::jsonb`),
    assessmentId: uuid('assessment_id'),
    outcome: text('outcome'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    admittedOn: date('admitted_on', { mode: 'string' }),
    admittedServiceId: uuid('admitted_service_id').references(() => service.id),
    placeKind: text('place_kind'),
    placeLabel: text('place_label'),
    referentUserId: uuid('referent_user_id').references(() => appUser.id),
    endedOn: date('ended_on', { mode: 'string' }),
    endReason: text('end_reason'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique('referral_reference_uq').on(t.tenantId, t.reference),
    // The inbox: a service's referrals by status, latest first (keyset on received_at, id).
    index('referral_inbox_idx').on(t.tenantId, t.serviceId, t.status, t.receivedAt, t.id),
    index('referral_status_idx').on(t.tenantId, t.status, t.receivedAt, t.id),
    index('referral_person_idx').on(t.tenantId, t.personId),
    index('referral_submitted_idx')
      .on(t.tenantId, t.submittedBy, t.receivedAt)
      .where(sql`submitted_by is not null`),
    check('referral_status_ck', sql`${t.status} in (${oneOf(referralStatuses)})`),
    check('referral_source_ck', sql`${t.source} in (${oneOf(referralSources)})`),
    check('referral_channel_ck', sql`${t.channel} in (${oneOf(referralChannels)})`),
    check('referral_urgency_ck', sql`${t.urgency} in (${oneOf(referralUrgencies)})`),
    check('referral_place_ck', sql`${t.currentPlace} in (${oneOf(currentPlaces)})`),
    check('referral_outcome_ck', sql`${t.outcome} in (${oneOf(decisionOutcomes)})`),
    check('referral_place_kind_ck', sql`${t.placeKind} in (${oneOf(placeKinds)})`),
    // Each status carries what made it: a person past triage, a decision, an admission, an end, a withdrawal.
    check('referral_linked_ck', sql`${t.status} in ('received', 'withdrawn') or ${t.personId} is not null`),
    check('referral_decided_ck', sql`${t.status} not in ('decided', 'admitted', 'ended') or ${t.outcome} is not null`),
    check('referral_admitted_ck', sql`${t.status} not in ('admitted', 'ended') or ${t.admittedOn} is not null`),
    check('referral_ended_ck', sql`(${t.status} = 'ended') = (${t.endedOn} is not null)`),
    check('referral_withdrawn_ck', sql`(${t.status} = 'withdrawn') = (${t.withdrawnAt} is not null)`),
    pgPolicy('referral_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** Every step of a referral: dated, attributed (append-only: migration 0013). */
export const referralEvent = pgTable(
  'referral_event',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    by: uuid('by').references(() => appUser.id),
    note: text('note'),
  },
  (t) => [
    index('referral_event_referral_idx').on(t.tenantId, t.referralId, t.at),
    pgPolicy('referral_event_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** The pre-admission home visit: planned, then done with its structured report (social), or cancelled. */
export const homeVisit = pgTable(
  'home_visit',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    status: text('status').notNull().default('planned'),
    plannedAt: timestamp('planned_at', { withTimezone: true }).notNull(),
    /** The names of the professionals present, as written when planned (free text before issue 19). */
    visitors: text('visitors').notNull(),
    /** The members picked as present (user ids); empty for visits planned with free text only. */
    visitorIds: uuid('visitor_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    doneOn: date('done_on', { mode: 'string' }),
    report: jsonb('report'),
    cancelReason: text('cancel_reason'),
    recordedBy: uuid('recorded_by').references(() => appUser.id),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('home_visit_referral_idx').on(t.tenantId, t.referralId, t.plannedAt),
    check('home_visit_status_ck', sql`${t.status} in (${oneOf(homeVisitStatuses)})`),
    check('home_visit_done_ck', sql`(${t.status} = 'done') = (${t.doneOn} is not null and ${t.report} is not null)`),
    pgPolicy('home_visit_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** An admission committee session; `members` as the organisation sets them, with who was present. */
export const committeeSession = pgTable(
  'committee_session',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    location: text('location'),
    status: text('status').notNull().default('planned'),
    members: jsonb('members').notNull(),
    notes: text('notes'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('committee_session_when_idx').on(t.tenantId, t.scheduledAt, t.id),
    check('committee_session_status_ck', sql`${t.status} in (${oneOf(committeeStatuses)})`),
    pgPolicy('committee_session_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** A case on a committee's agenda: the referral presented, then decided or postponed. */
export const committeeCase = pgTable(
  'committee_case',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => committeeSession.id),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    position: integer('position').notNull(),
    status: text('status').notNull().default('on_agenda'),
    summary: text('summary'),
    presentedBy: uuid('presented_by').references(() => appUser.id),
    postponeReason: text('postpone_reason'),
    decisionId: uuid('decision_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('committee_case_session_idx').on(t.tenantId, t.sessionId, t.position),
    // A referral is on one agenda at a time.
    uniqueIndex('committee_case_open_uq')
      .on(t.tenantId, t.referralId)
      .where(sql`${t.status} = 'on_agenda'`),
    check('committee_case_status_ck', sql`${t.status} in (${oneOf(committeeCaseStatuses)})`),
    pgPolicy('committee_case_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * A reasoned decision on a referral (social): facts, needs, the service's occupancy at the time,
 * the conditions of admission and of integration, or the reasons of a refusal or redirection.
 * Written once, never changed (migration 0013): a new decision supersedes it.
 */
export const admissionDecision = pgTable(
  'admission_decision',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    caseId: uuid('case_id').references(() => committeeCase.id),
    mode: text('mode').notNull(),
    outcome: text('outcome').notNull(),
    facts: text('facts').notNull(),
    needs: text('needs').notNull(),
    capacityNote: text('capacity_note'),
    capacity: integer('capacity'),
    occupied: integer('occupied').notNull(),
    waiting: integer('waiting').notNull(),
    admissionConditions: text('admission_conditions'),
    integrationConditions: text('integration_conditions'),
    refusalReasons: text('refusal_reasons'),
    redirectedTo: text('redirected_to'),
    redirectReason: text('redirect_reason'),
    waitingPriority: text('waiting_priority'),
    waitingReason: text('waiting_reason'),
    referrerMessage: text('referrer_message'),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => appUser.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('admission_decision_referral_idx').on(t.tenantId, t.referralId, t.decidedAt),
    check('admission_decision_mode_ck', sql`${t.mode} in (${oneOf(decisionModes)})`),
    check('admission_decision_outcome_ck', sql`${t.outcome} in (${oneOf(decisionOutcomes)})`),
    check('admission_decision_committee_ck', sql`(${t.mode} = 'committee') = (${t.caseId} is not null)`),
    // The database refuses an unreasoned decision too, whatever the caller.
    check(
      'admission_decision_reasons_ck',
      sql`length(${t.facts}) >= 10 and length(${t.needs}) >= 10 and case ${t.outcome}
        when 'accepted' then true
        when 'refused' then ${t.refusalReasons} is not null
        when 'redirected' then ${t.redirectedTo} is not null and ${t.redirectReason} is not null
        when 'waiting_list' then ${t.waitingPriority} is not null and ${t.waitingReason} is not null
        else false end`,
    ),
    pgPolicy('admission_decision_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** A place on a service's waiting list; ranked by priority, then by `since` (see `rankWaitingList`). */
export const waitingListEntry = pgTable(
  'waiting_list_entry',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => service.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    priority: text('priority').notNull(),
    priorityRank: smallint('priority_rank').notNull(),
    since: date('since', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('waiting'),
    reason: text('reason'),
    leftAt: timestamp('left_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    // The committee's list: one service, those still waiting, in rank order.
    index('waiting_list_rank_idx').on(t.tenantId, t.serviceId, t.status, t.priorityRank, t.since, t.id),
    uniqueIndex('waiting_list_referral_uq').on(t.tenantId, t.referralId),
    check('waiting_list_priority_ck', sql`${t.priority} in (${oneOf(waitingPriorities)})`),
    check('waiting_list_rank_ck', sql`${t.priorityRank} = case ${t.priority} when 'urgent' then 1 when 'high' then 2 else 3 end`),
    check('waiting_list_status_ck', sql`${t.status} in (${oneOf(waitingStatuses)})`),
    pgPolicy('waiting_list_entry_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** Each change of a waiting-list place, with its date and reason (append-only: migration 0013). */
export const waitingListChange = pgTable(
  'waiting_list_change',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => waitingListEntry.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind').notNull(),
    fromPriority: text('from_priority'),
    toPriority: text('to_priority'),
    reason: text('reason'),
    by: uuid('by').references(() => appUser.id),
  },
  (t) => [
    index('waiting_list_change_entry_idx').on(t.tenantId, t.entryId, t.at),
    check('waiting_list_change_kind_ck', sql`${t.kind} in (${oneOf(waitingChangeKinds)})`),
    pgPolicy('waiting_list_change_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/**
 * The organisation's admission settings (one row per organisation, none while it keeps the
 * defaults): committee members, decision mode and checklist per service, e-mail to referrers.
 * `next_number` numbers the referrals; it changes without touching `version`.
 */
export const admissionSetting = pgTable(
  'admission_setting',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    settings: jsonb('settings').notNull(),
    nextNumber: integer('next_number').notNull().default(1),
    updatedBy: uuid('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    unique('admission_setting_tenant_uq').on(t.tenantId),
    pgPolicy('admission_setting_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();
