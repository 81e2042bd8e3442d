import type { ActionInput, GoalInput, Plan, PlanAction, PlanContent, PlanGoal } from './schemas.ts';

/** An action as the editor sends it back: the same fields as read, without what the server computes. */
export function actionInputOf(a: PlanAction): ActionInput {
  return {
    id: a.id,
    description: a.description,
    type: a.type,
    owner: a.owner
      ? a.owner.kind === 'user'
        ? { kind: 'user', userId: a.owner.userId! }
        : { kind: 'contact', careTeamMemberId: a.owner.careTeamMemberId! }
      : null,
    prescriber: a.prescriber,
    frequency: a.frequency,
    startDate: a.startDate,
    endDate: a.endDate,
    unitCostCents: a.unitCostCents,
    quantity: a.quantity,
    period: a.period,
    fundingSource: a.fundingSource,
    status: a.status,
  };
}

export function goalInputOf(g: PlanGoal): GoalInput {
  return {
    id: g.id,
    wording: g.wording,
    component: g.component,
    needCodes: [...g.needCodes],
    horizon: g.horizon,
    targetDate: g.targetDate,
    indicator: g.indicator,
    target: g.target,
    priority: g.priority,
    actions: g.actions.map(actionInputOf),
  };
}

/** The content of a version as read, in the shape `PUT /plans/:id/content` takes: saving it unchanged changes nothing. */
export function contentOf(plan: Plan): PlanContent {
  return {
    expectations: plan.version.expectations,
    expectationsBy: plan.version.expectationsBy,
    goals: plan.goals.map(goalInputOf),
    deferredNeeds: plan.version.deferredNeeds.map((d) => ({ ...d })),
    budget: plan.version.allocations.map((a) => ({ ...a })),
  };
}
