import { and, eq, sql } from 'drizzle-orm';
import {
  openStatuses,
  referralTransitions,
  type ChecklistTemplateItem,
  type DecisionOutcome,
  type Referral,
  type ReferralCreate,
  type ReferralLink,
  type ReferralListQuery,
  type ReferralStatus,
  type ReferralSummary,
  type ReferralUpdate,
} from '@maillon/shared/admissions';
import { executeNamed } from '../../db/tx.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { nextVersion, transition, versionGuard } from '../../lib/lifecycle.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, timestampKey, toPage } from '../../lib/pagination.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { assertCanWrite, resolveAccess } from '../access/public.ts';
import { createPerson } from '../people/public.ts';
import { referralPersonName, toReferral, type StoredChecklistItem } from './referral.view.ts';
import {
  assertWrite,
  auditCategory,
  referralAccess,
  referralFlow,
  referralPurpose,
  transitionError,
  visibleReferralsSql,
  type ReferralAccess,
  type ReferralRow,
} from './policy.ts';
import { nextReference, serviceSettingOf } from './settings.service.ts';
import { referral, referralEvent } from './tables.ts';

// Referrals: intake, the inbox, the detail, triage (linking the person, checklist), and the
// status flow every other step goes through (`move`). One transaction per command, audited.

export async function loadRow(ctx: Ctx, id: string, lock = false): Promise<ReferralRow> {
  const q = ctx.tx.select().from(referral).where(eq(referral.id, id));
  const r = (lock ? await q.for('update') : await q)[0];
  if (!r) throw notFound('referral');
  return r;
}

/** Loads a referral the caller may change, locked for the rest of the transaction. */
export async function openForWrite(ctx: Ctx, id: string): Promise<{ row: ReferralRow; access: ReferralAccess }> {
  const row = await loadRow(ctx, id, true);
  const access = await referralAccess(ctx, row);
  assertWrite(access);
  return { row, access };
}

/** The optimistic check of every change (REL-05): stale → 412 with the referral as the caller may see it. */
export async function assertVersion(ctx: Ctx, row: ReferralRow, access: ReferralAccess, expected: number | null): Promise<void> {
  if (expected !== null && row.version !== expected) {
    throw new AppError('precondition_failed', 'Someone changed this request in the meantime; here is its current state.', {
      current: await toReferral(ctx, row, access),
    });
  }
}

/**
 * The one way a referral changes status: checks the flow (409 with the allowed statuses), bumps
 * the version, writes the dated, attributed event and the audit row, in the caller's transaction.
 */
export async function move(
  ctx: Ctx,
  row: ReferralRow,
  access: ReferralAccess,
  to: ReferralStatus,
  set: Partial<typeof referral.$inferInsert> = {},
  note: string | null = null,
): Promise<ReferralRow> {
  const from = row.status as ReferralStatus;
  const updated = await transition(
    referralFlow(row.outcome as DecisionOutcome | null),
    from,
    to,
    () =>
      ctx.tx
        .update(referral)
        .set({ ...set, status: to, updatedAt: new Date(), version: nextVersion(referral) })
        .where(versionGuard(referral, row))
        .returning(),
    () => new AppError('referral.changed_meanwhile', 'This request changed while it was being updated; reload it.'),
  );
  await ctx.tx
    .insert(referralEvent)
    .values({ id: newId(), referralId: row.id, fromStatus: from, toStatus: to, by: ctx.actor.userId, note });
  await ctx.audit({
    action: 'referral.status',
    resourceType: 'referral',
    resourceId: row.id,
    personId: updated.personId,
    infoCategory: auditCategory(access),
    details: { from, to, outcome: updated.outcome },
  });
  return updated;
}

/** Bumps the version of a change that is not a change of status. */
async function bump(ctx: Ctx, row: ReferralRow, set: Partial<typeof referral.$inferInsert>): Promise<ReferralRow> {
  const updated = (
    await ctx.tx
      .update(referral)
      .set({ ...set, updatedAt: new Date(), version: sql`${referral.version} + 1` })
      .where(and(eq(referral.id, row.id), eq(referral.version, row.version)))
      .returning()
  )[0];
  if (!updated) throw new AppError('referral.changed_meanwhile', 'This request changed while it was being updated; reload it.');
  return updated;
}

