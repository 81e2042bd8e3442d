import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { defaultNeedTypes, type AssessmentDomain, type NeedPriority, type UrgencyLevel } from '@maillon/shared/assessments';
import {
  actionCost,
  checkCoherence,
  planCategories,
  computeBudget,
  reviewSchedule,
  todayIso,
  type ActionStatus,
  type ActionType,
  type AgreementForm,
  type AgreementGiver,
  type Allocation,
  type CloseReason,
  type CostLine,
  type CostPeriod,
  type ExpectationSource,
  type FundingSource,
  type GoalHorizon,
  type GoalPriority,
  type Plan,
  type PlanAction,
  type PlanCategory,
  type PlanComponent,
  type PlanGoal,
  type PlanStatus,
  type PlanVersionRef,
  type ReviewOutcome,
} from '@maillon/shared/plans';
import { notFound } from '../../lib/errors.ts';
import { iso, isoRequired } from '../../lib/time.ts';
import type { Ctx } from '../../plugins/context.ts';
import type { PersonAccess } from '../access/public.ts';
import { abilities, isPartner, readableCategories } from './policy.ts';
import { plan, planAction, planGoal, planReview, planVersion } from './tables.ts';

// Loading a plan and turning its rows into the API's shape (STYLE.md 3: never a table row).

export type PlanRow = typeof plan.$inferSelect;
export type VersionRow = typeof planVersion.$inferSelect;
type GoalRow = typeof planGoal.$inferSelect;
type ActionRow = typeof planAction.$inferSelect & {
  ownerUserName: string | null;
  ownerRole: string | null;
  ownerJob: string | null;
  contactName: string | null;
  contactOrganisation: string | null;
  /** The latest change of status while the plan was in effect (plan_action_progress), if any */
  statusChangedAt: string | null;
  statusChangedBy: string | null;
  statusNote: string | null;
};

/** A need of the signed assessment, as snapshotted in the version. */
export interface StoredNeed {
  domain: AssessmentDomain;
  category: PlanCategory;
  code: string;
  label: string;
  priority: NeedPriority;
  urgency: UrgencyLevel | null;
}
type StoredAllocation = Allocation;
export interface StoredOutcome {
  goalId: string;
  goalKey: string;
  wording: string;
  category: PlanCategory;
  outcome: ReviewOutcome;
  comment: string | null;
}

export const IN_FORCE: PlanStatus[] = ['agreed', 'active', 'under_review'];

export async function loadPlanRow(ctx: Ctx, planId: string): Promise<PlanRow> {
  const r = (await ctx.tx.select().from(plan).where(eq(plan.id, planId)))[0];
  if (!r) throw notFound('plan');
  return r;
}

export async function loadVersions(ctx: Ctx, planId: string): Promise<VersionRow[]> {
  return ctx.tx.select().from(planVersion).where(eq(planVersion.planId, planId)).orderBy(asc(planVersion.number));
}

/** What the choice of a version needs to know of each (the full rows, or the light list of `view.ts`). */
type VersionState = { id: string; status: string };
export const latestOf = <V extends VersionState>(versions: V[]) => versions[versions.length - 1]!;
export const inForceOf = <V extends VersionState>(versions: V[]) =>
  [...versions].reverse().find((v) => IN_FORCE.includes(v.status as PlanStatus)) ?? null;
export const closeTargetOf = <V extends VersionState>(versions: V[]) => [...versions].reverse().find((v) => v.status !== 'closed') ?? null;
export const workingOf = <V extends VersionState>(versions: V[]) =>
  versions.find((v) => v.status === 'draft' || v.status === 'proposed') ?? null;

/** The caller's part of a plan's answer: their view, categories and what they may do with this version. */
export function planAccess(ctx: Ctx, access: PersonAccess, versions: VersionState[], v: VersionState): Plan['access'] {
  const latest = latestOf(versions);
  const working = workingOf(versions);
  return {
    view: isPartner(ctx) ? 'partner' : 'team',
    categories: readableCategories(access),
    readOnly: access.readOnly,
    can: abilities(ctx, access, {
      status: v.status as PlanStatus,
      latest: v.id === latest.id,
      hasWorkingVersion: !!working && working.id !== v.id,
      closeTarget: v.id === closeTargetOf(versions)?.id,
    }),
  };
}

