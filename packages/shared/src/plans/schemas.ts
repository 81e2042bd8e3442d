import { z } from 'zod';
import { dateField, doneDateField, linesField, textField } from '../api/fields.ts';
import { pageQuerySchema } from '../api/pagination.ts';
import { assessmentDomains, needPriorities, urgencyLevels } from '../assessments/domains.ts';
import { BUDGET_MONTHS } from './budget.ts';
import { coherenceCodes } from './coherence.ts';
import {
  actionStatuses,
  actionTypes,
  agreementForms,
  agreementGivers,
  closeReasons,
  costPeriods,
  expectationSources,
  fundingSources,
  goalHorizons,
  goalPriorities,
  PDF_FORMS,
  planCategories,
  planComponents,
  planStatuses,
  prescribedActionTypes,
  reviewOutcomes,
} from './domain.ts';

// The API contract of the plans module: requests are validated and responses serialised with
// these schemas, by the server and by the web's forms alike.

const isoDate = dateField;
const pastDate = doneDateField;
/** Wordings, reasons and notes may run over several lines. */
const text = linesField;
/** Money in integer euro cents (DESIGN.md §5), up to one million euros. */
export const centsSchema = z.number().int('Amounts are whole cents').min(0).max(100_000_000);
const needCode = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'Not a need code');

/** Limits of one plan version: the bench reads a plan of 30 goals and 150 actions. */
export const PLAN_LIMITS = { goals: 60, actionsPerGoal: 40, actions: 300 } as const;

export const actionOwnerInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), userId: z.uuid().describe('A member of staff, or a partner in the care team') }),
  z.strictObject({ kind: z.literal('contact'), careTeamMemberId: z.uuid().describe("An external contact of the person's care team") }),
]);
export type ActionOwnerInput = z.infer<typeof actionOwnerInputSchema>;

export const actionInputSchema = z
  .strictObject({
    id: z.uuid().optional().describe('An action of this draft being changed; omitted for a new one'),
    description: text(500).min(1, 'Required'),
    type: z.enum(actionTypes),
    owner: actionOwnerInputSchema.nullable().default(null),
    prescriber: textField(200).nullable().optional().describe('Who prescribed an aid or an adaptation of the living place'),
    frequency: textField(200).nullable().optional().describe('Frequency or schedule in words, e.g. "lundi, mercredi, vendredi, 8 h–9 h"'),
    startDate: isoDate.nullable().optional(),
    endDate: isoDate.nullable().optional(),
    unitCostCents: centsSchema.default(0),
    quantity: z
      .number()
      .min(0)
      .max(10_000)
      .refine((q) => Math.abs(q * 100 - Math.round(q * 100)) < 1e-6, 'At most two decimals')
      .default(1),
    period: z.enum(costPeriods).default('month'),
    fundingSource: z.enum(fundingSources).nullable().optional(),
    status: z.enum(actionStatuses).default('planned'),
  })
  .superRefine((a, ctx) => {
    if (a.startDate && a.endDate && a.endDate < a.startDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: 'The end date is before the start date',
        params: { i18nKey: 'plans.validation.endBeforeStart' },
      });
    }
    const prescribed = prescribedActionTypes.includes(a.type);
    if (prescribed && !a.prescriber) {
      ctx.addIssue({
        code: 'custom',
        path: ['prescriber'],
        message: 'An aid or an adaptation needs its prescriber',
        params: { i18nKey: 'plans.validation.prescriber' },
      });
    }
    if ((prescribed || a.unitCostCents > 0) && !a.fundingSource) {
      ctx.addIssue({
        code: 'custom',
        path: ['fundingSource'],
        message: 'Choose who funds it',
        params: { i18nKey: 'plans.validation.funding' },
      });
    }
  });
export type ActionInput = z.input<typeof actionInputSchema>;