async function assertServices(ctx: Ctx, ids: string[]): Promise<void> {
  const r = await ctx.tx.execute<{ id: string }>(
    sql`select id from service where archived_at is null and id in (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )})`,
  );
  const known = new Set(r.rows.map((x) => x.id));
  const errors = ids
    .map((id, i) => ({ id, i }))
    .filter((x) => !known.has(x.id))
    .map((x) => ({ path: `body.requestedServiceIds.${x.i}`, message: 'Unknown service', code: 'unknown_service' }));
  if (errors.length) throw new AppError('validation_failed', 'This service does not exist.', { errors });
}

const freshChecklist = (items: ChecklistTemplateItem[]): StoredChecklistItem[] =>
  items.map((i) => ({ ...i, done: false, doneAt: null, doneBy: null, note: null }));

/** The columns shared by an intake by the service and a referrer's own submission. */
async function intakeValues(ctx: Ctx, input: Omit<ReferralCreate, 'personId'>) {
  await assertServices(ctx, input.requestedServiceIds);
  const serviceId = input.requestedServiceIds[0]!;
  const setting = await serviceSettingOf(ctx, serviceId, 'body.requestedServiceIds.0');
  return {
    id: newId(),
    reference: await nextReference(ctx),
    source: input.source,
    channel: input.channel,
    sourceOrganisation: input.sourceOrganisation ?? null,
    referrerName: input.referrerName,
    referrerFunction: input.referrerFunction ?? null,
    referrerPhone: input.referrerPhone ?? null,
    referrerEmail: input.referrerEmail ?? null,
    receivedAt: input.receivedAt ? new Date(input.receivedAt) : new Date(),
    urgency: input.urgency,
    reason: input.reason,
    medicalInformation: input.medicalInformation ?? null,
    requestedServiceIds: input.requestedServiceIds,
    serviceId,
    expectedStartDate: input.expectedStartDate ?? null,
    currentPlace: input.currentPlace ?? null,
    personInformed: input.personInformed,
    birthName: input.person.birthName,
    usedName: input.person.usedName ?? null,
    firstNames: input.person.firstNames,
    sex: input.person.sex,
    birthDate: input.person.birthDate,
    phone: input.person.phone ?? null,
    commune: input.person.commune ?? null,
    checklist: freshChecklist(setting.checklist),
    createdBy: ctx.actor.userId,
  };
}

/** Records a request received by the service (phone, letter, e-mail…), optionally linked to a known person. */
export async function createReferral(ctx: Ctx, input: ReferralCreate): Promise<Referral> {
  const values = await intakeValues(ctx, input);
  const access = await referralAccess(ctx, { serviceId: values.serviceId, personId: null }).catch(() => null);
  if (!access?.write) {
    throw new AppError('validation_failed', 'You do not handle the admissions of this service.', {
      errors: [{ path: 'body.requestedServiceIds.0', message: 'not your service', code: 'not_your_service' }],
    });
  }
  if (input.personId) await assertLinkable(ctx, input.personId, 'body.personId');
  await ctx.tx.insert(referral).values({ ...values, personId: input.personId ?? null });
  await ctx.tx
    .insert(referralEvent)
    .values({ id: newId(), referralId: values.id, fromStatus: null, toStatus: 'received', by: ctx.actor.userId });
  await ctx.audit({
    action: 'referral.create',
    resourceType: 'referral',
    resourceId: values.id,
    personId: input.personId ?? null,
    infoCategory: input.medicalInformation ? 'health' : 'social',
    details: { source: input.source, channel: input.channel, urgency: input.urgency, linked: !!input.personId },
  });
  return toReferral(ctx, await loadRow(ctx, values.id), access);
}

