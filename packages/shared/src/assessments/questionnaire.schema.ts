import { z } from 'zod';
import { linesField, textField } from '../api/fields.ts';

// Structure of an organisation's own questionnaire (one version of an instrument). Cross-field
// rules (unique ids, conditions on earlier items, bands…) are in questionnaire.definition.ts,
// whose instrumentDefinitionSchema is the one to validate with.

export const ITEM_KINDS = ['single_choice', 'multiple_choice', 'scale', 'number', 'text', 'date'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const CONDITION_OPERATORS = ['eq', 'neq', 'in', 'gte', 'lte'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export const BAND_SEVERITIES = ['none', 'mild', 'moderate', 'severe'] as const;
export type BandSeverity = (typeof BAND_SEVERITIES)[number];

// Deep nesting adds nothing a coordinator can read back, and bounds recursion on untrusted input.
export const MAX_CONDITION_DEPTH = 4;

// Ids are persisted as answer keys, so they stay stable ASCII rather than free text.
export const itemIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'Identifiant : a–z, 0–9 et _, commençant par une lettre (64 max).');

const labelSchema = textField(500).min(1);
const finite = z.number().finite();
const scalarSchema = z.union([textField(100, { trim: false }).min(1), finite]);

export const optionSchema = z.strictObject({
  value: textField(100).min(1),
  label: labelSchema,
  score: finite.optional(),
});
export type ChoiceOption = z.infer<typeof optionSchema>;

export const comparisonSchema = z.union([
  z.strictObject({
    item: itemIdSchema,
    op: z.enum(['eq', 'neq', 'gte', 'lte']),
    value: scalarSchema,
  }),
  z.strictObject({ item: itemIdSchema, op: z.literal('in'), value: z.array(scalarSchema).min(1) }),
]);
export type Comparison = z.infer<typeof comparisonSchema>;

/** A comparison on an earlier item's answer, or all/any of nested conditions. */
export type Condition = Comparison | { readonly all: readonly Condition[] } | { readonly any: readonly Condition[] };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    comparisonSchema,
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
  ]),
);

const itemBase = {
  id: itemIdSchema,
  label: labelSchema,
  help: linesField(2000).optional(),
  required: z.boolean(),
  showIf: conditionSchema.optional(),
};

export const itemSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('single_choice'),
    ...itemBase,
    options: z.array(optionSchema).min(1).max(100),
  }),
  z.strictObject({
    kind: z.literal('multiple_choice'),
    ...itemBase,
    options: z.array(optionSchema).min(1).max(100),
  }),
  z.strictObject({
    kind: z.literal('scale'),
    ...itemBase,
    min: finite,
    max: finite,
    step: finite.positive(),
  }),
  z.strictObject({
    kind: z.literal('number'),
    ...itemBase,
    min: finite.optional(),
    max: finite.optional(),
    integer: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal('text'),
    ...itemBase,
    maxLength: z.number().int().positive().max(10_000).optional(),
  }),
  z.strictObject({ kind: z.literal('date'), ...itemBase }),
]);
export type Item = z.infer<typeof itemSchema>;

export const scoringSchema = z.strictObject({
  /** Total = Σ weight × (chosen option scores, or the numeric/scale value) of each listed item. */
  items: z
    .array(z.strictObject({ item: itemIdSchema, weight: finite.optional() }))
    .min(1)
    .max(500),
});
export type Scoring = z.infer<typeof scoringSchema>;

export const bandSchema = z.strictObject({
  min: finite,
  max: finite,
  label: labelSchema,
  severity: z.enum(BAND_SEVERITIES).optional(),
});
export type InterpretationBand = z.infer<typeof bandSchema>;

export const instrumentStructureSchema = z.strictObject({
  title: labelSchema,
  version: z.number().int().positive(),
  description: linesField(5000).optional(),
  items: z.array(itemSchema).min(1).max(500),
  scoring: scoringSchema.optional(),
  /** Inclusive on both ends, non-overlapping; a total in no band has no interpretation. */
  bands: z.array(bandSchema).max(50).optional(),
});
export type InstrumentDefinition = z.infer<typeof instrumentStructureSchema>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** True when value = min + k × step for an integer k, tolerating binary rounding of decimals. */
export function isOnStep(value: number, min: number, step: number): boolean {
  const k = (value - min) / step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
