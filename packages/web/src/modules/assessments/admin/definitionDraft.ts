import {
  DEFINITION_ISSUE_CODES,
  validateInstrumentDefinition,
  type BandSeverity,
  type Condition,
  type ConditionOperator,
  type InstrumentDefinition,
  type Item,
  type ItemKind,
} from '@maillon/shared/assessments';
import type { TFunction } from 'i18next';

/**
 * A questionnaire as the builder edits it: numbers may be blank while typed, a condition is either none, one
 * comparison (what the builder edits) or a compound one kept as it was written. `toDefinition` gives what the API
 * takes; `definitionErrors` checks it with the shared rules and keys each problem by the builder's field path.
 */

export type NumberField = number | '';

export interface OptionDraft {
  value: string;
  label: string;
  score: NumberField;
}

export type ConditionDraft =
  { mode: 'none' } | { mode: 'simple'; item: string; op: ConditionOperator; value: string } | { mode: 'complex'; raw: Condition };

export interface ItemDraft {
  /** React key, stable while the item moves. */
  key: string;
  kind: ItemKind;
  id: string;
  label: string;
  help: string;
  required: boolean;
  options: OptionDraft[];
  min: NumberField;
  max: NumberField;
  step: NumberField;
  integer: boolean;
  maxLength: NumberField;
  condition: ConditionDraft;
  scored: boolean;
  weight: NumberField;
}

export interface BandDraft {
  min: NumberField;
  max: NumberField;
  label: string;
  severity: BandSeverity | null;
}

export interface DefinitionDraft {
  title: string;
  description: string;
  items: ItemDraft[];
  bands: BandDraft[];
}

const newKey = () => crypto.randomUUID();

export function newItem(index: number, kind: ItemKind = 'single_choice'): ItemDraft {
  return {
    key: newKey(),
    kind,
    id: `question_${index + 1}`,
    label: '',
    help: '',
    required: true,
    options:
      kind === 'single_choice' || kind === 'multiple_choice'
        ? [
            { value: 'oui', label: 'Oui', score: '' },
            { value: 'non', label: 'Non', score: '' },
          ]
        : [],
    min: kind === 'scale' ? 0 : '',
    max: kind === 'scale' ? 10 : '',
    step: kind === 'scale' ? 1 : '',
    integer: false,
    maxLength: '',
    condition: { mode: 'none' },
    scored: false,
    weight: '',
  };
}

export const emptyDefinitionDraft = (): DefinitionDraft => ({ title: '', description: '', items: [newItem(0)], bands: [] });

const num = (value: number | undefined): NumberField => (value === undefined ? '' : value);

/** The builder's form of a stored definition. */
export function fromDefinition(def: InstrumentDefinition): DefinitionDraft {
  const weights = new Map(def.scoring?.items.map((s) => [s.item, s.weight]) ?? []);
  const items = def.items.map((item): ItemDraft => {
    const base = { ...newItem(0, item.kind), id: item.id, label: item.label, help: item.help ?? '', required: item.required };
    const condition: ConditionDraft = !item.showIf
      ? { mode: 'none' }
      : 'item' in item.showIf
        ? {
            mode: 'simple',
            item: item.showIf.item,
            op: item.showIf.op,
            value: Array.isArray(item.showIf.value) ? item.showIf.value.join(', ') : String(item.showIf.value),
          }
        : { mode: 'complex', raw: item.showIf };
    const scoring = { scored: weights.has(item.id), weight: num(weights.get(item.id)) };
    switch (item.kind) {
      case 'single_choice':
      case 'multiple_choice':
        return {
          ...base,
          ...scoring,
          condition,
          options: item.options.map((o) => ({ value: o.value, label: o.label, score: num(o.score) })),
        };
      case 'scale':
        return { ...base, ...scoring, condition, options: [], min: item.min, max: item.max, step: item.step };
      case 'number':
        return { ...base, ...scoring, condition, options: [], min: num(item.min), max: num(item.max), integer: item.integer ?? false };
      case 'text':
        return { ...base, ...scoring, condition, options: [], maxLength: num(item.maxLength) };
      case 'date':
        return { ...base, ...scoring, condition, options: [] };
    }
  });
  return {
    title: def.title,
    description: def.description ?? '',
    items,
    bands: (def.bands ?? []).map((b) => ({ min: b.min, max: b.max, label: b.label, severity: b.severity ?? null })),
  };
}

const isNumber = (value: NumberField): value is number => typeof value === 'number' && Number.isFinite(value);
/** A blank number stays blank: the shared schema then reports it as missing on the right field. */
const required = (value: NumberField): number => (isNumber(value) ? value : Number.NaN);