/** A referrer from another organisation sends a request: no record is touched, no duplicate is shown. */
export async function submitReferral(ctx: Ctx, input: Omit<ReferralCreate, 'personId'>): Promise<{ id: string }> {
  const values = await intakeValues(ctx, input);
  await ctx.tx.insert(referral).values({ ...values, channel: 'app', submittedBy: ctx.actor.userId });
  await ctx.tx
    .insert(referralEvent)
    .values({ id: newId(), referralId: values.id, fromStatus: null, toStatus: 'received', by: ctx.actor.userId });
  await ctx.audit({
    action: 'referral.submit',
    resourceType: 'referral',
    resourceId: values.id,
    infoCategory: input.medicalInformation ? 'health' : 'social',
    details: { source: input.source, urgency: input.urgency },
  });
  return { id: values.id };
}

type SummaryRow = {
  id: string;
  reference: string;
  status: string;
  outcome: string | null;
  received_at: string;
  urgency: string;
  source: string;
  source_organisation: string | null;
  birth_name: string;
  used_name: string | null;
  first_names: string;
  birth_date: string;
  person_id: string | null;
  service_id: string;
  service_name: string;
  updated_at: string;
};

/**
 * The inbox: the referrals the caller may see, by status (default: everything still open), latest
 * first, keyset-paginated; access in the SQL (STYLE.md 6). One audit row per page read.
 */
export async function listReferrals(ctx: Ctx, q: ReferralListQuery): Promise<{ items: ReferralSummary[]; nextCursor: string | null }> {
  const cur = q.cursor ? decodeCursor(q.cursor, ['timestamp', 'uuid']) : null;
  const statuses = q.status === 'open' ? openStatuses : [q.status];
  // A named prepared statement per combination of filters (status list, service, urgency, page): planned once per connection.
  const rows = await executeNamed<SummaryRow>(
    ctx.tx,
    'referral_inbox',
    sql`
    select r.id, r.reference, r.status, r.outcome, r.received_at, r.urgency, r.source, r.source_organisation, r.birth_name, r.used_name,
      r.first_names, r.birth_date::text as birth_date, r.person_id, r.service_id, s.name as service_name, r.updated_at
    from referral r join service s on s.id = r.service_id
    where ${visibleReferralsSql(ctx)} and r.status in (${sql.join(
      statuses.map((s) => sql`${s}`),
      sql`, `,
    )})
      ${q.serviceId ? sql`and r.service_id = ${q.serviceId}` : sql``}
      ${q.urgency ? sql`and r.urgency = ${q.urgency}` : sql``}
      ${cur ? sql`and (r.received_at, r.id) < (${cur[0]}::timestamptz, ${cur[1]}::uuid)` : sql``}
    order by r.received_at desc, r.id desc limit ${q.limit + 1}`,
  );
  await ctx.audit({
    action: 'referral.list',
    resourceType: 'referral',
    infoCategory: 'administrative',
    details: { status: q.status, results: Math.min(rows.rows.length, q.limit) },
  });
  const page = toPage(rows.rows, q.limit, (last) => [timestampKey(last.received_at), last.id]);
  return {
    items: page.items.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status as ReferralSummary['status'],
      outcome: r.outcome as ReferralSummary['outcome'],
      receivedAt: isoRequired(r.received_at),
      urgency: r.urgency as ReferralSummary['urgency'],
      source: r.source as ReferralSummary['source'],
      sourceOrganisation: r.source_organisation,
      personName: referralPersonName({ birthName: r.birth_name, usedName: r.used_name, firstNames: r.first_names }),
      birthDate: r.birth_date,
      linked: r.person_id !== null,
      service: { id: r.service_id, name: r.service_name },
      updatedAt: isoRequired(r.updated_at),
    })),
    nextCursor: page.nextCursor,
  };
}

/** How many referrals the caller may see in each status (the inbox's tabs). Counts only: not audited as a read of records. */
export async function referralCounts(ctx: Ctx, serviceId?: string): Promise<{ counts: Record<ReferralStatus, number> }> {
  const r = await executeNamed<{ status: ReferralStatus; n: number }>(
    ctx.tx,
    'referral_counts',
    sql`
    select r.status, count(*)::int as n from referral r where ${visibleReferralsSql(ctx)}
      ${serviceId ? sql`and r.service_id = ${serviceId}` : sql``} group by r.status`,
  );
  const counts = Object.fromEntries(Object.keys(referralTransitions).map((s) => [s, 0])) as Record<ReferralStatus, number>;
  for (const row of r.rows) counts[row.status] = row.n;
  return { counts };
}

