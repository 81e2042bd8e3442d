import type { InfoCategory } from '@maillon/shared/people';
import type { AuditAction } from '@maillon/shared/audit';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  carriedOutcomes,
  followedStatuses,
  goalDueDate,
  reviewOutcomes,
  type GoalHorizon,
  type Plan,
  type PlanCategory,
  type PlanStatus,
  type ActionStatus,
  type ActionStatusInput,
  type activateInputSchema,
  type agreementInputSchema,
  type reviewInputSchema,
} from '@maillon/shared/plans';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { assertMove } from '../../lib/lifecycle.ts';
import type { Ctx } from '../../plugins/context.ts';
import { hasLegalMandate, mostSensitive, underGuardianship, type PersonAccess } from '../access/public.ts';
import { bumpVersion, moveVersion, planFlow, refreshFigures, refuseMove } from './content.service.ts';
import { openPlan } from './plan.service.ts';
import { assertCanFollow, assertCanWritePlan, isPartner, readableCategories } from './policy.ts';
import {
  closeTargetOf,
  IN_FORCE,
  inForceOf,
  latestOf,
  loadVersions,
  toPlan,
  workingOf,
  type PlanRow,
  type StoredOutcome,
  type VersionRow,
} from './read.ts';
import { plan, planAction, planActionProgress, planGoal, planReview, planVersion } from './tables.ts';

// The life of a plan after its creation (issue 7, item 3): proposed to the person, agreed
// (frozen), put into effect, reviewed into a new version, closed. Every step is one transaction
// with its audit row; a refused change of status is a 409.

async function audit(
  ctx: Ctx,
  action: AuditAction,
  p: PlanRow,
  access: PersonAccess,
  details: Record<string, string | number | boolean | string[] | null>,
) {
  await ctx.audit({
    action,
    resourceType: 'plan',
    resourceId: p.id,
    personId: p.personId,
    infoCategory: mostSensitive(readableCategories(access), 'administrative'),
    details,
  });
}

async function result(ctx: Ctx, p: PlanRow, access: PersonAccess, versionId: string): Promise<Plan> {
  const versions = await loadVersions(ctx, p.id);
  return toPlan(
    ctx,
    p,
    versions,
    versions.find((v) => v.id === versionId)!,
    access,
  );
}

/** Draft → proposed: the plan is put to the person. It needs at least one goal. */
export async function proposePlan(ctx: Ctx, planId: string, expected: number): Promise<Plan> {
  const { p, access, versions } = await openPlan(ctx, planId);
  assertCanWritePlan(ctx, access);
  const v = latestOf(versions);
  assertMove(planFlow(v), v.status as PlanStatus, 'proposed');
  const goals = await ctx.tx.execute<{ n: number }>(
    sql`select count(*)::int as n from plan_goal where version_id = ${v.id} and removed_at is null`,
  );
  if (!goals.rows[0]?.n) throw new AppError('plan.no_goals', 'Add at least one goal before proposing the plan to the person.');
  await moveVersion(ctx, v, expected, access, 'proposed', { proposedAt: new Date() });
  await audit(ctx, 'plan.propose', p, access, { version: v.number });
  return result(ctx, p, access, v.id);
}

/** Proposed → draft: the person asked for changes. */
export async function reopenPlan(ctx: Ctx, planId: string, expected: number): Promise<Plan> {
  const { p, access, versions } = await openPlan(ctx, planId);
  assertCanWritePlan(ctx, access);
  const v = latestOf(versions);
  await moveVersion(ctx, v, expected, access, 'draft', { proposedAt: null });
  await audit(ctx, 'plan.reopen', p, access, { version: v.number });
  return result(ctx, p, access, v.id);
}

/**
 * Proposed → agreed: the person's agreement, or their legal representative's (FR-12: a relative
 * with a recorded mandate; under guardianship the representative must give it), with its date and
 * form, and whether a copy was handed over. The version is frozen from then on; the version it
 * replaces is closed.
 */
