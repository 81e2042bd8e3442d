import { and, eq, sql } from 'drizzle-orm';
import {
  waitingPriorityRank,
  type AdmitInput,
  type DecisionInput,
  type DecisionMode,
  type DecisionOutcome,
  type Referral,
  type WaitingPriority,
} from '@maillon/shared/admissions';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { enqueueMail } from '../../lib/outbox.ts';
import type { Ctx } from '../../plugins/context.ts';
import { appointReferent } from '../access/public.ts';
import { notifyUser } from '../notifications/public.ts';
import { updatePerson } from '../people/public.ts';
import { transitionError, type ReferralAccess, type ReferralRow } from './policy.ts';
import { assertVersion, move, openForWrite } from './referral.service.ts';
import { referralPersonName, toReferral } from './referral.view.ts';
import { notifiesByEmail, serviceSettingOf } from './settings.service.ts';
import { admissionDecision, committeeCase, waitingListChange, waitingListEntry } from './tables.ts';

// Decisions and what follows them: the waiting list, admission (capacity locked, care team,
// record active), end of support, withdrawal, and telling the referrer (closing the loop).

const outcomeFr: Record<DecisionOutcome, string> = {
  accepted: 'Admission prononcée',
  refused: 'Demande refusée',
  redirected: 'Orientation vers un autre service',
  waiting_list: "Inscription sur la liste d'attente",
};

/**
 * The service's capacity and current occupancy: the people it supports now (active records of
 * the service — a merged record is always `ended`, so `status = 'active'` alone counts, from the
 * index) and those waiting. With `lock`, the service row is locked until commit, so two
 * admissions never take the same last place (SEC-VAL-03).
 */
async function occupancyNow(ctx: Ctx, serviceId: string, lock = false) {
  const s = await ctx.tx.execute<{ capacity: number | null }>(
    lock ? sql`select capacity from service where id = ${serviceId} for update` : sql`select capacity from service where id = ${serviceId}`,
  );
  const r = await ctx.tx.execute<{ occupied: number; waiting: number }>(sql`
    select (select count(*)::int from person where service_id = ${serviceId} and status = 'active') as occupied,
           (select count(*)::int from waiting_list_entry where service_id = ${serviceId} and status = 'waiting') as waiting`);
  return { capacity: s.rows[0]?.capacity ?? null, occupied: r.rows[0]!.occupied, waiting: r.rows[0]!.waiting };
}

async function addWaitingChange(
  ctx: Ctx,
  entryId: string,
  kind: 'added' | 'priority' | 'admitted' | 'left',
  change: { from?: string | null; to?: string | null; reason?: string | null },
) {
  await ctx.tx.insert(waitingListChange).values({
    id: newId(),
    entryId,
    kind,
    fromPriority: change.from ?? null,
    toPriority: change.to ?? null,
    reason: change.reason ?? null,
    by: ctx.actor.userId,
  });
}

/** A person whose only request ended without admission is no longer "waiting" in the caseload. */
async function releaseWaitingPerson(ctx: Ctx, personId: string | null, referralId: string): Promise<void> {
  if (!personId) return;
  const r = await ctx.tx.execute<{ status: string; version: number; others: boolean }>(sql`
    select p.status, p.version, exists (select 1 from referral r where r.person_id = p.id and r.id <> ${referralId}
      and r.status in ('received', 'under_review', 'presented', 'decided', 'admitted')) as others
    from person p where p.id = ${personId}`);
  const p = r.rows[0];
  if (p && p.status === 'waiting' && !p.others) await updatePerson(ctx, personId, p.version, { status: 'ended' });
}

/** Tells the referrer: in the app when they sent it from their partner account; by e-mail (outbox) when the organisation chose to. */
async function tellReferrer(ctx: Ctx, row: ReferralRow, title: string, body: string): Promise<void> {
  if (row.submittedBy) await notifyUser(ctx, row.submittedBy, { kind: 'referral.decision', title, body, link: '/admissions/sent' });
  if (row.referrerEmail && (await notifiesByEmail(ctx))) {
    const org =
      (await ctx.tx.execute<{ name: string }>(sql`select name from organisation where id = ${ctx.actor.tenantId}`)).rows[0]?.name ?? '';
    await enqueueMail(ctx.tx, ctx.actor.tenantId, {
      to: row.referrerEmail,
      subject: `${title} — ${org}`,
      text: [
        `Bonjour ${row.referrerName},`,
        '',
        `Votre demande de prise en charge n° ${row.reference} du ${row.receivedAt.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}, concernant ${initials(row)}, a fait l'objet d'une décision.`,
        '',
        body,
        '',
        `Pour toute question, contactez le service en rappelant la référence ${row.reference}.`,
        org,
      ].join('\n'),
    });
  }
}

/** Initials and birth year only: an e-mail carries no more identity than needed. */
const initials = (row: ReferralRow) =>
  `${row.firstNames.charAt(0)}. ${(row.usedName ?? row.birthName).charAt(0)}. (née ou né en ${row.birthDate.slice(0, 4)})`;