/** Opening a referral: access decided and the read audited in the same transaction. */
export async function getReferral(ctx: Ctx, id: string): Promise<Referral> {
  const row = await loadRow(ctx, id);
  const access = await referralAccess(ctx, row);
  await ctx.audit({
    action: 'referral.read',
    resourceType: 'referral',
    resourceId: id,
    personId: row.personId,
    infoCategory: auditCategory(access, ['social', 'health']),
    purpose: referralPurpose(access),
    details: { via: access.via, status: row.status },
  });
  return toReferral(ctx, row, access);
}

/** Corrections during triage (If-Match): urgency, reason, the examining service, the first needs evaluation… */
export async function updateReferral(ctx: Ctx, id: string, expected: number, input: ReferralUpdate): Promise<Referral> {
  const { row, access } = await openForWrite(ctx, id);
  await assertVersion(ctx, row, access, expected);
  if (['withdrawn', 'ended'].includes(row.status))
    throw transitionError(row.status as ReferralStatus, row.status as ReferralStatus, null, []);
  if (input.medicalInformation !== undefined && !access.categories.has('health')) throw notFound('information');
  const set: Partial<typeof referral.$inferInsert> = { ...input };
  if (input.serviceId && input.serviceId !== row.serviceId) {
    if (!['received', 'under_review'].includes(row.status)) {
      throw new AppError('referral.service_locked', 'The service can change only before the case is presented or decided.', {
        errors: [{ path: 'body.serviceId', message: 'too late', code: 'too_late' }],
      });
    }
    const setting = await serviceSettingOf(ctx, input.serviceId);
    set.checklist = mergeChecklist(row.checklist as StoredChecklistItem[], setting.checklist);
  }
  if (input.assessmentId) {
    const a = await ctx.tx.execute(
      sql`select 1 from assessment where id = ${input.assessmentId} and person_id = ${row.personId} and status <> 'discarded'`,
    );
    if (!row.personId || !a.rowCount) {
      throw new AppError('validation_failed', "This assessment is not one of the person's.", {
        errors: [{ path: 'body.assessmentId', message: 'not an assessment of this person', code: 'unknown_assessment' }],
      });
    }
  }
  const updated = await bump(ctx, row, set);
  await ctx.audit({
    action: 'referral.update',
    resourceType: 'referral',
    resourceId: id,
    personId: row.personId,
    infoCategory: input.medicalInformation !== undefined ? 'health' : 'social',
    details: { fields: Object.keys(input) },
  });
  return toReferral(ctx, await loadRow(ctx, updated.id), await referralAccess(ctx, updated));
}

/** A new service's checklist, keeping what was already ticked for the same items. */
function mergeChecklist(old: StoredChecklistItem[], template: ChecklistTemplateItem[]): StoredChecklistItem[] {
  return template.map((t) => {
    const was = old.find((o) => o.key === t.key);
    return was
      ? { ...was, label: t.label, kind: t.kind, documentType: t.documentType }
      : { ...t, done: false, doneAt: null, doneBy: null, note: null };
  });
}

/** Linking needs write access to the record through the access module; otherwise it is "not found". */
async function assertLinkable(ctx: Ctx, personId: string, path: string): Promise<void> {
  try {
    const a = await resolveAccess(ctx, personId);
    assertCanWrite(a, 'administrative');
    if (a.mergedInto)
      throw new AppError('person.merged', 'This record was merged into another one; link that one.', {
        errors: [{ path, message: 'merged', code: 'merged' }],
      });
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') {
      throw new AppError(
        'not_found',
        'This record does not exist or is not visible to you: ask its referent to add you to the care team.',
        {
          errors: [{ path, message: 'record not visible', code: 'not_visible' }],
        },
      );
    }
    throw e;
  }
}