export const goalInputSchema = z
  .strictObject({
    id: z.uuid().optional().describe('A goal of this draft being changed; omitted for a new one'),
    wording: text(500).min(1, 'Required'),
    component: z.enum(planComponents),
    needCodes: z.array(needCode).max(20).default([]).describe('The needs of the assessment this goal answers'),
    horizon: z.enum(goalHorizons),
    targetDate: isoDate.nullable().optional().describe('Required when the horizon is a date'),
    indicator: text(300).nullable().optional().describe('How progress is measured'),
    target: text(300).nullable().optional().describe('The value of the indicator that means "reached"'),
    priority: z.enum(goalPriorities).default('medium'),
    actions: z.array(actionInputSchema).max(PLAN_LIMITS.actionsPerGoal).default([]),
  })
  .superRefine((g, ctx) => {
    if (g.horizon === 'date' && !g.targetDate) {
      ctx.addIssue({ code: 'custom', path: ['targetDate'], message: 'Give the date', params: { i18nKey: 'plans.validation.targetDate' } });
    }
    if (new Set(g.needCodes).size !== g.needCodes.length) {
      ctx.addIssue({ code: 'custom', path: ['needCodes'], message: 'A need is listed twice' });
    }
  });
export type GoalInput = z.input<typeof goalInputSchema>;

export const allocationSchema = z.strictObject({
  source: z.enum(fundingSources),
  monthlyCents: centsSchema.nullable().default(null),
  oneOffCents: centsSchema.nullable().default(null),
});

export const deferredNeedSchema = z.strictObject({
  code: needCode,
  reason: text(500).min(3, 'Say why this need is deferred'),
});

/** The whole content of a draft, as the editor saves it (If-Match): goals and actions sent replace those of the draft. */
export const planContentSchema = z
  .strictObject({
    expectations: text(5000).nullable().optional().describe("The person's expectations in their own words"),
    expectationsBy: z.enum(expectationSources).nullable().optional(),
    goals: z.array(goalInputSchema).max(PLAN_LIMITS.goals),
    deferredNeeds: z.array(deferredNeedSchema).max(80).default([]),
    budget: z.array(allocationSchema).max(fundingSources.length).default([]),
  })
  .superRefine((c, ctx) => {
    const total = c.goals.reduce((s, g) => s + g.actions.length, 0);
    if (total > PLAN_LIMITS.actions) {
      ctx.addIssue({ code: 'custom', path: ['goals'], message: `At most ${PLAN_LIMITS.actions} actions in a plan` });
    }
    const seen = new Set<string>();
    c.budget.forEach((b, i) => {
      if (seen.has(b.source)) ctx.addIssue({ code: 'custom', path: ['budget', i, 'source'], message: 'This source is listed twice' });
      seen.add(b.source);
    });
    const deferred = new Set<string>();
    c.deferredNeeds.forEach((d, i) => {
      if (deferred.has(d.code)) ctx.addIssue({ code: 'custom', path: ['deferredNeeds', i, 'code'], message: 'This need is listed twice' });
      deferred.add(d.code);
    });
  });
export type PlanContent = z.input<typeof planContentSchema>;

export const planCreateSchema = z.strictObject({
  assessmentId: z.uuid().describe('The signed assessment whose needs the plan answers'),
  expectations: text(5000).nullable().optional().describe("Defaults to the person's wishes recorded in the assessment"),
  expectationsBy: z.enum(expectationSources).nullable().optional(),
});

export const agreementInputSchema = z
  .strictObject({
    agreedOn: pastDate,
    form: z.enum(agreementForms),
    givenBy: z.enum(agreementGivers),
    representativeId: z.uuid().nullable().optional().describe('The relative holding a recorded mandate (FR-12)'),
    copyHandedOver: z.boolean(),
    copyHandedOn: pastDate.nullable().optional(),
    note: text(1000).nullable().optional(),
  })
  .refine((v) => v.givenBy === 'person' || !!v.representativeId, {
    message: 'Name the legal representative',
    path: ['representativeId'],
  })
  .refine((v) => !v.copyHandedOn || v.copyHandedOver, { message: 'A date without the copy', path: ['copyHandedOn'] })
  .refine((v) => !v.copyHandedOn || v.copyHandedOn >= v.agreedOn, {
    message: 'The copy is handed over after the agreement',
    path: ['copyHandedOn'],
  });
export type AgreementInput = z.input<typeof agreementInputSchema>;