export async function agreePlan(ctx: Ctx, planId: string, expected: number, input: z.infer<typeof agreementInputSchema>): Promise<Plan> {
  const { p, access, versions } = await openPlan(ctx, planId);
  assertCanWritePlan(ctx, access);
  const v = latestOf(versions);
  assertMove(planFlow(v), v.status as PlanStatus, 'agreed');
  if (input.givenBy === 'person' && (await underGuardianship(ctx, p.personId))) {
    throw invalid([
      {
        path: 'body.givenBy',
        message: 'The person is under guardianship: their legal representative gives the agreement',
        code: 'representative_required',
      },
    ]);
  }
  if (input.givenBy === 'legal_representative' && !(await hasLegalMandate(ctx, p.personId, input.representativeId!))) {
    throw invalid([
      { path: 'body.representativeId', message: 'This relative has no recorded mandate to decide for the person', code: 'no_mandate' },
    ]);
  }
  await moveVersion(ctx, v, expected, access, 'agreed', {
    frozenAt: new Date(),
    agreedOn: input.agreedOn,
    agreementForm: input.form,
    agreedBy: input.givenBy,
    representativeId: input.givenBy === 'legal_representative' ? input.representativeId! : null,
    copyHandedOver: input.copyHandedOver,
    copyHandedOn: input.copyHandedOn ?? null,
    agreementNote: input.note ?? null,
    agreementRecordedBy: ctx.actor.userId,
  });
  const replaced = versions.filter((x) => x.id !== v.id && IN_FORCE.includes(x.status as PlanStatus));
  for (const old of replaced) {
    await ctx.tx
      .update(planVersion)
      .set({
        status: 'closed',
        closeReason: 'superseded',
        closedAt: new Date(),
        updatedAt: new Date(),
        version: sql`${planVersion.version} + 1`,
      })
      .where(eq(planVersion.id, old.id));
  }
  await audit(ctx, 'plan.agree', p, access, {
    version: v.number,
    givenBy: input.givenBy,
    form: input.form,
    copyHandedOver: input.copyHandedOver,
    superseded: replaced.map((x) => String(x.number)),
  });
  return result(ctx, p, access, v.id);
}

/** Agreed → active: the plan is put into effect from its start date; review dates are counted from it. */
export async function activatePlan(ctx: Ctx, planId: string, expected: number, input: z.infer<typeof activateInputSchema>): Promise<Plan> {
  const { p, access, versions } = await openPlan(ctx, planId);
  assertCanWritePlan(ctx, access);
  const v = versions.find((x) => x.status === 'agreed');
  if (!v) throw refuseMove(latestOf(versions), 'active');
  if (input.startDate < v.agreedOn!) {
    throw invalid([{ path: 'body.startDate', message: 'The plan starts on or after the agreement', code: 'before_agreement' }]);
  }
  const bumped = await moveVersion(ctx, v, expected, access, 'active', { startDate: input.startDate });
  await refreshFigures(ctx, bumped);
  await audit(ctx, 'plan.activate', p, access, { version: v.number, startDate: input.startDate });
  return result(ctx, p, access, v.id);
}

/**
 * Closes the latest open version: a draft or proposal is withdrawn (the version in force, if any,
 * stays); a version in force ends, and with it the plan. Kept with the reason, never deleted.
 */
export async function closePlan(ctx: Ctx, planId: string, expected: number, reason: string): Promise<Plan> {
  const { p, access, versions } = await openPlan(ctx, planId);
  assertCanWritePlan(ctx, access);
  const v = closeTargetOf(versions);
  if (!v) throw new AppError('plan.already_closed', 'This plan is already closed.');
  const working = v.status === 'draft' || v.status === 'proposed';
  await moveVersion(ctx, v, expected, access, 'closed', {
    closeReason: working ? 'withdrawn' : 'ended',
    closedAt: new Date(),
    closeNote: reason,
  });
  const stillOpen = versions.some((x) => x.id !== v.id && x.status !== 'closed');
  if (!stillOpen) await ctx.tx.update(plan).set({ closedAt: new Date(), updatedAt: new Date() }).where(eq(plan.id, p.id));
  await audit(ctx, working ? 'plan.withdraw' : 'plan.close', p, access, { version: v.number, planClosed: !stillOpen });
  return result(ctx, p, access, v.id);
}

/**
 * Copies a version into the next one, a draft: goals and actions keep their keys so that the two
 * can be compared. `keepGoal` decides which goals carry over (a review leaves out reached and
 * abandoned ones).
 */
async function copyVersion(ctx: Ctx, from: VersionRow, number: number, keepGoal: (goalId: string) => boolean): Promise<string> {
  const id = newId();
  await ctx.tx.insert(planVersion).values({
    id,
    planId: from.planId,
    personId: from.personId,
    number,
    basedOnId: from.id,
    assessmentId: from.assessmentId,
    needs: from.needs,
    expectations: from.expectations,
    expectationsBy: from.expectationsBy,
    deferredNeeds: from.deferredNeeds,
    allocations: from.allocations,
    createdBy: ctx.actor.userId,
  });
  const goals = (
    await ctx.tx
      .select()
      .from(planGoal)
      .where(and(eq(planGoal.versionId, from.id), isNull(planGoal.removedAt)))
  ).filter((g) => keepGoal(g.id));
  if (!goals.length) return id;
  const goalMap = new Map(goals.map((g) => [g.id, newId()]));
  await ctx.tx
    .insert(planGoal)
    .values(
      goals.map(({ tenantId: _t, createdAt: _c, updatedAt: _u, removedAt: _r, ...g }) => ({ ...g, id: goalMap.get(g.id)!, versionId: id })),
    );
  const actions = await ctx.tx
    .select()
    .from(planAction)
    .where(and(eq(planAction.versionId, from.id), isNull(planAction.removedAt), inArray(planAction.goalId, [...goalMap.keys()])));
  if (actions.length) {
    await ctx.tx.insert(planAction).values(
      actions.map(({ tenantId: _t, createdAt: _c, updatedAt: _u, removedAt: _r, ...a }) => ({
        ...a,
        id: newId(),
        versionId: id,
        goalId: goalMap.get(a.goalId)!,
      })),
    );
  }
  return id;
}