/**
 * Links the referral to the person's record (If-Match): a record the caller may write, or a new
 * one made from the identity received, through the people module's duplicate check (409 with the
 * candidates unless `duplicatesReviewed`). A new record starts as "waiting" in the referral's service.
 */
export async function linkPerson(ctx: Ctx, id: string, expected: number, input: ReferralLink): Promise<Referral> {
  const { row, access } = await openForWrite(ctx, id);
  await assertVersion(ctx, row, access, expected);
  if (row.status !== 'received') {
    throw new AppError('referral.link_too_late', 'The person can be linked only while the request is new (before its review starts).', {
      errors: [{ path: 'status', message: 'already under review', code: 'too_late' }],
    });
  }
  let personId: string;
  let created = false;
  if ('personId' in input) {
    await assertLinkable(ctx, input.personId, 'body.personId');
    personId = input.personId;
  } else {
    if (!ctx.actor.permissions.has('person.create')) throw new AppError('forbidden', 'Your role does not allow creating a record.');
    const p = await createPerson(ctx, {
      birthName: row.birthName,
      usedName: row.usedName,
      firstNames: row.firstNames,
      sex: row.sex as 'female' | 'male' | 'unknown',
      birthDate: row.birthDate,
      phone: row.phone,
      serviceId: row.serviceId,
      status: 'waiting',
      ...(input.duplicatesReviewed ? { duplicatesReviewed: true } : {}),
    });
    personId = p.id;
    created = true;
  }
  const updated = await bump(ctx, row, { personId });
  await ctx.audit({
    action: 'referral.link',
    resourceType: 'referral',
    resourceId: id,
    personId,
    infoCategory: 'administrative',
    details: { created },
  });
  return toReferral(ctx, updated, access);
}

/** Ticks (or unticks) an item of the pre-admission checklist, dated and attributed (If-Match). */
export async function tickChecklist(
  ctx: Ctx,
  id: string,
  key: string,
  expected: number,
  input: { done: boolean; note?: string | null | undefined },
) {
  const { row, access } = await openForWrite(ctx, id);
  await assertVersion(ctx, row, access, expected);
  if (!['received', 'under_review', 'presented', 'decided'].includes(row.status)) {
    throw new AppError('referral.file_closed', 'The pre-admission file is closed once the request is admitted, withdrawn or ended.');
  }
  const items = row.checklist as StoredChecklistItem[];
  if (!items.some((i) => i.key === key)) throw notFound('checklist item');
  const by =
    (await ctx.tx.execute<{ display_name: string }>(sql`select display_name from app_user where id = ${ctx.actor.userId}`)).rows[0]
      ?.display_name ?? null;
  const next = items.map((i) =>
    i.key === key
      ? {
          ...i,
          done: input.done,
          doneAt: input.done ? new Date().toISOString() : null,
          doneBy: input.done ? by : null,
          note: input.note ?? i.note,
        }
      : i,
  );
  const updated = await bump(ctx, row, { checklist: next });
  await ctx.audit({
    action: 'referral.checklist',
    resourceType: 'referral',
    resourceId: id,
    personId: row.personId,
    infoCategory: 'social',
    details: { key, done: input.done },
  });
  return toReferral(ctx, updated, access);
}

/** received → under_review: the pre-admission file is being built. The person must be linked first. */
export async function startReview(ctx: Ctx, id: string, expected: number): Promise<Referral> {
  const { row, access } = await openForWrite(ctx, id);
  await assertVersion(ctx, row, access, expected);
  if (row.status === 'received' && !row.personId) {
    throw new AppError(
      'referral.person_not_linked',
      "Link the request to the person's record (existing or new) before starting the review.",
      {
        errors: [{ path: 'personId', message: 'link the person first', code: 'person_not_linked' }],
        current: { status: row.status, outcome: row.outcome, to: 'under_review', allowed: referralTransitions.received },
      },
    );
  }
  const updated = await move(ctx, row, access, 'under_review');
  return toReferral(ctx, updated, access);
}