const categoryList = (categories: PlanCategory[]) =>
  sql`array[${sql.join(
    categories.map((c) => sql`${c}`),
    sql`, `,
  )}]::text[]`;

/** Goals of a version in the categories given (access in the query, STYLE.md 6). */
export async function loadGoals(ctx: Ctx, versionId: string, categories: PlanCategory[]): Promise<GoalRow[]> {
  if (!categories.length) return [];
  return ctx.tx
    .select()
    .from(planGoal)
    .where(and(eq(planGoal.versionId, versionId), isNull(planGoal.removedAt), inArray(planGoal.category, categories)))
    .orderBy(asc(planGoal.position));
}

type RawAction = {
  id: string;
  tenant_id: string;
  version_id: string;
  goal_id: string;
  key: string;
  position: number;
  category: string;
  description: string;
  type: string;
  owner_user_id: string | null;
  owner_contact_id: string | null;
  prescriber: string | null;
  frequency: string | null;
  start_date: string | null;
  end_date: string | null;
  unit_cost_cents: number;
  quantity_hundredths: number;
  period: string;
  funding_source: string | null;
  status: string;
  owner_user_name: string | null;
  owner_role: string | null;
  owner_job: string | null;
  contact_name: string | null;
  contact_organisation: string | null;
  changed_at: string | null;
  changed_by: string | null;
  change_note: string | null;
};

/**
 * Actions of a version in the categories given, with their owner's name; only the caller's own
 * for a partner. Plain SQL: the plan is the largest read of the module (the bench reads 150
 * actions), and drizzle's row mapping was a noticeable share of its CPU.
 */
export async function loadActions(ctx: Ctx, versionId: string, categories: PlanCategory[], ownerUserId?: string): Promise<ActionRow[]> {
  if (!categories.length) return [];
  const r = await ctx.tx.execute<RawAction>(sql`
    select a.id, a.tenant_id, a.version_id, a.goal_id, a.key, a.position, a.category, a.description, a.type, a.owner_user_id,
      a.owner_contact_id, a.prescriber, a.frequency, a.start_date::text as start_date, a.end_date::text as end_date, a.unit_cost_cents,
      a.quantity_hundredths, a.period, a.funding_source, a.status,
      u.display_name as owner_user_name, m.role as owner_role, m.job_title as owner_job,
      c.external_name as contact_name, c.external_organisation as contact_organisation,
      pr.recorded_at as changed_at, pr.by_name as changed_by, pr.note as change_note
    from plan_action a
      left join app_user u on u.id = a.owner_user_id
      left join membership m on m.user_id = a.owner_user_id and m.tenant_id = a.tenant_id
      left join care_team_member c on c.id = a.owner_contact_id
      left join lateral (
        select p.recorded_at, p.note, pu.display_name as by_name
        from plan_action_progress p left join app_user pu on pu.id = p.recorded_by
        where p.tenant_id = a.tenant_id and p.action_id = a.id
        order by p.recorded_at desc, p.id desc limit 1) pr on true
    where a.version_id = ${versionId} and a.removed_at is null and a.category = any(${categoryList(categories)})
      ${ownerUserId ? sql`and a.owner_user_id = ${ownerUserId}` : sql``}
    order by a.position`);
  return r.rows.map((x) => ({
    id: x.id,
    tenantId: x.tenant_id,
    versionId: x.version_id,
    goalId: x.goal_id,
    key: x.key,
    position: x.position,
    category: x.category,
    description: x.description,
    type: x.type,
    ownerUserId: x.owner_user_id,
    ownerContactId: x.owner_contact_id,
    prescriber: x.prescriber,
    frequency: x.frequency,
    startDate: x.start_date,
    endDate: x.end_date,
    unitCostCents: x.unit_cost_cents,
    quantityHundredths: x.quantity_hundredths,
    period: x.period,
    fundingSource: x.funding_source,
    status: x.status,
    removedAt: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ownerUserName: x.owner_user_name,
    ownerRole: x.owner_role,
    ownerJob: x.owner_job,
    contactName: x.contact_name,
    contactOrganisation: x.contact_organisation,
    statusChangedAt: x.changed_at === null ? null : iso(x.changed_at),
    statusChangedBy: x.changed_by,
    statusNote: x.change_note,
  }));
}

