import { z } from 'zod';
import { doneDateField, linesField, textField } from '../api/fields.ts';
import { pageQuerySchema } from '../api/pagination.ts';
import { AGGIR_GROUPS } from './aggir.data.ts';
import { aggirInputSchema } from './aggir.ts';
import {
  assessmentContexts,
  assessmentDomains,
  assessmentPlaces,
  assessmentStatuses,
  instrumentKinds,
  needPriorities,
  riskKinds,
  riskLevels,
  strengthKinds,
  urgencyLevels,
  wishSources,
} from './domains.ts';
import { ZARIT_ITEM_COUNT, zaritScoresSchema } from './zarit.ts';
import { answersSchema } from './questionnaire.ts';
import { BAND_SEVERITIES, instrumentStructureSchema } from './questionnaire.schema.ts';

// The API contract of the assessments module: requests are validated and responses serialised
// with these schemas, by the server and by the web's forms alike.

const pastDate = doneDateField;
/** Observations, comments and reasons may run over several lines. */
const text = linesField;

export const assessmentDomainSchema = z.enum(assessmentDomains);
export const assessmentCategorySchema = z.enum(['health', 'social']);

/** Codes of the needs taxonomy: stable ASCII, persisted in assessments. */
export const needCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, 'A need code has 2 to 64 characters a–z, 0–9 and _, starting with a letter');

export const needInputSchema = z.strictObject({
  code: needCodeSchema,
  priority: z.enum(needPriorities).default('medium'),
  comment: text(1000).nullable().optional(),
});
export const strengthInputSchema = z.strictObject({
  kind: z.enum(strengthKinds),
  description: text(1000).min(1, 'Required'),
});
export const riskInputSchema = z.strictObject({
  kind: z.enum(riskKinds),
  level: z.enum(riskLevels),
  comment: text(1000).nullable().optional(),
});

/** One domain of the assessment as written by a professional; the whole section is replaced on save. */
export const sectionInputSchema = z
  .strictObject({
    observations: text(10_000).nullable().optional(),
    needs: z.array(needInputSchema).max(60).default([]),
    wishes: text(5000).nullable().optional().describe("The person's own wishes, in their words, apart from the assessed needs"),
    wishesExpressedBy: z.enum(wishSources).nullable().optional(),
    strengths: z.array(strengthInputSchema).max(60).default([]),
    risks: z.array(riskInputSchema).max(riskKinds.length).default([]),
    urgency: z.enum(urgencyLevels).nullable().optional(),
  })
  .superRefine((s, ctx) => {
    const seenNeeds = new Set<string>();
    s.needs.forEach((n, i) => {
      if (seenNeeds.has(n.code)) ctx.addIssue({ code: 'custom', path: ['needs', i, 'code'], message: 'This need is listed twice' });
      seenNeeds.add(n.code);
    });
    const seenRisks = new Set<string>();
    s.risks.forEach((r, i) => {
      if (seenRisks.has(r.kind)) ctx.addIssue({ code: 'custom', path: ['risks', i, 'kind'], message: 'This risk is listed twice' });
      seenRisks.add(r.kind);
    });
  });
export type SectionInput = z.infer<typeof sectionInputSchema>;

/** An instrument result recorded with the assessment, against one published version of the instrument. */
export const resultInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('zarit'), instrumentVersionId: z.uuid(), scores: zaritScoresSchema }),
  z.strictObject({ kind: z.literal('questionnaire'), instrumentVersionId: z.uuid(), answers: answersSchema }),
]);
export type ResultInput = z.infer<typeof resultInputSchema>;
export const resultUpdateSchema = z
  .strictObject({
    scores: zaritScoresSchema.optional(),
    answers: answersSchema.optional(),
    archived: z.literal(true).optional().describe('Withdraws a result entered in error from the draft'),
  })
  .refine((v) => [v.scores, v.answers, v.archived].filter((x) => x !== undefined).length === 1, {
    message: 'Send the new scores, the new answers, or archived: true',
  });
export type ResultUpdate = z.infer<typeof resultUpdateSchema>;

