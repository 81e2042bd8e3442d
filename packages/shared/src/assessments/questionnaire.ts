import { z } from 'zod';
import { textField } from '../api/fields.ts';
import {
  assertNever,
  isIsoDate,
  isOnStep,
  itemIdSchema,
  type Comparison,
  type Condition,
  type InstrumentDefinition,
  type InterpretationBand,
  type Item,
} from './questionnaire.schema.ts';

// Answer shapes by item kind: single_choice → option value; multiple_choice → option values;
// scale and number → number; text → string; date → 'YYYY-MM-DD'. null means "not answered",
// and so do '' (blank text) and [] (nothing ticked): a form clearing a field must not count as
// an answer to a required item.
export const answerValueSchema = z.union([
  textField(10_000, { lines: true, trim: false }),
  z.number().finite(),
  z.array(textField(100, { trim: false })).max(100),
  z.null(),
]);
export type AnswerValue = z.infer<typeof answerValueSchema>;

export const answersSchema = z.record(itemIdSchema, answerValueSchema);
export type Answers = Readonly<Partial<Record<string, AnswerValue>>>;

function isAnswered(value: AnswerValue | undefined): value is string | number | string[] {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

// A comparison on an unanswered (or hidden) item is false, whatever the operator, even neq:
// follow-up items stay hidden until the question they depend on has been answered.
function compare(comparison: Comparison, answer: string | number | string[]): boolean {
  const matches = (wanted: string | number): boolean => (Array.isArray(answer) ? answer.includes(String(wanted)) : answer === wanted);
  switch (comparison.op) {
    case 'eq':
      return matches(comparison.value);
    case 'neq':
      return !matches(comparison.value);
    case 'in':
      return comparison.value.some(matches);
    case 'gte':
    case 'lte': {
      // Numbers compare as numbers, ISO dates as strings (YYYY-MM-DD sorts chronologically).
      const { value } = comparison;
      if (Array.isArray(answer) || typeof answer !== typeof value) return false;
      return comparison.op === 'gte' ? answer >= value : answer <= value;
    }
    default:
      return assertNever(comparison);
  }
}

function evaluate(condition: Condition, visibleAnswers: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, visibleAnswers));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, visibleAnswers));
  const answer = visibleAnswers[condition.item];
  return isAnswered(answer) && compare(condition, answer);
}

/** Items to show given the answers so far, in definition order; hidden items' answers are ignored. */
export function visibleItems(definition: InstrumentDefinition, answers: Answers): Item[] {
  const visible: Item[] = [];
  // Only answers of visible items may drive later conditions: a hidden branch's stale answers
  // (left over after the user changed their mind) must not reveal anything.
  const visibleAnswers: Record<string, AnswerValue | undefined> = {};
  for (const item of definition.items) {
    if (item.showIf && !evaluate(item.showIf, visibleAnswers)) continue;
    visible.push(item);
    visibleAnswers[item.id] = answers[item.id];
  }
  return visible;
}

export type AnswerErrorCode =
  | 'unknown_item'
  | 'required'
  | 'wrong_type'
  | 'unknown_option'
  | 'duplicate_option'
  | 'out_of_range'
  | 'not_on_step'
  | 'not_integer'
  | 'too_long'
  | 'invalid_date';

export type AnswerError = {
  readonly itemId: string;
  readonly code: AnswerErrorCode;
  readonly message: string;
};

const EXPECTED_TYPE: Readonly<Record<Item['kind'], string>> = {
  single_choice: 'une option',
  multiple_choice: "une liste d'options",
  scale: 'un nombre',
  number: 'un nombre',
  text: 'un texte',
  date: 'une date AAAA-MM-JJ',
};