/** Cost columns of the actions the caller may not read, so that the budget stays whole without showing them. */
async function hiddenCosts(ctx: Ctx, versionId: string, categories: PlanCategory[]): Promise<CostLine[]> {
  if (categories.length === planCategories.length) return [];
  const rows = await ctx.tx
    .select({
      unitCostCents: planAction.unitCostCents,
      quantityHundredths: planAction.quantityHundredths,
      period: planAction.period,
      fundingSource: planAction.fundingSource,
      startDate: planAction.startDate,
      endDate: planAction.endDate,
      status: planAction.status,
    })
    .from(planAction)
    .where(
      and(
        eq(planAction.versionId, versionId),
        isNull(planAction.removedAt),
        categories.length ? sql`not (${inArray(planAction.category, categories)})` : undefined,
      ),
    );
  return rows.map(costLineOf);
}

async function hiddenCounts(ctx: Ctx, versionId: string, categories: PlanCategory[]): Promise<{ goals: number; actions: number }> {
  if (categories.length === planCategories.length) return { goals: 0, actions: 0 };
  const readable = categoryList(categories);
  const r = await ctx.tx.execute<{ goals: number; actions: number }>(sql`
    select (select count(*)::int from plan_goal g where g.version_id = ${versionId} and g.removed_at is null
              and g.category <> all(${readable})) as goals,
           (select count(*)::int from plan_action a where a.version_id = ${versionId} and a.removed_at is null
              and a.category <> all(${readable})) as actions`);
  return r.rows[0] ?? { goals: 0, actions: 0 };
}

export function costLineOf(a: {
  unitCostCents: number;
  quantityHundredths: number;
  period: string;
  fundingSource: string | null;
  startDate: string | null;
  endDate: string | null;
  status: string;
}): CostLine {
  return {
    unitCostCents: a.unitCostCents,
    quantity: a.quantityHundredths / 100,
    period: a.period as CostPeriod,
    fundingSource: a.fundingSource as FundingSource | null,
    startDate: a.startDate,
    endDate: a.endDate,
    status: a.status as ActionStatus,
  };
}

export function ownerOf(a: ActionRow): PlanAction['owner'] {
  if (a.ownerUserId) {
    return {
      kind: 'user',
      userId: a.ownerUserId,
      careTeamMemberId: null,
      name: a.ownerUserName ?? '',
      organisation: a.ownerRole === 'external_partner' ? a.ownerJob : null,
      external: a.ownerRole === 'external_partner',
    };
  }
  if (a.ownerContactId) {
    return {
      kind: 'contact',
      userId: null,
      careTeamMemberId: a.ownerContactId,
      name: a.contactName ?? '',
      organisation: a.contactOrganisation,
      external: true,
    };
  }
  return null;
}

export const ownerLabel = (o: PlanAction['owner']) => (o ? (o.organisation ? `${o.name} (${o.organisation})` : o.name) : null);

/** An action as the API shows it; its cost counted over its dates within the budget from `start`. */
export function toAction(ctx: Ctx, a: ActionRow, start: string): PlanAction {
  const line = costLineOf(a);
  return {
    id: a.id,
    key: a.key,
    goalId: a.goalId,
    category: a.category as PlanCategory,
    description: a.description,
    type: a.type as ActionType,
    owner: ownerOf(a),
    own: !!ctx.actor.userId && a.ownerUserId === ctx.actor.userId,
    prescriber: a.prescriber,
    frequency: a.frequency,
    startDate: a.startDate,
    endDate: a.endDate,
    unitCostCents: a.unitCostCents,
    quantity: line.quantity,
    period: line.period,
    fundingSource: line.fundingSource,
    status: line.status ?? 'planned',
    statusChange: a.statusChangedAt ? { at: a.statusChangedAt, byName: a.statusChangedBy, note: a.statusNote } : null,
    cost: actionCost(line, start),
  };
}

export const versionRef = (v: VersionRow): PlanVersionRef => ({
  id: v.id,
  number: v.number,
  status: v.status as PlanStatus,
  closeReason: v.closeReason as CloseReason | null,
  agreedOn: v.agreedOn,
  startDate: v.startDate,
  createdAt: isoRequired(v.createdAt),
});

