import { z } from 'zod';
import {
  AGGIR_CODES,
  AGGIR_COEFFICIENTS,
  AGGIR_DISCRIMINANT_VARIABLE_IDS,
  AGGIR_GROUPS,
  AGGIR_ILLUSTRATIVE_VARIABLE_IDS,
  AGGIR_RANK_THRESHOLDS,
  AGGIR_RANK_TO_GIR,
  AGGIR_SUB_VARIABLE_RULES,
  type AggirCode,
  type AggirGroup,
  type AggirRank,
  type DiscriminantVariableId,
  type Gir,
  type IllustrativeVariableId,
  type SubVariableId,
  type SubVariableRule,
  type VariableWithSubVariables,
} from './aggir.data.ts';

export const aggirCodeSchema = z.enum(AGGIR_CODES);

/** The four adverbs of the 2008 guide; `true` means the activity is done that way. */
export const aggirAdverbsSchema = z.strictObject({
  spontanement: z.boolean(),
  totalement: z.boolean(),
  habituellement: z.boolean(),
  correctement: z.boolean(),
});
export type AggirAdverbs = z.infer<typeof aggirAdverbsSchema>;

/** A variable or sub-variable answered either by its code or by the four adverbs. */
export const aggirCodedAnswerSchema = z.union([z.strictObject({ code: aggirCodeSchema }), z.strictObject({ adverbs: aggirAdverbsSchema })]);
export type AggirCodedAnswer = z.infer<typeof aggirCodedAnswerSchema>;

function withSubVariables<V extends VariableWithSubVariables>(variable: V) {
  const subIds = z.enum(AGGIR_SUB_VARIABLE_RULES[variable].order);
  return z.union([aggirCodedAnswerSchema, z.strictObject({ subVariables: z.partialRecord(subIds, aggirCodedAnswerSchema.nullable()) })]);
}

const discriminantShape = {
  coherence: withSubVariables('coherence').nullish(),
  orientation: withSubVariables('orientation').nullish(),
  toilette: withSubVariables('toilette').nullish(),
  habillage: withSubVariables('habillage').nullish(),
  alimentation: withSubVariables('alimentation').nullish(),
  elimination: withSubVariables('elimination').nullish(),
  transferts: aggirCodedAnswerSchema.nullish(),
  deplacement_interieur: aggirCodedAnswerSchema.nullish(),
  deplacement_exterieur: aggirCodedAnswerSchema.nullish(),
  communication_a_distance: aggirCodedAnswerSchema.nullish(),
} satisfies Record<DiscriminantVariableId, z.ZodType>;

const illustrativeShape = {
  gestion: aggirCodedAnswerSchema.nullish(),
  cuisine: aggirCodedAnswerSchema.nullish(),
  menage: aggirCodedAnswerSchema.nullish(),
  transports: aggirCodedAnswerSchema.nullish(),
  achats: aggirCodedAnswerSchema.nullish(),
  suivi_traitement: aggirCodedAnswerSchema.nullish(),
  activites_temps_libre: aggirCodedAnswerSchema.nullish(),
} satisfies Record<IllustrativeVariableId, z.ZodType>;

/**
 * A grid being filled in. Every key is optional so that a draft can be saved; computeGir names
 * what is still missing rather than the schema rejecting the draft.
 */
export const aggirInputSchema = z.strictObject({
  discriminant: z.strictObject(discriminantShape),
  illustrative: z.strictObject(illustrativeShape).optional(),
});
export type AggirInput = z.infer<typeof aggirInputSchema>;

export type AggirGroupScore = { readonly group: AggirGroup; readonly score: number };

export type GirResult =
  | {
      readonly ok: true;
      readonly gir: Gir;
      readonly rank: AggirRank;
      /** Group whose thresholds gave the rank. */
      readonly group: AggirGroup;
      /** Score of that group. */
      readonly score: number;
      /** Every group score computed, in the order the algorithm tried them. */
      readonly scores: readonly AggirGroupScore[];
      readonly variables: Readonly<Record<DiscriminantVariableId, AggirCode>>;
      /** Illustrative variables that were coded; recorded for display, never used above. */
      readonly illustrative: Readonly<Partial<Record<IllustrativeVariableId, AggirCode>>>;
    }
  | {
      readonly ok: false;
      /** Variable ids, or `variable.subVariable` ids, in grid order. */
      readonly missing: readonly string[];
    };

/** Codes one activity from the four adverbs (2008 guide): all met → A, none → C, else B. */
export function codeFromAdverbs({ spontanement, totalement, habituellement, correctement }: AggirAdverbs): AggirCode {
  const met = [spontanement, totalement, habituellement, correctement].filter(Boolean).length;
  if (met === 4) return 'A';
  if (met === 0) return 'C';
  return 'B';
}

function codeOfAnswer(answer: AggirCodedAnswer): AggirCode {
  return 'code' in answer ? answer.code : codeFromAdverbs(answer.adverbs);
}

// Structural view of any rule: SubVariableRule<V> is invariant in V (conditional types), so the
// union of rules is not assignable to SubVariableRule<VariableWithSubVariables>.
type CombinationRule = {
  readonly order: readonly string[];
  readonly toA: readonly string[];
  readonly toC: readonly string[];
  readonly otherwise: AggirCode;
};