/**
 * Records a reasoned decision on a referral in the caller's transaction: the occupancy of the
 * service at that moment, the decision row (never changed afterwards), the status, the waiting
 * list when so decided, and the referrer told.
 */
export async function recordDecision(
  ctx: Ctx,
  row: ReferralRow,
  access: ReferralAccess,
  input: DecisionInput,
  mode: DecisionMode,
  caseId: string | null,
): Promise<{ updated: ReferralRow; decisionId: string }> {
  const occ = await occupancyNow(ctx, row.serviceId);
  const id = newId();
  const now = new Date();
  await ctx.tx.insert(admissionDecision).values({
    id,
    referralId: row.id,
    caseId,
    mode,
    outcome: input.outcome,
    facts: input.facts,
    needs: input.needs,
    capacityNote: input.capacityNote ?? null,
    capacity: occ.capacity,
    occupied: occ.occupied,
    waiting: occ.waiting,
    admissionConditions: input.outcome === 'accepted' ? input.admissionConditions?.trim() || null : null,
    integrationConditions: input.outcome === 'accepted' ? input.integrationConditions?.trim() || null : null,
    refusalReasons: input.outcome === 'refused' ? (input.refusalReasons ?? null) : null,
    redirectedTo: input.outcome === 'redirected' ? (input.redirectedTo ?? null) : null,
    redirectReason: input.outcome === 'redirected' ? (input.redirectReason ?? null) : null,
    waitingPriority: input.outcome === 'waiting_list' ? (input.waitingPriority ?? null) : null,
    waitingReason: input.outcome === 'waiting_list' ? (input.waitingReason ?? null) : null,
    referrerMessage: input.referrerMessage ?? null,
    decidedBy: ctx.actor.userId!,
    decidedAt: now,
  });
  const updated = await move(ctx, row, access, 'decided', { outcome: input.outcome, decidedAt: now }, outcomeFr[input.outcome]);
  if (input.outcome === 'waiting_list') {
    const priority = input.waitingPriority as WaitingPriority;
    const entryId = newId();
    await ctx.tx.insert(waitingListEntry).values({
      id: entryId,
      referralId: row.id,
      serviceId: row.serviceId,
      personId: row.personId!,
      priority,
      priorityRank: waitingPriorityRank[priority],
      since: now.toISOString().slice(0, 10),
      reason: input.waitingReason ?? null,
    });
    await addWaitingChange(ctx, entryId, 'added', { to: priority, reason: input.waitingReason ?? null });
  }
  if (input.outcome === 'refused' || input.outcome === 'redirected') await releaseWaitingPerson(ctx, row.personId, row.id);
  await ctx.audit({
    action: 'referral.decide',
    resourceType: 'admission_decision',
    resourceId: id,
    personId: row.personId,
    infoCategory: 'social',
    details: { referralId: row.id, outcome: input.outcome, mode, committee: caseId !== null },
  });
  const said = [outcomeFr[input.outcome], input.outcome === 'redirected' && input.redirectedTo ? `vers ${input.redirectedTo}` : '']
    .filter(Boolean)
    .join(' ');
  await tellReferrer(
    ctx,
    row,
    `Demande ${row.reference} : décision rendue`,
    `${said}.${input.referrerMessage ? `\n${input.referrerMessage}` : ''}`,
  );
  return { updated, decisionId: id };
}

/** A decision without a committee: only where the organisation lets the coordinator decide alone (SSIAD-like services). */
export async function decideDirect(ctx: Ctx, id: string, expected: number, input: DecisionInput): Promise<Referral> {
  const { row, access } = await openForWrite(ctx, id);
  await assertVersion(ctx, row, access, expected);
  const setting = await serviceSettingOf(ctx, row.serviceId);
  if (setting.decisionMode !== 'coordinator') {
    throw new AppError(
      'referral.committee_decides',
      `Admissions to ${setting.name} are decided by the admission committee: present the case at a session.`,
      {
        errors: [{ path: 'decisionMode', message: 'committee decides', code: 'committee_decides' }],
      },
    );
  }
  if (row.status !== 'under_review') {
    throw transitionError(
      row.status as Referral['status'],
      'decided',
      row.outcome as DecisionOutcome | null,
      row.status === 'presented' ? ['decided'] : [],
    );
  }
  const { updated } = await recordDecision(ctx, row, access, input, 'coordinator', null);
  return toReferral(ctx, updated, access);
}

/**
 * decided → admitted (If-Match): the service's capacity is checked with its row locked (a full
 * service answers 409), the waiting-list place closes, the referent coordinator joins the care
 * team through the access module, and the record becomes active in the service.
 */
