import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FieldError } from '@maillon/shared/api';
import {
  computeBudget,
  goalCategory,
  planPeriod,
  planTransitions,
  quantityHundredths,
  reviewSchedule,
  todayIso,
  type GoalHorizon,
  type Plan,
  type PlanCategory,
  type PlanStatus,
  type planContentSchema,
} from '@maillon/shared/plans';
import type { z } from 'zod';
import { AppError, invalid } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { nextVersion, transition, versionGuard, type Flow } from '../../lib/lifecycle.ts';
import type { Ctx } from '../../plugins/context.ts';
import { activeMembershipSql, mostSensitive, type PersonAccess } from '../access/public.ts';
import { openPlan } from './plan.service.ts';
import { assertCanWritePlan, readableCategories } from './policy.ts';
import { budgetStart, costLineOf, latestOf, loadPlanRow, loadVersions, toPlan, type StoredNeed, type VersionRow } from './read.ts';
import { planAction, planGoal, planVersion } from './tables.ts';

type Content = z.infer<typeof planContentSchema>;

/** Why a version cannot be changed, in the words of a 409. */
function notEditable(v: VersionRow): AppError {
  switch (v.status as PlanStatus) {
    case 'proposed':
      return new AppError('plan.proposed_locked', 'This plan was proposed to the person: take it back to draft before changing it.');
    case 'draft':
      return new AppError('invalid_transition', 'This version is a draft.');
    case 'closed':
      return new AppError('plan.version_closed', 'This version is closed; it can no longer change.');
    case 'agreed':
    case 'active':
    case 'under_review':
      return new AppError('plan.version_frozen', 'This version was agreed by the person and is frozen: changes make a new version.');
  }
}

/**
 * The optimistic step of every command on a version (REL-05): bumps `version` where it is still
 * the one the caller read and the version is in the expected status; the update also locks the
 * row. Wrong status → 409; stale → 412 with the current plan.
 */
export async function bumpVersion(
  ctx: Ctx,
  v: VersionRow,
  expected: number,
  access: PersonAccess,
  from: PlanStatus,
  set: Partial<typeof planVersion.$inferInsert> = {},
): Promise<VersionRow> {
  const rows = await ctx.tx
    .update(planVersion)
    .set({ ...set, updatedAt: new Date(), version: nextVersion(planVersion) })
    .where(versionGuard(planVersion, { id: v.id, version: expected, status: from }))
    .returning();
  if (rows[0]) return rows[0];
  throw await lostRace(ctx, v, access, from);
}

/** Why a guarded update of `v` found no row, read after it: its status moved (409), or its version (412 with the plan as it is now). */
async function lostRace(ctx: Ctx, v: VersionRow, access: PersonAccess, from: string): Promise<AppError> {
  const versions = await loadVersions(ctx, v.planId);
  const cur = versions.find((x) => x.id === v.id)!;
  if (cur.status !== from) return notEditable(cur);
  return new AppError('precondition_failed', 'Someone changed this plan in the meantime; here is its current state.', {
    current: await toPlan(ctx, await loadPlanRow(ctx, v.planId), versions, cur, access),
  });
}

/** A version's status flow (`planTransitions`): a refused move is the 409 of `refuseMove`. */
export const planFlow = (v: VersionRow): Flow<PlanStatus> => ({ table: planTransitions, refuse: (r) => refuseMove(v, r.to) });

/** The 409 of a refused change of status, in the words of the version's state. */
export function refuseMove(v: VersionRow, wanted: PlanStatus): AppError {
  if (v.status === 'draft' || v.status === 'proposed') {
    return new AppError('invalid_transition', `A ${v.status === 'draft' ? 'draft' : 'proposed'} plan cannot become ${wanted}.`);
  }
  return notEditable(v);
}

/**
 * One change of a version's status along `planTransitions`, If-Match on the version: a move the
 * flow refuses is a 409; a lost race a 409 (status moved) or a 412 (version moved).
 */