const headerFields = {
  assessedOn: pastDate,
  context: z.enum(assessmentContexts),
  place: z.enum(assessmentPlaces).nullable().optional(),
  participants: text(500).nullable().optional().describe('Who took part besides the assessor (the person, a relative, a partner…)'),
};

export const assessmentCreateSchema = z.strictObject({
  ...headerFields,
  aggir: aggirInputSchema.nullable().optional(),
  sections: z.partialRecord(assessmentDomainSchema, sectionInputSchema).optional(),
  results: z.array(resultInputSchema).max(20).optional(),
});
export type AssessmentCreate = z.infer<typeof assessmentCreateSchema>;

/** PATCH of a draft (If-Match): only what is sent changes; each section sent replaces that section. */
export const assessmentUpdateSchema = z.strictObject({
  assessedOn: headerFields.assessedOn.optional(),
  context: headerFields.context.optional(),
  place: headerFields.place,
  participants: headerFields.participants,
  aggir: aggirInputSchema.nullable().optional(),
  sections: z.partialRecord(assessmentDomainSchema, sectionInputSchema).optional(),
});
export type AssessmentUpdate = z.infer<typeof assessmentUpdateSchema>;

export const correctionInputSchema = z.strictObject({ reason: text(1000).min(3, 'Say what is being corrected') });
export const discardInputSchema = z.strictObject({ reason: text(1000).min(3, 'Say why this draft is withdrawn') });

export const assessmentListQuerySchema = pageQuerySchema.extend({ status: z.enum(assessmentStatuses).optional() });
export const compareQuerySchema = z.strictObject({ a: z.uuid(), b: z.uuid() });

const userRef = z.object({ userId: z.uuid(), displayName: z.string().nullable() });

export const needSchema = z.object({
  code: z.string(),
  label: z.string(),
  priority: z.enum(needPriorities),
  comment: z.string().nullable(),
});
export const riskSchema = z.object({ kind: z.enum(riskKinds), level: z.enum(riskLevels), comment: z.string().nullable() });
export const strengthSchema = z.object({ kind: z.enum(strengthKinds), description: z.string() });

export const sectionSchema = z.object({
  domain: assessmentDomainSchema,
  category: assessmentCategorySchema,
  assessed: z.boolean().describe('false while nothing was written for this domain'),
  observations: z.string().nullable(),
  needs: z.array(needSchema),
  wishes: z.string().nullable(),
  wishesExpressedBy: z.enum(wishSources).nullable(),
  strengths: z.array(strengthSchema),
  risks: z.array(riskSchema),
  urgency: z.enum(urgencyLevels).nullable(),
});
export type Section = z.infer<typeof sectionSchema>;

export const aggirResultSchema = z.object({
  input: aggirInputSchema,
  complete: z.boolean(),
  gir: z.number().int().min(1).max(6).nullable(),
  rank: z.number().int().nullable(),
  group: z.enum(AGGIR_GROUPS).nullable(),
  score: z.number().nullable(),
  missing: z.array(z.object({ id: z.string(), label: z.string() })).describe('Variables still to code, named for the screen'),
});
export type AggirResult = z.infer<typeof aggirResultSchema>;

export const bandOutSchema = z.object({
  code: z.string().nullable(),
  label: z.string(),
  severity: z.enum(BAND_SEVERITIES).nullable(),
});

export const assessmentResultSchema = z.object({
  id: z.uuid(),
  kind: z.enum(instrumentKinds),
  instrumentId: z.uuid(),
  instrumentVersionId: z.uuid(),
  instrumentTitle: z.string(),
  versionNumber: z.number().int(),
  domain: assessmentDomainSchema,
  category: assessmentCategorySchema,
  scores: z.array(z.number()).nullable().describe('Zarit: the 22 item scores'),
  answers: answersSchema.nullable().describe('Questionnaire: answers by item id'),
  total: z.number().nullable(),
  band: bandOutSchema.nullable(),
  createdAt: z.string(),
});
export type AssessmentResult = z.infer<typeof assessmentResultSchema>;