export async function admit(ctx: Ctx, id: string, expected: number, input: AdmitInput): Promise<Referral> {
  const { row, access } = await openForWrite(ctx, id);
  await assertVersion(ctx, row, access, expected);
  const serviceId = input.serviceId ?? row.serviceId;
  await serviceSettingOf(ctx, serviceId);
  const occ = await occupancyNow(ctx, serviceId, true);
  const alreadyIn = (
    await ctx.tx.execute(sql`select 1 from person where id = ${row.personId} and service_id = ${serviceId} and status = 'active'`)
  ).rowCount;
  if (occ.capacity !== null && occ.occupied >= occ.capacity && !alreadyIn) {
    throw new AppError(
      'referral.service_full',
      `The service is full (${occ.occupied} people for ${occ.capacity} places): admit when a place is free.`,
      {
        errors: [{ path: 'body.serviceId', message: 'service full', code: 'capacity_full' }],
        current: occ,
      },
    );
  }
  const updated = await move(
    ctx,
    row,
    access,
    'admitted',
    {
      admittedOn: input.admittedOn,
      admittedServiceId: serviceId,
      placeKind: input.placeKind,
      placeLabel: input.placeLabel ?? null,
      referentUserId: input.referentUserId,
    },
    `${input.placeKind === 'home' ? 'À domicile' : 'En établissement'}${input.placeLabel ? ` — ${input.placeLabel}` : ''}`,
  );
  const entry = (
    await ctx.tx
      .update(waitingListEntry)
      .set({ status: 'admitted', leftAt: new Date(), updatedAt: new Date(), version: sql`${waitingListEntry.version} + 1` })
      .where(and(eq(waitingListEntry.referralId, row.id), eq(waitingListEntry.status, 'waiting')))
      .returning({ id: waitingListEntry.id })
  )[0];
  if (entry) await addWaitingChange(ctx, entry.id, 'admitted', { reason: `Admission le ${input.admittedOn}` });
  await appointReferent(ctx, row.personId!, input.referentUserId, input.admittedOn, serviceId);
  const p = (await ctx.tx.execute<{ version: number }>(sql`select version from person where id = ${row.personId}`)).rows[0]!;
  await updatePerson(ctx, row.personId!, p.version, { status: 'active', serviceId });
  await ctx.audit({
    action: 'referral.admit',
    resourceType: 'referral',
    resourceId: id,
    personId: row.personId,
    infoCategory: 'administrative',
    details: { serviceId, placeKind: input.placeKind, fromWaitingList: !!entry },
  });
  if (row.submittedBy) {
    await notifyUser(ctx, row.submittedBy, {
      kind: 'referral.admitted',
      title: `Demande ${row.reference} : admission`,
      body: `La personne est admise à compter du ${new Date(`${input.admittedOn}T12:00:00Z`).toLocaleDateString('fr-FR')}.`,
      link: '/admissions/sent',
    });
  }
  return toReferral(ctx, updated, access);
}

/** admitted → ended: end of support with its reason; the record ends too (and its consents, FR-03). */
export async function endSupport(ctx: Ctx, id: string, expected: number, input: { endedOn: string; reason: string }): Promise<Referral> {
  const { row, access } = await openForWrite(ctx, id);
  await assertVersion(ctx, row, access, expected);
  if (row.admittedOn && input.endedOn < row.admittedOn) {
    throw new AppError('validation_failed', 'The end of support is before the admission.', {
      errors: [{ path: 'body.endedOn', message: 'before the admission', code: 'date_order' }],
    });
  }
  const updated = await move(ctx, row, access, 'ended', { endedOn: input.endedOn, endReason: input.reason }, input.reason);
  const p = (await ctx.tx.execute<{ version: number; status: string }>(sql`select version, status from person where id = ${row.personId}`))
    .rows[0];
  if (p && p.status !== 'ended') await updatePerson(ctx, row.personId!, p.version, { status: 'ended' });
  return toReferral(ctx, updated, access);
}

/** Withdrawal at any open step, with its reason: off the agenda and the waiting list; nothing deleted. */
export async function withdraw(ctx: Ctx, id: string, expected: number, reason: string): Promise<Referral> {
  const { row, access } = await openForWrite(ctx, id);
  await assertVersion(ctx, row, access, expected);
  const updated = await move(ctx, row, access, 'withdrawn', { withdrawnAt: new Date(), withdrawReason: reason }, reason);
  await ctx.tx
    .update(committeeCase)
    .set({ status: 'withdrawn', updatedAt: new Date(), version: sql`${committeeCase.version} + 1` })
    .where(and(eq(committeeCase.referralId, row.id), eq(committeeCase.status, 'on_agenda')));
  const entry = (
    await ctx.tx
      .update(waitingListEntry)
      .set({ status: 'left', leftAt: new Date(), updatedAt: new Date(), version: sql`${waitingListEntry.version} + 1` })
      .where(and(eq(waitingListEntry.referralId, row.id), eq(waitingListEntry.status, 'waiting')))
      .returning({ id: waitingListEntry.id })
  )[0];
  if (entry) await addWaitingChange(ctx, entry.id, 'left', { reason });
  await releaseWaitingPerson(ctx, row.personId, row.id);
  if (row.submittedBy) {
    await notifyUser(ctx, row.submittedBy, {
      kind: 'referral.withdrawn',
      title: `Demande ${row.reference} : close`,
      body: `La demande concernant ${referralPersonName(row)} a été close sans admission.`,
      link: '/admissions/sent',
    });
  }
  return toReferral(ctx, updated, access);
}

export { addWaitingChange };