export const activateInputSchema = z.strictObject({
  startDate: isoDate.describe('When the plan starts; review dates are counted from it'),
});
export const closeInputSchema = z.strictObject({ reason: text(1000).min(3, 'Say why the plan is closed') });

/** Following the plan in effect: an action moves to another status; cancelling says why. */
export const actionStatusInputSchema = z
  .strictObject({
    status: z.enum(actionStatuses),
    note: text(1000).nullable().optional(),
  })
  .superRefine((v, c) => {
    if (v.status === 'cancelled' && !v.note?.trim()) {
      c.addIssue({ code: 'custom', path: ['note'], message: 'Say why the action is cancelled' });
    }
  });
export type ActionStatusInput = z.infer<typeof actionStatusInputSchema>;

export const reviewInputSchema = z.strictObject({
  reviewedOn: pastDate,
  participants: text(500).nullable().optional(),
  summary: text(5000).nullable().optional(),
  outcomes: z
    .array(
      z.strictObject({
        goalId: z.uuid(),
        outcome: z.enum(reviewOutcomes),
        comment: text(1000).nullable().optional(),
      }),
    )
    .min(1, 'Record the outcome of each goal')
    .max(PLAN_LIMITS.goals),
});
export type ReviewInput = z.input<typeof reviewInputSchema>;

export const planListQuerySchema = pageQuerySchema.extend({
  personId: z.uuid().optional(),
  status: z.enum(planStatuses).optional(),
  reviewDue: z.enum(['true', 'false']).optional(),
});
export const planReadQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).max(10_000).optional() });
export const planCompareQuerySchema = z.strictObject({ a: z.coerce.number().int().min(1), b: z.coerce.number().int().min(1) });
export const planPdfQuerySchema = z.strictObject({
  form: z.enum(PDF_FORMS).default('person'),
  version: z.coerce.number().int().min(1).max(10_000).optional(),
});

// Responses -------------------------------------------------------------------------------------

const userRef = z.object({ userId: z.uuid(), displayName: z.string().nullable() });

export const actionOwnerSchema = z.object({
  kind: z.enum(['user', 'contact']),
  userId: z.uuid().nullable(),
  careTeamMemberId: z.uuid().nullable(),
  name: z.string(),
  organisation: z.string().nullable(),
  external: z.boolean().describe('A partner or an external contact, outside the organisation'),
});
export type ActionOwner = z.infer<typeof actionOwnerSchema>;

export const actionCostSchema = z.object({
  periodCents: z.number().int(),
  monthlyCents: z.number().int(),
  oneOffCents: z.number().int(),
  yearlyCents: z.number().int().describe('The rate over a whole year, whatever the dates'),
  budgetCents: z.number().int().describe("What this action costs over its dates within the plan's 12-month budget, prorated by day"),
});

export const planActionSchema = z.object({
  id: z.uuid(),
  key: z.uuid().describe('Stable across versions: the comparison matches actions by it'),
  goalId: z.uuid(),
  category: z.enum(planCategories),
  description: z.string(),
  type: z.enum(actionTypes),
  owner: actionOwnerSchema.nullable(),
  own: z.boolean().describe('The caller is the owner'),
  prescriber: z.string().nullable(),
  frequency: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  unitCostCents: z.number().int(),
  quantity: z.number(),
  period: z.enum(costPeriods),
  fundingSource: z.enum(fundingSources).nullable(),
  status: z.enum(actionStatuses),
  statusChange: z
    .object({ at: z.string(), byName: z.string().nullable(), note: z.string().nullable() })
    .nullable()
    .describe('The latest change of status while the plan is in effect: when, by whom, why'),
  cost: actionCostSchema,
});
export type PlanAction = z.infer<typeof planActionSchema>;

export const planGoalSchema = z.object({
  id: z.uuid(),
  key: z.uuid(),
  wording: z.string(),
  component: z.enum(planComponents),
  category: z.enum(planCategories),
  needCodes: z.array(z.string()),
  needLabels: z.array(z.string()).describe('The needs answered, in words, in the order of needCodes (a partner reads no need list)'),
  horizon: z.enum(goalHorizons),
  targetDate: z.string().nullable(),
  dueOn: z.string().nullable().describe('Review date proposed at the horizon'),
  indicator: z.string().nullable(),
  target: z.string().nullable(),
  priority: z.enum(goalPriorities),
  actions: z.array(planActionSchema),
});
export type PlanGoal = z.infer<typeof planGoalSchema>;

