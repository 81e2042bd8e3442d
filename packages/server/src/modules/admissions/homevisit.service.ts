import { and, eq, sql } from 'drizzle-orm';
import type { HomeVisitReport, Referral } from '@maillon/shared/admissions';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { parisDateTimeFr, parisDay } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { notifyUser } from '../notifications/public.ts';
import { assertVersion, loadRow, openForWrite } from './referral.service.ts';
import { toReferral } from './referral.view.ts';
import { homeVisit } from './tables.ts';

// The pre-admission home visit (seed 000, domain A): planned, then done with its structured
// report — living conditions, environment, needs and wishes, family, what must be adapted.

const OPEN = ['received', 'under_review', 'presented'];

async function openVisit(ctx: Ctx, referralId: string, visitId: string, expected: number) {
  const { row, access } = await openForWrite(ctx, referralId);
  const v = (
    await ctx.tx
      .select()
      .from(homeVisit)
      .where(and(eq(homeVisit.id, visitId), eq(homeVisit.referralId, referralId)))
      .for('update')
  )[0];
  if (!v) throw notFound('home visit');
  if (v.version !== expected) {
    throw new AppError('precondition_failed', 'This visit was changed in the meantime; here is the request as it is now.', {
      current: await toReferral(ctx, row, access),
    });
  }
  if (v.status !== 'planned') {
    throw new AppError('home_visit.closed', `This visit is already ${v.status === 'done' ? 'recorded' : 'cancelled'}.`, {
      errors: [{ path: 'status', message: `visit ${v.status}`, code: 'visit_closed' }],
    });
  }
  return { row, access, v };
}

/**
 * The members picked as present, in the order picked: active staff of the organisation (an
 * external partner is not "present for the service"). Anyone else is refused as a bad value.
 */
async function pickedMembers(ctx: Ctx, ids: string[]): Promise<{ id: string; name: string }[]> {
  const unique = [...new Set(ids)];
  const r = await ctx.tx.execute<{ id: string; name: string }>(sql`
    select u.id, u.display_name as name from membership m join app_user u on u.id = m.user_id
    where m.status = 'active' and m.role <> 'external_partner'
      and m.user_id = any(array[${sql.join(
        unique.map((id) => sql`${id}`),
        sql`, `,
      )}]::uuid[])`);
  const byId = new Map(r.rows.map((m) => [m.id, m]));
  const unknown = unique.findIndex((id) => !byId.has(id));
  if (unknown >= 0) {
    throw new AppError('validation_failed', 'Pick the professionals present among the active members of the organisation.', {
      errors: [{ path: `body.visitorIds.${ids.indexOf(unique[unknown]!)}`, message: 'unknown member', code: 'unknown_member' }],
    });
  }
  return unique.map((id) => byId.get(id)!);
}

/**
 * Plans a visit (If-Match on the referral), while the pre-admission file is open. Each member
 * picked as present is told by a notification (with the request's number, never the person's name).
 */
export async function planVisit(
  ctx: Ctx,
  referralId: string,
  expected: number,
  input: { plannedAt: string; visitorIds: string[] },
): Promise<Referral> {
  const { row, access } = await openForWrite(ctx, referralId);
  await assertVersion(ctx, row, access, expected);
  if (!OPEN.includes(row.status)) {
    throw new AppError('referral.file_closed', 'A home visit is planned while the pre-admission file is open (before the decision).', {
      errors: [{ path: 'status', message: 'file closed', code: 'file_closed' }],
    });
  }
  const present = await pickedMembers(ctx, input.visitorIds);
  const id = newId();
  await ctx.tx.insert(homeVisit).values({
    id,
    referralId,
    plannedAt: new Date(input.plannedAt),
    visitors: present.map((m) => m.name).join(', '),
    visitorIds: present.map((m) => m.id),
    createdBy: ctx.actor.userId,
  });
  for (const m of present) {
    await notifyUser(ctx, m.id, {
      kind: 'home_visit.planned',
      title: `Demande ${row.reference} : visite à domicile`,
      body: `Vous êtes prévu·e à la visite à domicile du ${parisDateTimeFr(input.plannedAt)}.`,
      link: `/admissions/referrals/${referralId}`,
    });
  }
  await ctx.tx.execute(sql`update referral set updated_at = now(), version = version + 1 where id = ${referralId}`);
  await ctx.audit({
    action: 'home_visit.plan',
    resourceType: 'home_visit',
    resourceId: id,
    personId: row.personId,
    infoCategory: 'administrative',
    details: { visitors: present.length },
  });
  return toReferral(ctx, await reload(ctx, referralId), access);
}

/** Records the visit as done with its report (If-Match on the visit). The report is social information. */
export async function recordVisit(
  ctx: Ctx,
  referralId: string,
  visitId: string,
  expected: number,
  input: { doneOn: string; report: HomeVisitReport },
): Promise<Referral> {
  const { row, access } = await openVisit(ctx, referralId, visitId, expected);
  if (!access.categories.has('social')) throw notFound('information');
  // The visit is recorded on the day it really took place, earlier or later than planned (the
  // form cannot leave a coordinator stuck between "before the planned day" and "in the future"):
  // the planned day moves to the real one, at the planned time of day (Europe/Paris). Only a day
  // before the request was received is refused, both days taken in Europe/Paris (the product's
  // "today", so a request received at 00:30 in Paris is received that day, not the day before).
  if (input.doneOn < parisDay(row.receivedAt)) {
    throw new AppError('validation_failed', 'The visit cannot have taken place before the request was received.', {
      errors: [{ path: 'body.doneOn', message: 'before the request was received', code: 'before_received' }],
    });
  }
  await ctx.tx
    .update(homeVisit)
    .set({
      status: 'done',
      doneOn: input.doneOn,
      plannedAt: sql`((${input.doneOn}::date + (${homeVisit.plannedAt} at time zone 'Europe/Paris')::time) at time zone 'Europe/Paris')`,
      report: input.report,
      recordedBy: ctx.actor.userId,
      updatedAt: new Date(),
      version: sql`${homeVisit.version} + 1`,
    })
    .where(eq(homeVisit.id, visitId));
  await ctx.tx.execute(sql`update referral set updated_at = now(), version = version + 1 where id = ${referralId}`);
  await ctx.audit({
    action: 'home_visit.report',
    resourceType: 'home_visit',
    resourceId: visitId,
    personId: row.personId,
    infoCategory: 'social',
    details: { adaptations: input.report.adaptations.length },
  });
  return toReferral(ctx, await reload(ctx, referralId), access);
}

export async function cancelVisit(ctx: Ctx, referralId: string, visitId: string, expected: number, reason: string): Promise<Referral> {
  const { row, access } = await openVisit(ctx, referralId, visitId, expected);
  await ctx.tx
    .update(homeVisit)
    .set({ status: 'cancelled', cancelReason: reason, updatedAt: new Date(), version: sql`${homeVisit.version} + 1` })
    .where(eq(homeVisit.id, visitId));
  await ctx.tx.execute(sql`update referral set updated_at = now(), version = version + 1 where id = ${referralId}`);
  await ctx.audit({
    action: 'home_visit.cancel',
    resourceType: 'home_visit',
    resourceId: visitId,
    personId: row.personId,
    infoCategory: 'administrative',
  });
  return toReferral(ctx, await reload(ctx, referralId), access);
}

const reload = (ctx: Ctx, id: string) => loadRow(ctx, id);