const uniqueViolation = (e: unknown) => {
  const x = e as { code?: string; cause?: { code?: string } };
  return x.code === '23505' || x.cause?.code === '23505';
};

/** Changes to an agreed plan make a new version: a draft copy of the version in force, which stays in force until the new one is agreed. */
export async function revisePlan(ctx: Ctx, planId: string): Promise<Plan> {
  const { p, access, versions } = await openPlan(ctx, planId);
  assertCanWritePlan(ctx, access);
  // Serialises concurrent revisions of the same plan.
  await ctx.tx.execute(sql`select 1 from plan where id = ${planId} for update`);
  const current = await loadVersions(ctx, planId);
  const working = workingOf(current);
  if (working) {
    throw new AppError('plan.revision_in_progress', 'A new version of this plan is already being prepared.', {
      current: { versionNumber: working.number },
    });
  }
  const from = inForceOf(current);
  if (!from || !(from.status === 'agreed' || from.status === 'active')) {
    throw new AppError('plan.not_in_force', 'Only an agreed plan in force is revised into a new version.');
  }
  const id = await copyVersion(ctx, from, latestOf(versions).number + 1, () => true).catch((e: unknown) => {
    if (uniqueViolation(e)) throw new AppError('plan.revision_in_progress', 'A new version of this plan is already being prepared.');
    throw e;
  });
  await audit(ctx, 'plan.revise', p, access, { from: from.number });
  return result(ctx, p, access, id);
}

/**
 * Reviews the plan in effect (issue 7, item 4): per goal, achieved / partly / not achieved /
 * in progress / abandoned with a comment. The goals due by the review's date must be reviewed;
 * the coordinator may also review goals not yet due (issue 19, item 4), and the others carry over
 * unreviewed. The version goes under review and the next version, a draft, carries the goals
 * still to reach with their actions; reached and abandoned goals stay in the review. Goals of
 * categories the reviewer may not read carry over untouched.
 */
export async function reviewPlan(ctx: Ctx, planId: string, input: z.infer<typeof reviewInputSchema>): Promise<Plan> {
  const { p, access } = await openPlan(ctx, planId);
  assertCanWritePlan(ctx, access);
  await ctx.tx.execute(sql`select 1 from plan where id = ${planId} for update`);
  const current = await loadVersions(ctx, planId);
  const v = current.find((x) => x.status === 'active');
  if (!v) throw new AppError('plan.not_in_force', 'Only a plan in effect is reviewed.');
  if (workingOf(current)) throw new AppError('plan.revision_in_progress', 'A new version of this plan is already being prepared.');
  assertMove(planFlow(v), 'active', 'under_review');
  const cats = readableCategories(access);
  const goals = await ctx.tx
    .select({
      id: planGoal.id,
      key: planGoal.key,
      wording: planGoal.wording,
      category: planGoal.category,
      horizon: planGoal.horizon,
      targetDate: planGoal.targetDate,
    })
    .from(planGoal)
    .where(and(eq(planGoal.versionId, v.id), isNull(planGoal.removedAt)));
  const visible = goals.filter((g) => cats.includes(g.category as PlanCategory));
  const byId = new Map(visible.map((g) => [g.id, g]));
  const errors = input.outcomes.flatMap((o, i) =>
    byId.has(o.goalId) ? [] : [{ path: `body.outcomes.${i}.goalId`, message: 'Not a goal of the plan in effect', code: 'unknown_goal' }],
  );
  const given = new Set(input.outcomes.map((o) => o.goalId));
  if (given.size !== input.outcomes.length)
    errors.push({ path: 'body.outcomes', message: 'A goal is reviewed twice', code: 'duplicate_goal' });
  const isDue = (g: (typeof visible)[number]) => {
    const dueOn = goalDueDate({ horizon: g.horizon as GoalHorizon, targetDate: g.targetDate }, v.startDate);
    return dueOn !== null && dueOn <= input.reviewedOn;
  };
  const missing = visible.filter((g) => isDue(g) && !given.has(g.id));
  if (missing.length) {
    errors.push({
      path: 'body.outcomes',
      message: `Record the outcome of every goal due by the review (${missing.length} missing)`,
      code: 'missing_goal',
    });
  }
  if (v.startDate && input.reviewedOn < v.startDate) {
    errors.push({ path: 'body.reviewedOn', message: 'The review is after the start of the plan', code: 'before_start' });
  }
  if (errors.length) throw invalid(errors);
  const outcomeOf = new Map(input.outcomes.map((o) => [o.goalId, o.outcome]));
  const nextId = await copyVersion(ctx, v, latestOf(current).number + 1, (goalId) => {
    const o = outcomeOf.get(goalId);
    return o === undefined || carriedOutcomes.includes(o);
  });
  await ctx.tx
    .update(planVersion)
    .set({ status: 'under_review', updatedAt: new Date(), version: sql`${planVersion.version} + 1` })
    .where(eq(planVersion.id, v.id));
  const outcomes: StoredOutcome[] = input.outcomes.map((o) => {
    const g = byId.get(o.goalId)!;
    return {
      goalId: g.id,
      goalKey: g.key,
      wording: g.wording,
      category: g.category as PlanCategory,
      outcome: o.outcome,
      comment: o.comment ?? null,
    };
  });
  await ctx.tx.insert(planReview).values({
    id: newId(),
    planId,
    versionId: v.id,
    nextVersionId: nextId,
    reviewedOn: input.reviewedOn,
    participants: input.participants ?? null,
    summary: input.summary ?? null,
    outcomes,
    createdBy: ctx.actor.userId,
  });
  await audit(ctx, 'plan.review', p, access, {
    version: v.number,
    next: latestOf(current).number + 1,
    ...Object.fromEntries(reviewOutcomes.map((k) => [k, input.outcomes.filter((o) => o.outcome === k).length])),
  });
  return result(ctx, p, access, nextId);
}

