import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Plan, PlanStatus, PlanSummary, planCreateSchema, planListQuerySchema } from '@maillon/shared/plans';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import { isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import { mostSensitive, visiblePeopleSql } from '../access/public.ts';
import { needsSummary } from '../assessments/public.ts';
import { accessFor, assertCanWritePlan, isPartner, readableCategories, readsPlans } from './policy.ts';
import { inForceOf, latestOf, loadPlanRow, loadVersions, toPlan, type StoredNeed, type VersionRow } from './read.ts';
import { plan, planVersion } from './tables.ts';
import { readPlan } from './view.ts';

/**
 * Opens a plan: the caller's access to the person decided in the same transaction as the read
 * (SEC-AZ-08). The care team gets the latest version unless another is asked for; a partner gets
 * the version in force only, and no plan at all before one is agreed.
 */
export async function openPlan(ctx: Ctx, planId: string, number?: number) {
  const p = await loadPlanRow(ctx, planId);
  const access = await accessFor(ctx, p.personId);
  const versions = await loadVersions(ctx, planId);
  let v: VersionRow | null | undefined;
  if (isPartner(ctx)) {
    v = inForceOf(versions);
    if (number !== undefined && v?.number !== number) v = null;
  } else {
    v = number === undefined ? latestOf(versions) : versions.find((x) => x.number === number);
  }
  if (!v) throw notFound('plan');
  return { p, access, versions, v };
}

/** Reading a plan, audited (`view.ts`). */
export async function getPlan(ctx: Ctx, planId: string, number?: number): Promise<Plan> {
  const r = await readPlan(ctx, planId, number);
  return { ...r.content, access: r.access };
}

/**
 * Starts the plan of a person from the needs of a signed assessment: version 1, a draft. The
 * person's wishes recorded in the assessment become their expectations unless others are given.
 * One open plan per person.
 */
export async function createPlan(ctx: Ctx, personId: string, input: z.infer<typeof planCreateSchema>): Promise<Plan> {
  const access = await accessFor(ctx, personId);
  assertCanWritePlan(ctx, access);
  if (access.mergedInto) throw new AppError('person.merged', 'This record was merged into another one; plan for the person there.');
  const open = await ctx.tx.execute<{ id: string }>(sql`select id from plan where person_id = ${personId} and closed_at is null`);
  if (open.rows[0]) {
    throw new AppError('plan.already_open', 'This person already has a plan: revise it rather than starting another.', {
      current: { planId: open.rows[0].id },
    });
  }
  let needs;
  try {
    needs = await needsSummary(ctx, input.assessmentId);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') {
      throw invalid([{ path: 'body.assessmentId', message: 'No such assessment of this person', code: 'unknown_assessment' }]);
    }
    if (e instanceof AppError && (e.code === 'assessment.not_signed' || e.code === 'assessment.superseded')) {
      throw invalid([{ path: 'body.assessmentId', message: e.detail ?? 'Not a signed assessment', code: 'not_signed' }]);
    }
    throw e;
  }
  if (needs.personId !== personId) {
    throw invalid([{ path: 'body.assessmentId', message: 'This assessment is about another person', code: 'other_person' }]);
  }
  const planId = newId();
  const versionId = newId();
  const snapshot: StoredNeed[] = needs.items.map((n) => ({
    domain: n.domain,
    category: n.category,
    code: n.code,
    label: n.label,
    priority: n.priority,
    urgency: n.urgency,
  }));
  const wishes = needs.wishes.map((w) => w.text).join('\n');
  try {
    await ctx.tx.insert(plan).values({ id: planId, personId, createdBy: ctx.actor.userId });
  } catch (e) {
    const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (code === '23505') throw new AppError('plan.already_open', 'This person already has a plan.');
    throw e;
  }
  await ctx.tx.insert(planVersion).values({
    id: versionId,
    planId,
    personId,
    number: 1,
    assessmentId: input.assessmentId,
    needs: snapshot,
    expectations: input.expectations ?? (wishes || null),
    expectationsBy: input.expectationsBy ?? needs.wishes[0]?.expressedBy ?? null,
    createdBy: ctx.actor.userId,
  });
  await ctx.audit({
    action: 'plan.create',
    resourceType: 'plan',
    resourceId: planId,
    personId,
    infoCategory: mostSensitive(readableCategories(access), 'administrative'),
    details: { assessmentId: input.assessmentId, needs: snapshot.length },
  });
  const versions = await loadVersions(ctx, planId);
  return toPlan(ctx, await loadPlanRow(ctx, planId), versions, versions[0]!, access);
}

