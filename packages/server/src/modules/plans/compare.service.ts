import { computeBudget, diffVersions, type PlanComparison } from '@maillon/shared/plans';
import { invalid, notFound } from '../../lib/errors.ts';
import type { Ctx } from '../../plugins/context.ts';
import { openPlan } from './plan.service.ts';
import { mostSensitive, purposeOf } from '../access/public.ts';
import { isPartner, readableCategories } from './policy.ts';
import { budgetStart, costLineOf, loadActions, loadGoals, ownerLabel, ownerOf, toAction, versionRef, type VersionRow } from './read.ts';

/**
 * What changed from version `a` to version `b` of a plan: goals and actions added, changed field
 * by field, removed (matched by their stable key), the budget per source over the same 12 months,
 * and whether the person's expectations changed. Only the categories the caller reads.
 */
export async function comparePlanVersions(ctx: Ctx, planId: string, a: number, b: number): Promise<PlanComparison> {
  if (isPartner(ctx)) throw notFound('plan');
  const { p, access, versions } = await openPlan(ctx, planId);
  const va = versions.find((v) => v.number === a);
  const vb = versions.find((v) => v.number === b);
  if (!va || !vb) {
    throw invalid([{ path: `querystring.${va ? 'b' : 'a'}`, message: 'No such version of this plan', code: 'unknown_version' }]);
  }
  const cats = readableCategories(access);
  const start = vb.startDate ?? va.startDate ?? budgetStart(vb);
  const side = async (v: VersionRow) => {
    const goals = await loadGoals(ctx, v.id, cats);
    const rows = await loadActions(ctx, v.id, cats);
    const keyOfGoal = new Map(goals.map((g) => [g.id, g.key]));
    return {
      goals: goals.map((g) => ({
        key: g.key,
        wording: g.wording,
        component: g.component,
        needCodes: g.needCodes,
        horizon: g.horizon,
        targetDate: g.targetDate,
        indicator: g.indicator,
        target: g.target,
        priority: g.priority,
      })),
      actions: rows.map((r) => {
        const x = toAction(ctx, r, start);
        return {
          key: x.key,
          goalKey: keyOfGoal.get(x.goalId)!,
          description: x.description,
          type: x.type,
          owner: ownerLabel(ownerOf(r)),
          prescriber: x.prescriber,
          frequency: x.frequency,
          startDate: x.startDate,
          endDate: x.endDate,
          unitCostCents: x.unitCostCents,
          quantity: x.quantity,
          period: x.period,
          fundingSource: x.fundingSource,
          status: x.status,
        };
      }),
      budget: computeBudget(rows.map(costLineOf), v.allocations as never, start),
      expectations: access.categories.has('social') ? v.expectations : null,
    };
  };
  const d = diffVersions(await side(va), await side(vb));
  await ctx.audit({
    action: 'plan.compare',
    resourceType: 'plan',
    resourceId: planId,
    personId: p.personId,
    infoCategory: mostSensitive(cats, 'administrative'),
    purpose: purposeOf(access),
    details: { a, b },
  });
  return { planId, a: versionRef(va), b: versionRef(vb), ...(d as unknown as Omit<PlanComparison, 'planId' | 'a' | 'b'>) };
}