/**
 * Follows the plan in effect (issue 7: "follow it"), also while it is under review until the next
 * version is agreed: an action moves to another status — under
 * way, done, cancelled (with the reason), or back when it was moved by mistake. The version stays
 * frozen (only the status of its actions may move, migration 0015); every move is kept in
 * `plan_action_progress` with who made it and why, and bumps the version's ETag so that the plan
 * read by others is built again. A coordinator who writes plans moves any action they read; the
 * owner of an action, staff or partner, moves their own.
 */
export async function moveActionStatus(
  ctx: Ctx,
  planId: string,
  actionId: string,
  expected: number,
  input: ActionStatusInput,
): Promise<Plan> {
  const { p, access, versions } = await openPlan(ctx, planId);
  const cats = readableCategories(access);
  const a = (
    await ctx.tx
      .select({
        id: planAction.id,
        versionId: planAction.versionId,
        ownerUserId: planAction.ownerUserId,
        category: planAction.category,
        status: planAction.status,
      })
      .from(planAction)
      .where(and(eq(planAction.id, actionId), isNull(planAction.removedAt), inArray(planAction.category, cats)))
  )[0];
  const v = a && versions.find((x) => x.id === a.versionId && x.planId === p.id);
  // An action of another plan, of a category the caller does not read, or (for a partner) not theirs: not found (SEC-AZ-03).
  if (!a || !v || (isPartner(ctx) && a.ownerUserId !== ctx.actor.userId)) throw notFound('action');
  assertCanFollow(ctx, access, a.ownerUserId);
  // The version in force stays followed while its review prepares the next one (issue 19, item 5).
  if (!followedStatuses.includes(v.status as PlanStatus)) {
    throw new AppError('plan.action_not_in_effect', 'Actions are followed while their version is in effect; this one is not.');
  }
  if (a.status === input.status) throw new AppError('plan.action_same_status', `This action is already ${input.status}.`);
  const bumped = await bumpVersion(ctx, v, expected, access, v.status as PlanStatus);
  await ctx.tx.update(planAction).set({ status: input.status, updatedAt: new Date() }).where(eq(planAction.id, a.id));
  await ctx.tx.insert(planActionProgress).values({
    id: newId(),
    planId: p.id,
    versionId: v.id,
    actionId: a.id,
    fromStatus: a.status,
    toStatus: input.status,
    note: input.note?.trim() || null,
    recordedBy: ctx.actor.userId!,
  });
  await refreshFigures(ctx, bumped);
  await ctx.audit({
    action: 'plan.action_status',
    resourceType: 'plan',
    resourceId: p.id,
    personId: p.personId,
    infoCategory: a.category as InfoCategory,
    details: { version: v.number, action: a.id, from: a.status as ActionStatus, to: input.status },
  });
  return result(ctx, p, access, v.id);
}