/** The first month of a version's budget: its start date, else today. */
export const budgetStart = (v: VersionRow) => v.startDate ?? todayIso();

async function personName(ctx: Ctx, personId: string, access: PersonAccess): Promise<string | null> {
  if (!access.categories.has('administrative')) return null;
  const r = await ctx.tx.execute<{ first_names: string; birth_name: string; used_name: string | null }>(
    sql`select first_names, birth_name, used_name from person where id = ${personId}`,
  );
  const p = r.rows[0];
  return p ? `${(p.used_name ?? p.birth_name).toLocaleUpperCase('fr-FR')} ${p.first_names}` : null;
}

async function userName(ctx: Ctx, id: string | null): Promise<string | null> {
  if (!id) return null;
  const r = await ctx.tx.execute<{ display_name: string }>(sql`select display_name from app_user where id = ${id}`);
  return r.rows[0]?.display_name ?? null;
}

async function representative(ctx: Ctx, id: string | null): Promise<{ id: string; name: string } | null> {
  if (!id) return null;
  const r = await ctx.tx.execute<{ first_name: string; last_name: string }>(
    sql`select first_name, last_name from person_relative where id = ${id}`,
  );
  const x = r.rows[0];
  return x ? { id, name: `${x.first_name} ${x.last_name}` } : null;
}

async function reviewsOf(ctx: Ctx, planId: string, versions: VersionRow[], categories: PlanCategory[]): Promise<Plan['reviews']> {
  const rows = await ctx.tx
    .select({ r: planReview, reviewer: sql<string | null>`(select display_name from app_user u where u.id = ${planReview.createdBy})` })
    .from(planReview)
    .where(eq(planReview.planId, planId))
    .orderBy(asc(planReview.reviewedOn), asc(planReview.createdAt));
  const numberOf = new Map(versions.map((v) => [v.id, v.number]));
  return rows.map(({ r, reviewer }) => ({
    id: r.id,
    reviewedOn: r.reviewedOn,
    versionNumber: numberOf.get(r.versionId) ?? 0,
    nextVersionNumber: r.nextVersionId ? (numberOf.get(r.nextVersionId) ?? null) : null,
    participants: r.participants,
    summary: r.summary,
    reviewedBy: r.createdBy ? { userId: r.createdBy, displayName: reviewer } : null,
    outcomes: (r.outcomes as StoredOutcome[])
      .filter((o) => categories.includes(o.category))
      .map((o) => ({ goalKey: o.goalKey, wording: o.wording, outcome: o.outcome, comment: o.comment })),
  }));
}

/**
 * A version of the plan as this caller may see it. The care team sees the goals and actions of
 * the categories they read, the needs, the budget (whole, when they read social information: the
 * amounts of actions they may not read are counted without being shown), the coherence checks
 * and the review dates. A partner sees only their own actions, and the goals they serve.
 */