export const assessmentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  status: z.enum(assessmentStatuses),
  assessedOn: z.string(),
  context: z.enum(assessmentContexts),
  place: z.enum(assessmentPlaces).nullable(),
  participants: z.string().nullable(),
  assessedBy: userRef,
  gir: z.number().int().min(1).max(6).nullable().describe('Readable with the social or health category'),
  aggir: aggirResultSchema.nullable().describe('The grid: null when absent or when the caller may not read health information'),
  sections: z
    .record(assessmentDomainSchema, sectionSchema.nullable())
    .describe('Every domain; null when the caller may not read its information category'),
  results: z.array(assessmentResultSchema).describe('Only the results of categories the caller may read'),
  supersedesId: z.uuid().nullable().describe('The signed assessment this draft or version corrects'),
  supersededById: z.uuid().nullable(),
  correctionDraftId: z.uuid().nullable().describe('A correction of this assessment being drafted'),
  correctionReason: z.string().nullable(),
  signedAt: z.string().nullable(),
  signedBy: userRef.nullable(),
  signedCategories: z.array(assessmentCategorySchema).describe('What the signer could read when signing'),
  discardedAt: z.string().nullable(),
  discardReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  access: z.object({
    categories: z.array(assessmentCategorySchema),
    readOnly: z.boolean(),
    can: z.object({
      edit: z.boolean(),
      sign: z.boolean(),
      correct: z.boolean(),
      discard: z.boolean(),
      writeAggir: z.boolean(),
      writeDomains: z.array(assessmentDomainSchema),
    }),
  }),
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const assessmentSummarySchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  status: z.enum(assessmentStatuses),
  assessedOn: z.string(),
  context: z.enum(assessmentContexts),
  assessedBy: userRef,
  gir: z.number().int().nullable(),
  supersedesId: z.uuid().nullable(),
  supersededById: z.uuid().nullable(),
  signedAt: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type AssessmentSummary = z.infer<typeof assessmentSummarySchema>;

const needRefSchema = z.object({
  domain: assessmentDomainSchema,
  code: z.string(),
  label: z.string(),
  priority: z.enum(needPriorities),
});
const scorePointSchema = z.object({ total: z.number().nullable(), band: bandOutSchema.nullable() });

/** From `a` to `b`, as the caller named them; only what the caller may read on both sides. */
export const assessmentComparisonSchema = z.object({
  a: assessmentSummarySchema,
  b: assessmentSummarySchema,
  gir: z.object({ from: z.number().int().nullable(), to: z.number().int().nullable(), change: z.number().int().nullable() }),
  needs: z.object({
    added: z.array(needRefSchema),
    resolved: z.array(needRefSchema),
    continuing: z.array(needRefSchema.extend({ previousPriority: z.enum(needPriorities) })),
  }),
  risks: z.array(
    z.object({
      domain: assessmentDomainSchema,
      kind: z.enum(riskKinds),
      from: z.enum(riskLevels).nullable(),
      to: z.enum(riskLevels).nullable(),
    }),
  ),
  urgency: z.array(
    z.object({ domain: assessmentDomainSchema, from: z.enum(urgencyLevels).nullable(), to: z.enum(urgencyLevels).nullable() }),
  ),
  scores: z.array(
    z.object({
      instrumentId: z.uuid(),
      title: z.string(),
      from: scorePointSchema.nullable(),
      to: scorePointSchema.nullable(),
      change: z.number().nullable(),
    }),
  ),
});
export type AssessmentComparison = z.infer<typeof assessmentComparisonSchema>;

/** What a personal plan is built from: the needs of a signed assessment, and the person's wishes beside them. */
export const needsSummarySchema = z.object({
  assessmentId: z.uuid(),
  personId: z.uuid(),
  assessedOn: z.string(),
  signedAt: z.string(),
  items: z.array(
    z.object({
      domain: assessmentDomainSchema,
      category: assessmentCategorySchema,
      code: z.string(),
      label: z.string(),
      priority: z.enum(needPriorities),
      urgency: z.enum(urgencyLevels).nullable().describe("The domain's urgency"),
      comment: z.string().nullable(),
    }),
  ),
  wishes: z.array(z.object({ domain: assessmentDomainSchema, text: z.string(), expressedBy: z.enum(wishSources).nullable() })),
});
export type NeedsSummary = z.infer<typeof needsSummarySchema>;