function conditionOf(draft: ItemDraft, items: readonly ItemDraft[]): Condition | undefined {
  const c = draft.condition;
  if (c.mode === 'none') return undefined;
  if (c.mode === 'complex') return c.raw;
  const target = items.find((i) => i.id === c.item);
  const numeric = target?.kind === 'number' || target?.kind === 'scale';
  const parse = (raw: string): string | number => {
    const v = raw.trim();
    return numeric && v !== '' && !Number.isNaN(Number(v.replace(',', '.'))) ? Number(v.replace(',', '.')) : v;
  };
  if (c.op === 'in') {
    const values = c.value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .map(parse);
    return { item: c.item, op: 'in', value: values };
  }
  return { item: c.item, op: c.op, value: parse(c.value) };
}

/** The definition as the API takes it (without `version`, which the server sets). */
export function toDefinition(draft: DefinitionDraft): Omit<InstrumentDefinition, 'version'> {
  const items = draft.items.map((d): Item => {
    const base = {
      id: d.id.trim(),
      label: d.label.trim(),
      ...(d.help.trim() ? { help: d.help.trim() } : {}),
      required: d.required,
      ...(conditionOf(d, draft.items) ? { showIf: conditionOf(d, draft.items)! } : {}),
    };
    switch (d.kind) {
      case 'single_choice':
      case 'multiple_choice':
        return {
          ...base,
          kind: d.kind,
          options: d.options.map((o) => ({
            value: o.value.trim(),
            label: o.label.trim(),
            ...(isNumber(o.score) ? { score: o.score } : {}),
          })),
        };
      case 'scale':
        return { ...base, kind: 'scale', min: required(d.min), max: required(d.max), step: required(d.step) };
      case 'number':
        return {
          ...base,
          kind: 'number',
          ...(isNumber(d.min) ? { min: d.min } : {}),
          ...(isNumber(d.max) ? { max: d.max } : {}),
          ...(d.integer ? { integer: true } : {}),
        };
      case 'text':
        return { ...base, kind: 'text', ...(isNumber(d.maxLength) ? { maxLength: d.maxLength } : {}) };
      case 'date':
        return { ...base, kind: 'date' };
    }
  });
  const scored = draft.items.filter((d) => d.scored);
  return {
    title: draft.title.trim(),
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    items,
    ...(scored.length > 0
      ? { scoring: { items: scored.map((d) => ({ item: d.id.trim(), ...(isNumber(d.weight) ? { weight: d.weight } : {}) })) } }
      : {}),
    ...(draft.bands.length > 0
      ? {
          bands: draft.bands.map((b) => ({
            min: required(b.min),
            max: required(b.max),
            label: b.label.trim(),
            ...(b.severity ? { severity: b.severity } : {}),
          })),
        }
      : {}),
  };
}

const ZOD_KEYS: Partial<Record<string, Parameters<TFunction>[0]>> = {
  too_small: 'validation.required',
  too_big: 'validation.tooLong',
  invalid_format: 'validation.format',
  invalid_value: 'validation.choose',
  invalid_type: 'validation.required',
  invalid_union: 'validation.invalid',
  custom: 'validation.invalid',
};

/** One problem's message in the UI language. */
export function definitionMessage(code: string, t: TFunction): string {
  if ((DEFINITION_ISSUE_CODES as readonly string[]).includes(code)) return String(t(`assessments.definitionErrors.${code}` as never));
  const key = ZOD_KEYS[code];
  return key ? String(t(key as never)) : t('validation.invalid');
}

/**
 * Where a problem of the definition is shown in the builder. The scoring list is built from the items marked
 * "counts in the score", so `scoring.items.2.item` is shown on that item's checkbox; a condition's parts on its row.
 */
export function builderPath(path: string, draft: DefinitionDraft): string {
  const scoring = /^scoring\.items\.(\d+)/.exec(path);
  if (scoring) {
    const item = draft.items.filter((d) => d.scored)[Number(scoring[1])];
    const index = item ? draft.items.indexOf(item) : -1;
    return index >= 0 ? `items.${index}.scored` : 'scoring';
  }
  const condition = /^(items\.\d+)\.showIf/.exec(path);
  if (condition) return `${condition[1]}.showIf`;
  const band = /^(bands\.\d+)$/.exec(path);
  if (band) return `${band[1]}.min`;
  return path;
}

/** `items[2].options[1].value` → `items.2.options.1.value`. */
export const dottedPath = (path: string) => path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');

/** Every problem of the draft (shared rules: the server applies the same), keyed by builder path; empty when valid. */
export function definitionErrors(draft: DefinitionDraft, t: TFunction): Record<string, string> {
  const result = validateInstrumentDefinition({ ...toDefinition(draft), version: 1 });
  if (result.ok) return {};
  const errors: Record<string, string> = {};
  for (const error of result.errors) {
    const path = builderPath(dottedPath(error.path), draft) || 'title';
    if (!(path in errors)) errors[path] = definitionMessage(error.code, t);
  }
  return errors;
}
