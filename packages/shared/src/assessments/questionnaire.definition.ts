import type { z } from 'zod';
import {
  assertNever,
  instrumentStructureSchema,
  isIsoDate,
  isOnStep,
  MAX_CONDITION_DEPTH,
  type Condition,
  type ConditionOperator,
  type InstrumentDefinition,
  type Item,
  type ItemKind,
} from './questionnaire.schema.ts';

// Cross-field rules of an instrument definition. They sit in the zod schema itself (superRefine)
// so that the server and the web refuse the same definitions with the same messages.

export const DEFINITION_ISSUE_CODES = [
  'duplicate_item_id',
  'duplicate_option_value',
  'invalid_range',
  'invalid_scale_step',
  'condition_unknown_item',
  'condition_forward_reference',
  'condition_operator_not_allowed',
  'condition_invalid_value',
  'condition_too_deep',
  'scoring_unknown_item',
  'scoring_duplicate_item',
  'scoring_item_not_scorable',
  'option_without_score',
  'bands_without_scoring',
  'invalid_band',
  'overlapping_bands',
] as const;
export type DefinitionIssueCode = (typeof DEFINITION_ISSUE_CODES)[number];

export type DefinitionIssue = {
  readonly path: readonly (string | number)[];
  readonly code: DefinitionIssueCode;
  readonly message: string;
};

const OPERATORS_BY_KIND: Readonly<Record<ItemKind, readonly ConditionOperator[]>> = {
  single_choice: ['eq', 'neq', 'in'],
  multiple_choice: ['eq', 'neq', 'in'],
  scale: ['eq', 'neq', 'in', 'gte', 'lte'],
  number: ['eq', 'neq', 'in', 'gte', 'lte'],
  text: ['eq', 'neq', 'in'],
  date: ['eq', 'neq', 'in', 'gte', 'lte'],
};

/** Why a condition value cannot match an answer of this item, or null when it can. */
function conditionValueProblem(item: Item, value: string | number): string | null {
  switch (item.kind) {
    case 'single_choice':
    case 'multiple_choice':
      return item.options.some((o) => o.value === value) ? null : `« ${value} » n'est pas une option de l'item « ${item.id} ».`;
    case 'scale':
    case 'number':
      return typeof value === 'number' ? null : `l'item « ${item.id} » attend un nombre.`;
    case 'text':
      return typeof value === 'string' ? null : `l'item « ${item.id} » attend un texte.`;
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? null : `l'item « ${item.id} » attend une date AAAA-MM-JJ.`;
    default:
      return assertNever(item);
  }
}

function checkCondition(
  condition: Condition,
  path: readonly (string | number)[],
  depth: number,
  itemIndex: number,
  indexById: ReadonlyMap<string, number>,
  items: readonly Item[],
  issues: DefinitionIssue[],
): void {
  if (depth > MAX_CONDITION_DEPTH) {
    const message = `Condition imbriquée sur plus de ${MAX_CONDITION_DEPTH} niveaux.`;
    issues.push({ path, code: 'condition_too_deep', message });
    return;
  }
  if ('all' in condition || 'any' in condition) {
    const [key, children] = 'all' in condition ? ['all', condition.all] : ['any', condition.any];
    children.forEach((child, i) => checkCondition(child, [...path, key, i], depth + 1, itemIndex, indexById, items, issues));
    return;
  }
  const targetIndex = indexById.get(condition.item);
  const target = targetIndex === undefined ? undefined : items[targetIndex];
  if (targetIndex === undefined || target === undefined) {
    const message = `La condition porte sur l'item « ${condition.item} », qui n'existe pas.`;
    issues.push({ path: [...path, 'item'], code: 'condition_unknown_item', message });
    return;
  }
  // Visibility is decided in item order, so a condition may only read answers given before.
  if (targetIndex >= itemIndex) {
    const message = `La condition porte sur l'item « ${condition.item} », qui doit être placé avant.`;
    issues.push({ path: [...path, 'item'], code: 'condition_forward_reference', message });
    return;
  }
  if (!OPERATORS_BY_KIND[target.kind].includes(condition.op)) {
    const message = `L'opérateur « ${condition.op} » ne s'applique pas à un item de type « ${target.kind} ».`;
    issues.push({ path: [...path, 'op'], code: 'condition_operator_not_allowed', message });
    return;
  }
  const values = condition.op === 'in' ? condition.value : [condition.value];
  values.forEach((value, i) => {
    const problem = conditionValueProblem(target, value);
    if (problem === null) return;
    const valuePath = condition.op === 'in' ? [...path, 'value', i] : [...path, 'value'];
    issues.push({
      path: valuePath,
      code: 'condition_invalid_value',
      message: `Valeur : ${problem}`,
    });
  });
}