/** Signed assessments over time, for the chart: GIR and instrument totals by date. */
export const assessmentSeriesSchema = z.object({
  gir: z.array(z.object({ date: z.string(), assessmentId: z.uuid(), gir: z.number().int() })),
  instruments: z.array(
    z.object({
      instrumentId: z.uuid(),
      title: z.string(),
      kind: z.enum(instrumentKinds),
      points: z.array(z.object({ date: z.string(), assessmentId: z.uuid(), total: z.number(), band: bandOutSchema.nullable() })),
    }),
  ),
});
export type AssessmentSeries = z.infer<typeof assessmentSeriesSchema>;

// Instruments ------------------------------------------------------------------------------------

/**
 * A version of the organisation's Zarit scale: the 22 item texts it holds a licence for (the
 * product ships none), and optionally the wording of the five answers (0–4).
 */
export const zaritDefinitionSchema = z.strictObject({
  itemTexts: z.array(linesField(1000).min(1, 'Required')).length(ZARIT_ITEM_COUNT, `The Zarit scale has ${ZARIT_ITEM_COUNT} items`),
  responseLabels: z.array(textField(100).min(1, 'Required')).length(5, 'Five answers, from 0 to 4').optional(),
});
export type ZaritDefinition = z.infer<typeof zaritDefinitionSchema>;

/**
 * The definition as sent: a Zarit definition or a questionnaire definition (see
 * validateInstrumentDefinition; its `version` is set by the server). Checked against the
 * instrument's kind by the server, which reports every problem with its path.
 */
const definitionInput = z
  .record(textField(100, { trim: false }), z.unknown())
  .describe('ZaritDefinition, or InstrumentDefinition without `version`');

export const instrumentCreateSchema = z.strictObject({
  kind: z.enum(instrumentKinds),
  title: textField(200).min(1).optional().describe("Defaults to the questionnaire's title, or « Échelle de Zarit »"),
  description: text(2000).nullable().optional(),
  domain: assessmentDomainSchema.optional().describe('Decides who may read the results; Zarit defaults to `family`'),
  definition: definitionInput,
});
export const instrumentUpdateSchema = z.strictObject({
  title: textField(200).min(1).optional(),
  description: text(2000).nullable().optional(),
  archived: z.boolean().optional(),
});
export const instrumentVersionInputSchema = z.strictObject({
  definition: definitionInput.optional().describe('Omitted: a copy of the latest version'),
});
export const instrumentVersionUpdateSchema = z.strictObject({ definition: definitionInput });

export const instrumentVersionSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status: z.enum(['draft', 'published']),
  definition: z.union([zaritDefinitionSchema, instrumentStructureSchema]),
  publishedAt: z.string().nullable(),
  version: z.number().int(),
});
export type InstrumentVersion = z.infer<typeof instrumentVersionSchema>;

export const instrumentSchema = z.object({
  id: z.uuid(),
  kind: z.enum(instrumentKinds),
  title: z.string(),
  description: z.string().nullable(),
  domain: assessmentDomainSchema,
  category: assessmentCategorySchema,
  archived: z.boolean(),
  currentVersionId: z.uuid().nullable().describe('The latest published version, used by new forms'),
  versions: z.array(instrumentVersionSchema).describe('Published versions; drafts too for the managers'),
  version: z.number().int(),
});
export type Instrument = z.infer<typeof instrumentSchema>;

// Needs taxonomy ---------------------------------------------------------------------------------

export const needTypeSchema = z.object({
  domain: assessmentDomainSchema,
  code: z.string(),
  label: z.string(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  version: z.number().int(),
});
export type NeedType = z.infer<typeof needTypeSchema>;
export const needTypeCreateSchema = z.strictObject({
  domain: assessmentDomainSchema,
  label: textField(200).min(1, 'Required'),
  code: needCodeSchema.optional().describe('Derived from the label when omitted'),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export const needTypeUpdateSchema = z.strictObject({
  label: textField(200).min(1, 'Required').optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