export async function toPlan(ctx: Ctx, p: PlanRow, versions: VersionRow[], v: VersionRow, access: PersonAccess): Promise<Plan> {
  const cats = readableCategories(access);
  const partner = isPartner(ctx);
  const latest = latestOf(versions);
  const actionRows = await loadActions(ctx, v.id, cats, partner ? ctx.actor.userId! : undefined);
  let goalRows = await loadGoals(ctx, v.id, cats);
  if (partner) goalRows = goalRows.filter((g) => actionRows.some((a) => a.goalId === g.id));
  const today = todayIso();
  const schedule = reviewSchedule(
    goalRows.map((g) => ({ id: g.id, horizon: g.horizon as GoalHorizon, targetDate: g.targetDate })),
    v.startDate,
    today,
  );
  const dueOf = new Map(schedule.goals.map((g) => [g.id, g.dueOn]));
  const actions = actionRows.map((a) => toAction(ctx, a, budgetStart(v)));
  // Needs in words for every reader, a partner included (who reads no need list): the label the
  // plan was built with, else the starting taxonomy's, never a code (issue 19 item 15).
  const needWords = new Map([
    ...defaultNeedTypes.map((n) => [n.code, n.label] as const),
    ...(v.needs as StoredNeed[]).map((n) => [n.code, n.label] as const),
  ]);
  const goals: PlanGoal[] = goalRows.map((g) => ({
    id: g.id,
    key: g.key,
    wording: g.wording,
    component: g.component as PlanComponent,
    category: g.category as PlanCategory,
    needCodes: g.needCodes,
    needLabels: g.needCodes.map((c) => needWords.get(c) ?? c.replaceAll('_', ' ')),
    horizon: g.horizon as GoalHorizon,
    targetDate: g.targetDate,
    dueOn: dueOf.get(g.id) ?? null,
    indicator: g.indicator,
    target: g.target,
    priority: g.priority as GoalPriority,
    actions: actions.filter((a) => a.goalId === g.id),
  }));
  const deferred = v.deferredNeeds as { code: string; reason: string }[];
  const allocations = v.allocations as StoredAllocation[];
  const needs = partner
    ? []
    : (v.needs as StoredNeed[])
        .filter((n) => cats.includes(n.category))
        .map((n) => ({
          domain: n.domain,
          category: n.category,
          code: n.code,
          label: n.label,
          priority: n.priority,
          urgency: n.urgency,
          answeredBy: goals.filter((g) => g.needCodes.includes(n.code)).map((g) => g.id),
          deferredReason: deferred.find((d) => d.code === n.code)?.reason ?? null,
        }));
  const withBudget = !partner && access.categories.has('social');
  const budget = withBudget
    ? computeBudget([...actionRows.map(costLineOf), ...(await hiddenCosts(ctx, v.id, cats))], allocations, budgetStart(v))
    : null;
  const coherence = partner
    ? null
    : checkCoherence({
        needs,
        deferred,
        goals: goals.map((g) => ({ id: g.id, wording: g.wording, needCodes: g.needCodes, indicator: g.indicator, target: g.target })),
        actions: actions.map((a) => ({
          id: a.id,
          goalId: a.goalId,
          description: a.description,
          type: a.type,
          hasOwner: !!a.owner,
          startDate: a.startDate,
          endDate: a.endDate,
          status: a.status,
          once: a.period === 'once',
        })),
      });
  const hidden = partner ? { goals: 0, actions: 0 } : await hiddenCounts(ctx, v.id, cats);
  const agreement =
    v.agreedOn && !partner
      ? {
          agreedOn: v.agreedOn,
          form: v.agreementForm as AgreementForm,
          givenBy: v.agreedBy as AgreementGiver,
          representative: await representative(ctx, v.representativeId),
          copyHandedOver: !!v.copyHandedOver,
          copyHandedOn: v.copyHandedOn,
          note: v.agreementNote,
          recordedBy: v.agreementRecordedBy
            ? { userId: v.agreementRecordedBy, displayName: await userName(ctx, v.agreementRecordedBy) }
            : null,
          recordedAt: isoRequired(v.frozenAt!),
        }
      : null;
  const showSocial = !partner || access.categories.has('social');
  return {
    id: p.id,
    personId: p.personId,
    personName: await personName(ctx, p.personId, access),
    assessmentId: v.assessmentId,
    version: {
      id: v.id,
      number: v.number,
      status: v.status as PlanStatus,
      closeReason: v.closeReason as CloseReason | null,
      basedOnNumber: v.basedOnId ? (versions.find((x) => x.id === v.basedOnId)?.number ?? null) : null,
      latest: v.id === latest.id,
      expectations: showSocial ? v.expectations : null,
      expectationsBy: showSocial ? (v.expectationsBy as ExpectationSource | null) : null,
      deferredNeeds: partner ? [] : deferred.filter((d) => needs.some((n) => n.code === d.code)),
      allocations: partner ? [] : allocations,
      agreement,
      startDate: v.startDate,
      proposedAt: iso(v.proposedAt),
      closedAt: iso(v.closedAt),
      updatedAt: isoRequired(v.updatedAt),
      version: v.version,
    },
    needs,
    goals,
    hidden,
    budget,
    coherence,
    reviewSchedule: partner ? null : schedule,
    versions: (partner ? [v] : versions).map(versionRef),
    reviews: partner ? [] : await reviewsOf(ctx, p.id, versions, cats),
    access: planAccess(ctx, access, versions, v),
  };
}