export const planNeedSchema = z.object({
  domain: z.enum(assessmentDomains),
  category: z.enum(planCategories),
  code: z.string(),
  label: z.string(),
  priority: z.enum(needPriorities),
  urgency: z.enum(urgencyLevels).nullable(),
  answeredBy: z.array(z.uuid()).describe('Goals answering this need'),
  deferredReason: z.string().nullable(),
});
export type PlanNeed = z.infer<typeof planNeedSchema>;

const bySource = z.partialRecord(z.enum(fundingSources), z.number().int());
export const planBudgetSchema = z.object({
  start: z.string(),
  months: z.array(
    z.object({
      month: z.string(),
      bySource,
      recurringCents: z.number().int(),
      oneOffCents: z.number().int(),
      totalCents: z.number().int(),
    }),
  ),
  years: z.array(z.object({ year: z.number().int(), bySource, totalCents: z.number().int() })),
  sources: z.array(
    z.object({
      source: z.enum(fundingSources),
      monthlyCents: z.number().int(),
      oneOffCents: z.number().int(),
      periodCents: z.number().int(),
      allocatedMonthlyCents: z.number().int().nullable(),
      allocatedOneOffCents: z.number().int().nullable(),
      remainingMonthlyCents: z.number().int().nullable(),
      remainingOneOffCents: z.number().int().nullable(),
      overBudget: z.boolean(),
      overMonths: z.array(z.string()),
      actions: z.number().int(),
    }),
  ),
  unfundedCents: z.number().int(),
  totals: z.object({
    monthlyCents: z.number().int(),
    oneOffCents: z.number().int(),
    periodCents: z.number().int().describe(`Everything over the ${BUDGET_MONTHS} months from the start`),
    yearlyCents: z.number().int(),
  }),
  overBudget: z.boolean(),
});

export const coherenceIssueSchema = z.object({
  code: z.enum(coherenceCodes),
  needCode: z.string().optional(),
  goalId: z.string().optional(),
  actionIds: z.array(z.string()).optional(),
  message: z.string(),
});

export const agreementSchema = z.object({
  agreedOn: z.string(),
  form: z.enum(agreementForms),
  givenBy: z.enum(agreementGivers),
  representative: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  copyHandedOver: z.boolean(),
  copyHandedOn: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: userRef.nullable(),
  recordedAt: z.string(),
});

export const planVersionRefSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status: z.enum(planStatuses),
  closeReason: z.enum(closeReasons).nullable(),
  agreedOn: z.string().nullable(),
  startDate: z.string().nullable(),
  createdAt: z.string(),
});
export type PlanVersionRef = z.infer<typeof planVersionRefSchema>;

export const planReviewSchema = z.object({
  id: z.uuid(),
  reviewedOn: z.string(),
  versionNumber: z.number().int(),
  nextVersionNumber: z.number().int().nullable(),
  participants: z.string().nullable(),
  summary: z.string().nullable(),
  reviewedBy: userRef.nullable(),
  outcomes: z.array(
    z.object({
      goalKey: z.uuid(),
      wording: z.string(),
      outcome: z.enum(reviewOutcomes),
      comment: z.string().nullable(),
    }),
  ),
});

export const planAbilitiesSchema = z.object({
  edit: z.boolean(),
  propose: z.boolean(),
  reopen: z.boolean(),
  agree: z.boolean(),
  activate: z.boolean(),
  review: z.boolean(),
  revise: z.boolean(),
  close: z.boolean(),
  follow: z.boolean().describe("Move any action's status while the plan is in effect (an owner may always move their own)"),
  pdfPerson: z.boolean().describe('The PDF written for the person (not for partners)'),
});