function checkAnswer(item: Item, value: string | number | string[]): AnswerError[] {
  const error = (code: AnswerErrorCode, detail: string): AnswerError[] => [
    { itemId: item.id, code, message: `« ${item.label} » : ${detail}` },
  ];
  const wrongType = (): AnswerError[] => error('wrong_type', `${EXPECTED_TYPE[item.kind]} est attendu(e).`);
  switch (item.kind) {
    case 'single_choice': {
      if (typeof value !== 'string') return wrongType();
      const known = item.options.some((o) => o.value === value);
      return known ? [] : error('unknown_option', `« ${value} » ne fait pas partie des options.`);
    }
    case 'multiple_choice': {
      if (!Array.isArray(value)) return wrongType();
      const unknown = value.filter((v) => !item.options.some((o) => o.value === v));
      if (unknown.length > 0) {
        return error('unknown_option', `${unknown.map((v) => `« ${v} »`).join(', ')} hors des options.`);
      }
      return new Set(value).size === value.length ? [] : error('duplicate_option', 'une option est cochée deux fois.');
    }
    case 'scale': {
      if (typeof value !== 'number') return wrongType();
      if (value < item.min || value > item.max) {
        return error('out_of_range', `la valeur doit être comprise entre ${item.min} et ${item.max}.`);
      }
      return isOnStep(value, item.min, item.step)
        ? []
        : error('not_on_step', `la valeur doit aller de ${item.min} à ${item.max} par pas de ${item.step}.`);
    }
    case 'number': {
      if (typeof value !== 'number') return wrongType();
      if (item.min !== undefined && value < item.min) {
        return error('out_of_range', `la valeur doit être supérieure ou égale à ${item.min}.`);
      }
      if (item.max !== undefined && value > item.max) {
        return error('out_of_range', `la valeur doit être inférieure ou égale à ${item.max}.`);
      }
      return item.integer && !Number.isInteger(value) ? error('not_integer', 'un nombre entier est attendu.') : [];
    }
    case 'text': {
      if (typeof value !== 'string') return wrongType();
      return item.maxLength !== undefined && value.length > item.maxLength
        ? error('too_long', `${item.maxLength} caractères au plus.`)
        : [];
    }
    case 'date': {
      if (typeof value !== 'string') return wrongType();
      return isIsoDate(value) ? [] : error('invalid_date', `« ${value} » n'est pas une date AAAA-MM-JJ.`);
    }
    default:
      return assertNever(item);
  }
}

/**
 * Per-item errors of an answer sheet; empty when it can be saved as complete. Answers to hidden
 * items are ignored, not refused: they are what the user typed before changing an earlier answer,
 * and the form keeps them in case the item shows again. They never count in scoreAnswers.
 */
export function validateAnswers(definition: InstrumentDefinition, answers: Answers): AnswerError[] {
  const errors: AnswerError[] = [];
  const known = new Set(definition.items.map((item) => item.id));
  for (const itemId of Object.keys(answers)) {
    if (known.has(itemId)) continue;
    // Usually an answer sheet filled against another version of the instrument.
    const message = `L'item « ${itemId} » n'existe pas dans cette version du questionnaire.`;
    errors.push({ itemId, code: 'unknown_item', message });
  }
  for (const item of visibleItems(definition, answers)) {
    const value = answers[item.id];
    if (isAnswered(value)) errors.push(...checkAnswer(item, value));
    else if (item.required) {
      errors.push({
        itemId: item.id,
        code: 'required',
        message: `« ${item.label} » : réponse obligatoire.`,
      });
    }
  }
  return errors;
}

export type QuestionnaireScore = {
  readonly total: number;
  /** Band containing the total, or null when the total falls in no band. */
  readonly band: InterpretationBand | null;
};

function itemContribution(item: Item, value: string | number | string[]): number {
  switch (item.kind) {
    case 'single_choice':
      return item.options.find((o) => o.value === value)?.score ?? 0;
    case 'multiple_choice':
      return Array.isArray(value) ? item.options.filter((o) => value.includes(o.value)).reduce((s, o) => s + (o.score ?? 0), 0) : 0;
    case 'scale':
    case 'number':
      return typeof value === 'number' ? value : 0;
    case 'text':
    case 'date':
      return 0;
    default:
      return assertNever(item);
  }
}

/** Band of a total in a definition's bands (inclusive), or null. */
export function bandForTotal(definition: InstrumentDefinition, total: number): InterpretationBand | null {
  return definition.bands?.find((band) => total >= band.min && total <= band.max) ?? null;
}

/**
 * Total and band of an answer sheet, or null when the instrument has no scoring. Hidden and
 * unanswered items count 0; values validateAnswers would refuse count 0 too, so validate first.
 */
export function scoreAnswers(definition: InstrumentDefinition, answers: Answers): QuestionnaireScore | null {
  if (!definition.scoring) return null;
  const visible = new Map(visibleItems(definition, answers).map((item) => [item.id, item]));
  let total = 0;
  for (const { item: itemId, weight = 1 } of definition.scoring.items) {
    const item = visible.get(itemId);
    const value = answers[itemId];
    if (item && isAnswered(value)) total += weight * itemContribution(item, value);
  }
  // Decimal weights (0.1 + 0.2) must not push a total just outside an inclusive band bound.
  total = Math.round(total * 1e6) / 1e6;
  return { total, band: bandForTotal(definition, total) };
}