type ListRow = {
  id: string;
  person_id: string;
  sort_name: string;
  first_names: string;
  birth_name: string;
  used_name: string | null;
  number: number;
  status: string;
  updated_at: string;
  in_force_number: number | null;
  in_force_status: string | null;
  start_date: string | null;
  review_due_on: string | null;
  over_budget: boolean;
};

/**
 * The plans the caller may see, by person name (keyset pagination). Access is part of the SQL
 * (STYLE.md 6): the people visible to the caller; for a partner, the plans in force where they
 * own an action.
 */
export async function listPlans(
  ctx: Ctx,
  q: z.infer<typeof planListQuerySchema>,
): Promise<{ items: PlanSummary[]; nextCursor: string | null }> {
  if (!readsPlans(ctx)) return { items: [], nextCursor: null };
  const cur = q.cursor ? decodeCursor(q.cursor, ['text', 'uuid']) : null;
  const partner = isPartner(ctx);
  const rows = await ctx.tx.execute<ListRow>(sql`
    select pl.id, pl.person_id, p.sort_name, p.first_names, p.birth_name, p.used_name,
      lv.number, lv.status, lv.updated_at, f.number as in_force_number, f.status as in_force_status, f.start_date::text as start_date,
      f.review_due_on::text as review_due_on, coalesce(f.over_budget, lv.over_budget) as over_budget
    from plan pl join person p on p.id = pl.person_id
    join lateral (select v.number, v.status, v.updated_at, v.over_budget from plan_version v where v.plan_id = pl.id
      order by v.number desc limit 1) lv on true
    left join lateral (select v.id, v.number, v.status, v.start_date, v.review_due_on, v.over_budget from plan_version v
      where v.plan_id = pl.id and v.status in ('agreed', 'active', 'under_review') order by v.number desc limit 1) f on true
    where ${visiblePeopleSql(ctx, sql`p`)}
      ${q.personId ? sql`and pl.person_id = ${q.personId}` : sql``}
      ${q.status ? sql`and lv.status = ${q.status}` : sql``}
      ${q.reviewDue === 'true' ? sql`and f.review_due_on <= current_date and lv.status = 'active'` : sql``}
      ${partner ? sql`and exists (select 1 from plan_action a where a.version_id = f.id and a.owner_user_id = ${ctx.actor.userId} and a.removed_at is null)` : sql``}
      ${cur ? sql`and (p.sort_name, pl.id) > (${cur[0]}, ${cur[1]}::uuid)` : sql``}
    order by p.sort_name, pl.id
    limit ${q.limit + 1}`);
  await ctx.audit({
    action: 'plan.list',
    resourceType: 'plan',
    infoCategory: 'administrative',
    details: { results: Math.min(rows.rows.length, q.limit), person: !!q.personId },
  });
  const page = toPage(rows.rows, q.limit, (last) => [last.sort_name, last.id]);
  const today = new Date().toISOString().slice(0, 10);
  return {
    items: page.items.map((r) => ({
      id: r.id,
      personId: r.person_id,
      personName: `${(r.used_name ?? r.birth_name).toLocaleUpperCase('fr-FR')} ${r.first_names}`,
      versionNumber: partner ? (r.in_force_number ?? r.number) : r.number,
      status: (partner ? (r.in_force_status ?? r.status) : r.status) as PlanStatus,
      inForceNumber: r.in_force_number,
      inForceStatus: r.in_force_status as PlanStatus | null,
      startDate: r.start_date,
      nextReviewOn: partner ? null : r.review_due_on,
      reviewDue: !partner && r.review_due_on !== null && r.review_due_on <= today && r.status === 'active',
      overBudget: !partner && r.over_budget,
      updatedAt: isoRequired(r.updated_at),
    })),
    nextCursor: page.nextCursor,
  };
}