export async function moveVersion(
  ctx: Ctx,
  v: VersionRow,
  expected: number,
  access: PersonAccess,
  to: PlanStatus,
  set: Partial<typeof planVersion.$inferInsert> = {},
): Promise<VersionRow> {
  const from = v.status as PlanStatus;
  return transition(
    planFlow(v),
    from,
    to,
    () =>
      ctx.tx
        .update(planVersion)
        .set({ ...set, status: to, updatedAt: new Date(), version: nextVersion(planVersion) })
        .where(versionGuard(planVersion, { id: v.id, version: expected, status: from }))
        .returning(),
    () => lostRace(ctx, v, access, from),
  );
}

/** Figures kept on the version for the lists: review date and over-budget flag, from all its goals and actions. */
export async function refreshFigures(ctx: Ctx, v: VersionRow): Promise<void> {
  const goals = await ctx.tx
    .select({ id: planGoal.id, horizon: planGoal.horizon, targetDate: planGoal.targetDate })
    .from(planGoal)
    .where(and(eq(planGoal.versionId, v.id), isNull(planGoal.removedAt)));
  const actions = await ctx.tx
    .select()
    .from(planAction)
    .where(and(eq(planAction.versionId, v.id), isNull(planAction.removedAt)));
  const budget = computeBudget(actions.map(costLineOf), v.allocations as never, budgetStart(v));
  const schedule = reviewSchedule(
    goals.map((g) => ({ ...g, horizon: g.horizon as GoalHorizon })),
    v.startDate,
    '0000-01-01',
  );
  await ctx.tx
    .update(planVersion)
    .set({ overBudget: budget.overBudget, reviewDueOn: schedule.nextReviewOn })
    .where(eq(planVersion.id, v.id));
}

/**
 * SEC-VAL-02: the dates of goals and actions lie within the plan's period (`planPeriod`), counted
 * from the version's start, or the start of the version it revises, or today for a first plan.
 */
function checkPeriod(v: VersionRow, versions: VersionRow[], content: Content, errors: FieldError[]): void {
  const basedOn = v.basedOnId ? versions.find((x) => x.id === v.basedOnId) : undefined;
  const { from, to } = planPeriod(v.startDate ?? basedOn?.startDate ?? todayIso());
  const message = `Within the plan's period, from ${from} to ${to}`;
  const check = (date: string | null | undefined, path: string) => {
    if (date && (date < from || date > to)) errors.push({ path, message, code: 'outside_plan_period' });
  };
  content.goals.forEach((g, i) => {
    check(g.targetDate, `body.goals.${i}.targetDate`);
    g.actions.forEach((a, j) => {
      check(a.startDate, `body.goals.${i}.actions.${j}.startDate`);
      check(a.endDate, `body.goals.${i}.actions.${j}.endDate`);
    });
  });
}

/** Checks the owners named in the content: staff of the organisation, partners and contacts of this person's care team. */
async function checkOwners(ctx: Ctx, personId: string, content: Content, errors: FieldError[]): Promise<void> {
  const users = new Set<string>();
  const contacts = new Set<string>();
  for (const g of content.goals)
    for (const a of g.actions) {
      if (a.owner?.kind === 'user') users.add(a.owner.userId);
      if (a.owner?.kind === 'contact') contacts.add(a.owner.careTeamMemberId);
    }
  const list = (ids: Set<string>) =>
    sql.join(
      [...ids].map((id) => sql`${id}::uuid`),
      sql`, `,
    );
  const okUsers = new Set<string>();
  if (users.size) {
    const r = await ctx.tx.execute<{ user_id: string; role: string; in_team: boolean }>(sql`
      select m.user_id, m.role, exists (select 1 from care_team_member c where c.person_id = ${personId} and c.user_id = m.user_id
        and ${activeMembershipSql(sql`c`)}) as in_team
      from membership m where m.status = 'active' and m.user_id in (${list(users)})`);
    for (const m of r.rows) if (m.role !== 'external_partner' || m.in_team) okUsers.add(m.user_id);
  }
  const okContacts = new Set<string>();
  if (contacts.size) {
    const r = await ctx.tx.execute<{ id: string }>(
      sql`select id from care_team_member where person_id = ${personId} and user_id is null and id in (${list(contacts)})
          and (end_date is null or end_date >= current_date) and ended_at is null`,
    );
    for (const c of r.rows) okContacts.add(c.id);
  }
  content.goals.forEach((g, i) =>
    g.actions.forEach((a, j) => {
      const bad =
        a.owner?.kind === 'user' ? !okUsers.has(a.owner.userId) : a.owner?.kind === 'contact' && !okContacts.has(a.owner.careTeamMemberId);
      if (bad) {
        errors.push({
          path: `body.goals.${i}.actions.${j}.owner`,
          message: "Not a member of staff, nor a partner or contact of this person's care team",
          code: 'unknown_owner',
        });
      }
    }),
  );
}

