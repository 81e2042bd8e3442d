import type { Instrument } from '@maillon/shared/assessments';
import type { TFunction } from 'i18next';
import { isApiError } from '../../ui/api';
import { stripLocation } from '../../ui/form';
import type { AssessmentForm, WriteRights } from './formState';
import { entryProblems } from './Instruments';

export type ErrorMap = Record<string, string>;

/** What the browser can check before sending (the server checks again and its field errors land on the same paths). */
export function validateAssessmentForm(
  form: AssessmentForm,
  rights: WriteRights,
  catalogue: ReadonlyMap<string, Instrument>,
  t: TFunction,
  today: string,
): ErrorMap {
  const errors: ErrorMap = {};
  if (!form.assessedOn) errors.assessedOn = t('validation.required');
  else if (form.assessedOn > today) errors.assessedOn = t('assessments.form.futureDate');
  if (!form.context) errors.context = t('validation.required');
  for (const domain of rights.domains) {
    form.sections[domain].strengths.forEach((s, i) => {
      if (s.description.trim() === '') errors[`sections.${domain}.strengths.${i}.description`] = t('validation.required');
    });
  }
  for (const entry of Object.values(form.instruments)) {
    const instrument = catalogue.get(entry.instrumentId);
    if (instrument && !rights.instrumentDomains.includes(instrument.domain)) continue;
    Object.assign(errors, entryProblems(entry, instrument, t));
  }
  return errors;
}

/** Server codes the UI words itself (the server's messages are English). */
const CODE_KEYS: Partial<Record<string, Parameters<TFunction>[0]>> = {
  unknown_need: 'assessments.serverErrors.unknown_need',
  retired_need: 'assessments.serverErrors.retired_need',
  unknown_instrument: 'assessments.serverErrors.unknown_instrument',
  wrong_kind: 'assessments.serverErrors.unknown_instrument',
  not_published: 'assessments.serverErrors.not_published',
  archived_instrument: 'assessments.serverErrors.archived_instrument',
  duplicate_instrument: 'assessments.serverErrors.duplicate_instrument',
  other_person: 'assessments.serverErrors.other_person',
  required: 'assessments.answerErrors.required',
  wrong_type: 'assessments.answerErrors.wrong_type',
  unknown_option: 'assessments.answerErrors.unknown_option',
  duplicate_option: 'assessments.answerErrors.duplicate_option',
  out_of_range: 'assessments.answerErrors.out_of_range',
  not_on_step: 'assessments.answerErrors.not_on_step',
  not_integer: 'assessments.answerErrors.not_integer',
  too_long: 'assessments.answerErrors.too_long',
  invalid_date: 'assessments.answerErrors.invalid_date',
  unknown_item: 'assessments.answerErrors.unknown_item',
  wrong_count: 'assessments.zarit.missing',
  too_small: 'validation.tooShort',
  too_big: 'validation.tooLong',
  invalid_format: 'validation.format',
  invalid_value: 'validation.choose',
  invalid_type: 'validation.invalid',
  custom: 'validation.invalid',
  unrecognized_keys: 'validation.invalid',
  duplicate: 'validation.duplicate',
};

/** The message for one server field error, in the UI language. */
export function serverMessage(code: string, path: string, t: TFunction): string {
  if (code === 'missing') return path.startsWith('aggir.') ? t('assessments.aggir.missingError') : t('assessments.zarit.missing');
  const key = CODE_KEYS[code];
  return key ? String(t(key as never)) : t('validation.invalid');
}

/**
 * The field errors of a failed request, keyed by the form's paths. `mapPath` turns a server path (without `body.`)
 * into the form's, or null to leave it out. Returns an empty map when the error carries none.
 */
export function serverFieldErrors(error: unknown, t: TFunction, mapPath: (path: string) => string | null = (p) => p): ErrorMap {
  if (!isApiError(error)) return {};
  const errors: ErrorMap = {};
  for (const fe of error.fieldErrors) {
    const path = mapPath(stripLocation(fe.path));
    if (path === null || path === '' || path in errors) continue;
    errors[path] = serverMessage(fe.code, path, t);
  }
  return errors;
}

/** `results.2.scores.4` of a creation → `instruments.<id of the 3rd result>.scores.4`. */
export function createPathMapper(resultOrder: readonly string[]): (path: string) => string {
  return (path) => {
    const match = /^results\.(\d+)(\..*)?$/.exec(path);
    if (!match) return path;
    const instrumentId = resultOrder[Number(match[1])];
    return instrumentId ? `instruments.${instrumentId}${match[2] ?? ''}` : path;
  };
}

/** A result request's paths (`scores.4`, `answers.x`, `instrumentVersionId`) → `instruments.<id>.…`. */
export const resultPathMapper =
  (instrumentId: string) =>
  (path: string): string =>
    `instruments.${instrumentId}${path ? `.${path}` : ''}`;