function checkItems(items: readonly Item[], issues: DefinitionIssue[]): Map<string, number> {
  const indexById = new Map<string, number>();
  items.forEach((item, index) => {
    const path = ['items', index];
    if (indexById.has(item.id)) {
      const message = `L'identifiant « ${item.id} » est déjà utilisé par un autre item.`;
      issues.push({ path: [...path, 'id'], code: 'duplicate_item_id', message });
    } else {
      indexById.set(item.id, index);
    }
    switch (item.kind) {
      case 'single_choice':
      case 'multiple_choice': {
        const seen = new Set<string>();
        item.options.forEach((option, i) => {
          if (seen.has(option.value)) {
            const message = `L'option « ${option.value} » figure deux fois dans l'item « ${item.id} ».`;
            issues.push({
              path: [...path, 'options', i, 'value'],
              code: 'duplicate_option_value',
              message,
            });
          }
          seen.add(option.value);
        });
        break;
      }
      case 'scale': {
        if (item.min >= item.max) {
          const message = `Échelle « ${item.id} » : le minimum doit être inférieur au maximum.`;
          issues.push({ path: [...path, 'max'], code: 'invalid_range', message });
        } else if (!isOnStep(item.max, item.min, item.step)) {
          const message = `Échelle « ${item.id} » : le pas doit diviser l'écart entre minimum et maximum.`;
          issues.push({ path: [...path, 'step'], code: 'invalid_scale_step', message });
        }
        break;
      }
      case 'number': {
        if (item.min !== undefined && item.max !== undefined && item.min > item.max) {
          const message = `Nombre « ${item.id} » : le minimum dépasse le maximum.`;
          issues.push({ path: [...path, 'max'], code: 'invalid_range', message });
        }
        break;
      }
      case 'text':
      case 'date':
        break;
      default:
        assertNever(item);
    }
  });
  items.forEach((item, index) => {
    if (item.showIf) {
      checkCondition(item.showIf, ['items', index, 'showIf'], 1, index, indexById, items, issues);
    }
  });
  return indexById;
}

function checkScoring(definition: InstrumentDefinition, indexById: ReadonlyMap<string, number>, issues: DefinitionIssue[]): void {
  const { scoring, items } = definition;
  if (!scoring) return;
  const seen = new Set<string>();
  scoring.items.forEach(({ item: itemId }, i) => {
    const path = ['scoring', 'items', i, 'item'];
    if (seen.has(itemId)) {
      const message = `L'item « ${itemId} » est compté deux fois dans le score.`;
      issues.push({ path, code: 'scoring_duplicate_item', message });
    }
    seen.add(itemId);
    const index = indexById.get(itemId);
    const item = index === undefined ? undefined : items[index];
    if (index === undefined || item === undefined) {
      const message = `Le score compte l'item « ${itemId} », qui n'existe pas.`;
      issues.push({ path, code: 'scoring_unknown_item', message });
      return;
    }
    switch (item.kind) {
      case 'single_choice':
      case 'multiple_choice':
        // A missing score would silently count 0 and understate the total.
        item.options.forEach((option, j) => {
          if (option.score !== undefined) return;
          const message = `L'option « ${option.value} » de l'item compté « ${item.id} » n'a pas de score.`;
          issues.push({
            path: ['items', index, 'options', j, 'score'],
            code: 'option_without_score',
            message,
          });
        });
        break;
      case 'scale':
      case 'number':
        break;
      case 'text':
      case 'date': {
        const message = `L'item « ${item.id} » (${item.kind}) ne peut pas entrer dans un score.`;
        issues.push({ path, code: 'scoring_item_not_scorable', message });
        break;
      }
      default:
        assertNever(item);
    }
  });
}

function checkBands(definition: InstrumentDefinition, issues: DefinitionIssue[]): void {
  const bands = definition.bands ?? [];
  if (bands.length > 0 && !definition.scoring) {
    const message = "Des bandes d'interprétation sont définies mais aucun score.";
    issues.push({ path: ['bands'], code: 'bands_without_scoring', message });
  }
  bands.forEach((band, i) => {
    if (band.min > band.max) {
      const message = `Bande « ${band.label} » : le minimum (${band.min}) dépasse le maximum (${band.max}).`;
      issues.push({ path: ['bands', i, 'max'], code: 'invalid_band', message });
      return;
    }
    bands.slice(0, i).forEach((earlier, j) => {
      if (earlier.min > earlier.max) return;
      if (band.min <= earlier.max && earlier.min <= band.max) {
        const message = `Bande « ${band.label} » [${band.min}–${band.max}] chevauche la bande « ${earlier.label} » [${earlier.min}–${earlier.max}] (n° ${j + 1}).`;
        issues.push({ path: ['bands', i], code: 'overlapping_bands', message });
      }
    });
  });
}

/** Cross-field problems of a structurally valid definition; empty when it can be published. */
export function checkInstrumentDefinition(definition: InstrumentDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const indexById = checkItems(definition.items, issues);
  checkScoring(definition, indexById, issues);
  checkBands(definition, issues);
  return issues;
}

/** Instrument version as stored and sent: structure plus every checkInstrumentDefinition rule. */
export const instrumentDefinitionSchema = instrumentStructureSchema.superRefine((definition, ctx) => {
  for (const issue of checkInstrumentDefinition(definition)) {
    ctx.addIssue({
      code: 'custom',
      path: [...issue.path],
      message: issue.message,
      params: { code: issue.code },
    });
  }
});

export type DefinitionError = {
  /** Where the problem is, e.g. `items[2].options[1].value`. */
  readonly path: string;
  /** A DefinitionIssueCode, or zod's own issue code for structural problems. */
  readonly code: DefinitionIssueCode | z.core.$ZodIssue['code'];
  readonly message: string;
};

export type DefinitionValidation =
  { readonly ok: true; readonly definition: InstrumentDefinition } | { readonly ok: false; readonly errors: readonly DefinitionError[] };

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** Parses and checks an instrument version; lists every problem with its path when refused. */
export function validateInstrumentDefinition(input: unknown): DefinitionValidation {
  const parsed = instrumentDefinitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data };
  const errors = parsed.error.issues.map((issue): DefinitionError => {
    const custom: unknown = issue.code === 'custom' ? issue.params?.['code'] : undefined;
    const code = DEFINITION_ISSUE_CODES.find((known) => known === custom) ?? issue.code;
    return { path: formatPath(issue.path), code, message: issue.message };
  });
  return { ok: false, errors };
}