function applyRule(rule: CombinationRule, codes: readonly AggirCode[]): AggirCode {
  const pattern = codes.join('');
  if (rule.toA.includes(pattern)) return 'A';
  if (rule.toC.includes(pattern)) return 'C';
  return rule.otherwise;
}

/** Combines the sub-variable codes of a variable into its code, per AGGIR_SUB_VARIABLE_RULES. */
export function combineSubVariables<V extends VariableWithSubVariables>(
  variableId: V,
  codes: Readonly<Record<SubVariableId<V>, AggirCode>>,
): AggirCode {
  const rule: SubVariableRule<V> = AGGIR_SUB_VARIABLE_RULES[variableId];
  const ordered = rule.order.map((subId) => {
    const code: AggirCode | undefined = codes[subId];
    // Callers outside TypeScript (JSON, forms) can still omit one; a silent B would be a wrong GIR.
    if (code === undefined) {
      throw new Error(`AGGIR: sub-variable ${variableId}.${subId} is missing`);
    }
    return code;
  });
  return applyRule(rule, ordered);
}

/** Rank given by a group's thresholds, or null when the algorithm must go on to the next group. */
export function rankForGroup(group: AggirGroup, score: number): AggirRank | null {
  const thresholds = AGGIR_RANK_THRESHOLDS[group];
  for (const { minInclusive, rank } of thresholds.ranks) {
    if (score >= minInclusive) return rank;
  }
  return thresholds.below === 'next_group' ? null : thresholds.below;
}

/** Score of one group: the sum of the value of each variable's modality (A is always 0). */
export function groupScore(group: AggirGroup, codes: Readonly<Record<DiscriminantVariableId, AggirCode>>): number {
  let score = 0;
  for (const variableId of AGGIR_DISCRIMINANT_VARIABLE_IDS) {
    const code = codes[variableId];
    switch (code) {
      case 'A':
        break;
      case 'B':
      case 'C':
        score += AGGIR_COEFFICIENTS[group][code][variableId];
        break;
      default:
        return assertNever(code);
    }
  }
  return score;
}

function hasSubVariables(variableId: DiscriminantVariableId): variableId is VariableWithSubVariables {
  return variableId in AGGIR_SUB_VARIABLE_RULES;
}

type SubAnswers = Readonly<Partial<Record<string, AggirCodedAnswer | null>>>;
type VariableAnswer = AggirCodedAnswer | { readonly subVariables: SubAnswers };

/** Code of one discriminant variable, or the ids that prevent coding it. */
function codeVariable(
  variableId: DiscriminantVariableId,
  answer: VariableAnswer | null | undefined,
): { code: AggirCode } | { missing: string[] } {
  if (answer === null || answer === undefined) return { missing: [variableId] };
  if (!('subVariables' in answer)) return { code: codeOfAnswer(answer) };
  // Only reachable without the schema; sub-variables on a variable that has none are not a code.
  if (!hasSubVariables(variableId)) return { missing: [variableId] };
  const rule: CombinationRule = AGGIR_SUB_VARIABLE_RULES[variableId];
  const codes: AggirCode[] = [];
  const missing: string[] = [];
  for (const subId of rule.order) {
    const subAnswer = answer.subVariables[subId];
    if (subAnswer === null || subAnswer === undefined) missing.push(`${variableId}.${subId}`);
    else codes.push(codeOfAnswer(subAnswer));
  }
  return missing.length > 0 ? { missing } : { code: applyRule(rule, codes) };
}

/**
 * Computes the GIR with the CASF annexe 2-2 algorithm; refuses (ok: false) while any of the 10
 * discriminant variables, or one of their sub-variables, is not coded.
 */
export function computeGir(input: AggirInput): GirResult {
  const missing: string[] = [];
  const variables: Partial<Record<DiscriminantVariableId, AggirCode>> = {};
  for (const variableId of AGGIR_DISCRIMINANT_VARIABLE_IDS) {
    // The two variables worth 0 everywhere are still required: the 2008 grid must be complete.
    const coded = codeVariable(variableId, input.discriminant[variableId]);
    if ('code' in coded) variables[variableId] = coded.code;
    else missing.push(...coded.missing);
  }
  if (!isComplete(variables) || missing.length > 0) return { ok: false, missing };

  const illustrative: Partial<Record<IllustrativeVariableId, AggirCode>> = {};
  for (const variableId of AGGIR_ILLUSTRATIVE_VARIABLE_IDS) {
    const answer = input.illustrative?.[variableId];
    if (answer !== null && answer !== undefined) illustrative[variableId] = codeOfAnswer(answer);
  }

  const scores: AggirGroupScore[] = [];
  for (const group of AGGIR_GROUPS) {
    const score = groupScore(group, variables);
    scores.push({ group, score });
    const rank = rankForGroup(group, score);
    if (rank !== null) {
      const gir = AGGIR_RANK_TO_GIR[rank];
      return { ok: true, gir, rank, group, score, scores, variables, illustrative };
    }
  }
  // Group H maps every score to a rank, so the loop above always returns.
  throw new Error('AGGIR: group H gave no rank; AGGIR_RANK_THRESHOLDS is corrupt');
}

function isComplete(variables: Partial<Record<DiscriminantVariableId, AggirCode>>): variables is Record<DiscriminantVariableId, AggirCode> {
  return AGGIR_DISCRIMINANT_VARIABLE_IDS.every((id) => variables[id] !== undefined);
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
