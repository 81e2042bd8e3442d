import { and, eq, sql } from 'drizzle-orm';
import type { HomeVisitReport, Referral } from '@maillon/shared/admissions';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { parisDay } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
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
    throw new AppError('invalid_transition', `This visit is already ${v.status === 'done' ? 'recorded' : 'cancelled'}.`, {
      errors: [{ path: 'status', message: `visit ${v.status}`, code: 'visit_closed' }],
    });
  }
  return { row, access, v };
}

/** Plans a visit (If-Match on the referral), while the pre-admission file is open. */
export async function planVisit(
  ctx: Ctx,
  referralId: string,
  expected: number,
  input: { plannedAt: string; visitors: string },
): Promise<Referral> {
  const { row, access } = await openForWrite(ctx, referralId);
  await assertVersion(ctx, row, access, expected);
  if (!OPEN.includes(row.status)) {
    throw new AppError('invalid_transition', 'A home visit is planned while the pre-admission file is open (before the decision).', {
      errors: [{ path: 'status', message: 'file closed', code: 'file_closed' }],
    });
  }
  const id = newId();
  await ctx.tx
    .insert(homeVisit)
    .values({ id, referralId, plannedAt: new Date(input.plannedAt), visitors: input.visitors, createdBy: ctx.actor.userId });
  await ctx.tx.execute(sql`update referral set updated_at = now(), version = version + 1 where id = ${referralId}`);
  await ctx.audit({
    action: 'home_visit.plan',
    resourceType: 'home_visit',
    resourceId: id,
    personId: row.personId,
    infoCategory: 'administrative',
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