/** A plan as the caller may see it: one version in full (the latest by default), with what is computed from it. */
export const planSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string().nullable(),
  assessmentId: z.uuid(),
  version: z.object({
    id: z.uuid(),
    number: z.number().int(),
    status: z.enum(planStatuses),
    closeReason: z.enum(closeReasons).nullable(),
    basedOnNumber: z.number().int().nullable(),
    latest: z.boolean().describe('The version being worked on; earlier ones are read-only'),
    expectations: z.string().nullable(),
    expectationsBy: z.enum(expectationSources).nullable(),
    deferredNeeds: z.array(z.object({ code: z.string(), reason: z.string() })),
    allocations: z.array(
      z.object({ source: z.enum(fundingSources), monthlyCents: z.number().int().nullable(), oneOffCents: z.number().int().nullable() }),
    ),
    agreement: agreementSchema.nullable(),
    startDate: z.string().nullable(),
    proposedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    updatedAt: z.string(),
    version: z.number().int().describe('Send it back as If-Match'),
  }),
  needs: z.array(planNeedSchema),
  goals: z.array(planGoalSchema),
  hidden: z.object({ goals: z.number().int(), actions: z.number().int() }).describe('Items of categories the caller may not read'),
  budget: planBudgetSchema.nullable(),
  coherence: z.array(coherenceIssueSchema).nullable(),
  reviewSchedule: z
    .object({
      nextReviewOn: z.string().nullable(),
      due: z.boolean(),
      goals: z.array(z.object({ id: z.uuid(), dueOn: z.string().nullable(), due: z.boolean() })),
    })
    .nullable(),
  versions: z.array(planVersionRefSchema),
  reviews: z.array(planReviewSchema),
  access: z.object({
    view: z.enum(['team', 'partner']).describe('A partner sees only their own actions'),
    categories: z.array(z.enum(planCategories)),
    readOnly: z.boolean(),
    can: planAbilitiesSchema,
  }),
});
export type Plan = z.infer<typeof planSchema>;

export const planSummarySchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  versionNumber: z.number().int().describe('The latest version: the draft being prepared when there is one'),
  status: z.enum(planStatuses),
  inForceNumber: z
    .number()
    .int()
    .nullable()
    .describe('The version in force (agreed, in effect or under review), followed until the next one is agreed'),
  inForceStatus: z.enum(planStatuses).nullable(),
  startDate: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  reviewDue: z.boolean(),
  overBudget: z.boolean(),
  updatedAt: z.string(),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

const goalRefSchema = z.object({
  key: z.uuid(),
  wording: z.string(),
  component: z.enum(planComponents),
  needCodes: z.array(z.string()),
  horizon: z.enum(goalHorizons),
  targetDate: z.string().nullable(),
  indicator: z.string().nullable(),
  target: z.string().nullable(),
  priority: z.enum(goalPriorities),
});
const actionRefSchema = z.object({
  key: z.uuid(),
  goalKey: z.uuid(),
  description: z.string(),
  type: z.enum(actionTypes),
  owner: z.string().nullable(),
  prescriber: z.string().nullable(),
  frequency: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  unitCostCents: z.number().int(),
  quantity: z.number(),
  period: z.enum(costPeriods),
  fundingSource: z.enum(fundingSources).nullable(),
  status: z.enum(actionStatuses),
});
const fieldChange = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });
const itemDiff = <T extends z.ZodType>(item: T) =>
  z.object({
    added: z.array(item),
    removed: z.array(item),
    changed: z.array(z.object({ from: item, to: item, changes: z.array(fieldChange) })),
  });
const change = z.object({ fromCents: z.number().int(), toCents: z.number().int(), changeCents: z.number().int() });

/** From version `a` to version `b`; only what the caller may read in both. */
export const planComparisonSchema = z.object({
  planId: z.uuid(),
  a: planVersionRefSchema,
  b: planVersionRefSchema,
  goals: itemDiff(goalRefSchema),
  actions: itemDiff(actionRefSchema),
  budget: z.object({
    sources: z.array(
      z.object({ source: z.enum(fundingSources), fromCents: z.number().int(), toCents: z.number().int(), changeCents: z.number().int() }),
    ),
    total: change,
    monthly: change,
  }),
  expectationsChanged: z.boolean(),
});
export type PlanComparison = z.infer<typeof planComparisonSchema>;