/**
 * Saves the whole content of the draft (If-Match): header, goals and their actions. Goals and
 * actions sent with an id are changed, those without are added, those of the draft left out are
 * marked removed (never deleted). Goals of categories the caller may not read are left as they are.
 */
export async function saveContent(ctx: Ctx, planId: string, expected: number, input: Content): Promise<Plan> {
  const { p, access, versions } = await openPlan(ctx, planId);
  assertCanWritePlan(ctx, access);
  const v = latestOf(versions);
  if (v.status !== 'draft') throw notEditable(v);
  const cats = readableCategories(access);
  const needs = new Map((v.needs as StoredNeed[]).map((n) => [n.code, n]));
  const errors: FieldError[] = [];

  const existingGoals = await ctx.tx
    .select({ id: planGoal.id, key: planGoal.key, category: planGoal.category })
    .from(planGoal)
    .where(and(eq(planGoal.versionId, v.id), isNull(planGoal.removedAt)));
  const existingActions = await ctx.tx
    .select({ id: planAction.id, category: planAction.category })
    .from(planAction)
    .where(and(eq(planAction.versionId, v.id), isNull(planAction.removedAt)));
  const goalById = new Map(existingGoals.map((g) => [g.id, g]));
  const actionById = new Map(existingActions.map((a) => [a.id, a]));

  const categories: PlanCategory[] = input.goals.map((g, i) => {
    g.needCodes.forEach((code, j) => {
      if (!needs.has(code) || !cats.includes(needs.get(code)!.category)) {
        errors.push({ path: `body.goals.${i}.needCodes.${j}`, message: `« ${code} » is not a need of this plan`, code: 'unknown_need' });
      }
    });
    const cat = goalCategory(
      g.component,
      g.needCodes.map((c) => needs.get(c)?.category ?? 'social'),
    );
    if (!cats.includes(cat)) {
      errors.push({
        path: `body.goals.${i}.component`,
        message: 'This goal holds health information, which your profession does not write',
        code: 'category_not_allowed',
      });
    }
    const known = g.id ? goalById.get(g.id) : undefined;
    if (g.id && (!known || !cats.includes(known.category as PlanCategory))) {
      errors.push({ path: `body.goals.${i}.id`, message: 'No such goal in this draft', code: 'unknown_goal' });
    }
    g.actions.forEach((a, j) => {
      const ka = a.id ? actionById.get(a.id) : undefined;
      if (a.id && (!ka || !cats.includes(ka.category as PlanCategory))) {
        errors.push({ path: `body.goals.${i}.actions.${j}.id`, message: 'No such action in this draft', code: 'unknown_action' });
      }
    });
    return cat;
  });
  const sentActionIds = input.goals.flatMap((g) => g.actions.flatMap((a) => (a.id ? [a.id] : [])));
  if (new Set(sentActionIds).size !== sentActionIds.length) {
    errors.push({ path: 'body.goals', message: 'An action is sent twice', code: 'duplicate_action' });
  }
  input.deferredNeeds.forEach((d, i) => {
    if (!needs.has(d.code)) errors.push({ path: `body.deferredNeeds.${i}.code`, message: 'Not a need of this plan', code: 'unknown_need' });
  });
  checkPeriod(v, versions, input, errors);
  await checkOwners(ctx, p.personId, input, errors);
  if (errors.length) throw invalid(errors);

  // Needs deferred by the caller replace their own; deferrals of needs they may not read are kept.
  const keptDeferred = (v.deferredNeeds as { code: string; reason: string }[]).filter((d) => {
    const n = needs.get(d.code);
    return n && !cats.includes(n.category);
  });
  const bumped = await bumpVersion(ctx, v, expected, access, 'draft', {
    ...(input.expectations !== undefined ? { expectations: input.expectations } : {}),
    ...(input.expectationsBy !== undefined ? { expectationsBy: input.expectationsBy } : {}),
    deferredNeeds: [...keptDeferred, ...input.deferredNeeds],
    allocations: input.budget.map((b) => ({ source: b.source, monthlyCents: b.monthlyCents, oneOffCents: b.oneOffCents })),
  });

  const now = new Date();
  const keptGoals = new Set<string>();
  const keptActions = new Set<string>();
  const newGoals: (typeof planGoal.$inferInsert)[] = [];
  const newActions: (typeof planAction.$inferInsert)[] = [];
  const goalIds: string[] = [];
  for (const [i, g] of input.goals.entries()) {
    const fields = {
      position: i,
      wording: g.wording,
      component: g.component,
      category: categories[i]!,
      needCodes: g.needCodes,
      horizon: g.horizon,
      targetDate: g.horizon === 'date' ? (g.targetDate ?? null) : null,
      indicator: g.indicator ?? null,
      target: g.target ?? null,
      priority: g.priority,
    };
    if (g.id) {
      keptGoals.add(g.id);
      goalIds.push(g.id);
      await ctx.tx
        .update(planGoal)
        .set({ ...fields, updatedAt: now })
        .where(eq(planGoal.id, g.id));
    } else {
      const id = newId();
      goalIds.push(id);
      newGoals.push({ id, versionId: v.id, key: newId(), ...fields });
    }
  }
  // New goals first: an action may move to one of them.
  if (newGoals.length) await ctx.tx.insert(planGoal).values(newGoals);
  for (const [i, g] of input.goals.entries()) {
    for (const [j, a] of g.actions.entries()) {
      const af = {
        goalId: goalIds[i]!,
        position: i * 1000 + j,
        category: categories[i]!,
        description: a.description,
        type: a.type,
        ownerUserId: a.owner?.kind === 'user' ? a.owner.userId : null,
        ownerContactId: a.owner?.kind === 'contact' ? a.owner.careTeamMemberId : null,
        prescriber: a.prescriber ?? null,
        frequency: a.frequency ?? null,
        startDate: a.startDate ?? null,
        endDate: a.endDate ?? null,
        unitCostCents: a.unitCostCents,
        quantityHundredths: quantityHundredths(a.quantity),
        period: a.period,
        fundingSource: a.fundingSource ?? null,
        status: a.status,
      };
      if (a.id) {
        keptActions.add(a.id);
        await ctx.tx
          .update(planAction)
          .set({ ...af, updatedAt: now })
          .where(eq(planAction.id, a.id));
      } else {
        newActions.push({ id: newId(), versionId: v.id, key: newId(), ...af });
      }
    }
  }
  if (newActions.length) await ctx.tx.insert(planAction).values(newActions);
  const goneGoals = existingGoals.filter((g) => cats.includes(g.category as PlanCategory) && !keptGoals.has(g.id)).map((g) => g.id);
  const goneActions = existingActions.filter((a) => cats.includes(a.category as PlanCategory) && !keptActions.has(a.id)).map((a) => a.id);
  if (goneActions.length) await ctx.tx.update(planAction).set({ removedAt: now }).where(inArray(planAction.id, goneActions));
  if (goneGoals.length) {
    await ctx.tx.update(planGoal).set({ removedAt: now }).where(inArray(planGoal.id, goneGoals));
    await ctx.tx
      .update(planAction)
      .set({ removedAt: now })
      .where(and(inArray(planAction.goalId, goneGoals), isNull(planAction.removedAt)));
  }
  await refreshFigures(ctx, bumped);
  await ctx.audit({
    action: 'plan.update',
    resourceType: 'plan',
    resourceId: planId,
    personId: p.personId,
    infoCategory: mostSensitive(categories.length ? categories : ['social'], 'administrative'),
    details: {
      version: v.number,
      goals: input.goals.length,
      actions: input.goals.reduce((s, g) => s + g.actions.length, 0),
      removedGoals: goneGoals.length,
      removedActions: goneActions.length,
    },
  });
  const after = await loadVersions(ctx, planId);
  return toPlan(ctx, p, after, latestOf(after), access);
}
