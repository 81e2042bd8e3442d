import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { i18n } from '../i18n';
import { ApiError, applyFieldErrors, isApiError, type FieldError } from './api';
import { fieldErrorMessage } from './errors';

/**
 * Forms validated by the shared zod schemas (STYLE.md 12): the browser refuses what the server would refuse, and
 * the messages are the UI's own (zod's and the server's are English). Server field errors come back through
 * `applyServerErrors`, which goes through `applyFieldErrors`.
 */

type Issue = z.core.$ZodIssue;

/** The prefix the server puts before a field path (`body.email`), which a form does not have. */
const LOCATION_PREFIX = /^(?:body|querystring|params|headers)\.?/;

export function stripLocation(path: string): string {
  return path.replace(LOCATION_PREFIX, '');
}

/** The first field in error, in document order (some wrappers carry `aria-invalid` themselves: their input is meant). */
const INVALID_FIELD = ['input', 'select', 'textarea'].map((tag) => `${tag}[aria-invalid="true"], [aria-invalid="true"] ${tag}`).join(', ');

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/** A message in the UI language for one zod issue. A `custom` issue may carry its own key in `params.i18nKey`. */
export function issueMessage(issue: Issue, t: TFunction): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') {
        const empty = isBlank(issue.input) || (Array.isArray(issue.input) && issue.input.length === 0);
        return empty || Number(issue.minimum) <= 1 ? t('validation.required') : t('validation.minLength', { min: Number(issue.minimum) });
      }
      return t('validation.minNumber', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string' || issue.origin === 'array') return t('validation.maxLength', { max: Number(issue.maximum) });
      return t('validation.maxNumber', { max: Number(issue.maximum) });
    case 'invalid_format':
      if (isBlank(issue.input)) return t('validation.required');
      return issue.format === 'email' ? t('validation.email') : t('validation.format');
    case 'invalid_type':
      if (isBlank(issue.input)) return t('validation.required');
      return issue.expected === 'number' || issue.expected === 'int' ? t('validation.number') : t('validation.invalid');
    case 'invalid_value':
      return isBlank(issue.input) ? t('validation.required') : t('validation.choose');
    case 'custom': {
      const key = (issue.params as { i18nKey?: unknown } | undefined)?.i18nKey;
      return typeof key === 'string' && i18n.exists(key) ? String(t(key as never)) : issue.message;
    }
    case 'not_multiple_of':
      return issue.divisor === 1 ? t('validation.integer') : t('validation.invalid');
    case 'unrecognized_keys':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return t('validation.invalid');
  }
}

/**
 * The same error with field paths relative to the form and messages in the UI language where the code is known.
 * `codeMessages` words a code for this form (e.g. `duplicate` on an invitation: "already a member").
 */
export function localiseFieldErrors(error: ApiError, t: TFunction, codeMessages: Partial<Record<string, string>> = {}): ApiError {
  const fieldErrors: FieldError[] = error.fieldErrors.map((fe) => {
    const message = codeMessages[fe.code] ?? fieldErrorMessage(fe, t);
    return { ...fe, path: stripLocation(fe.path), message };
  });
  return new ApiError({ ...error, fieldErrors }, { cause: error });
}

export interface FormErrors {
  [path: string]: string | undefined;
}

export interface UseZodFormOptions<V, S extends z.ZodType> {
  initialValues: V;
  /** The shared schema (possibly extended with UI-only rules, e.g. the password policy). */
  schema: S;
  /** Turns the form values into the schema's input (e.g. `''` → `null` for optional selects). */
  prepare?: (values: V) => unknown;
  /** A message per field path that replaces any other (e.g. a format the schema words in English). */
  messages?: Partial<Record<string, string>>;
}

export interface InputProps<T> {
  value: T;
  onChange: (eventOrValue: unknown) => void;
  error: string | undefined;
}

export interface CheckboxProps {
  checked: boolean;
  onChange: (event: unknown) => void;
  error: string | undefined;
}

export interface ZodForm<V, Out> {
  values: V;
  errors: FormErrors;
  setFieldValue: <K extends keyof V & string>(field: K, value: V[K]) => void;
  /** Replaces every value and clears the errors (e.g. after a reload of the resource). */
  reset: (values?: V) => void;
  /** Sets errors keyed by path; `body.email` and `email` are the same field. */
  setErrors: (errors: Record<string, string>) => void;
  clearErrors: () => void;
  getInputProps: <K extends keyof V & string>(field: K) => InputProps<V[K]>;
  getCheckboxProps: <K extends keyof V & string>(field: K) => CheckboxProps;
  /** Validates, then calls `handler` with the parsed output. Focuses the first invalid field otherwise. */
  onSubmit: (handler: (data: Out, values: V) => unknown) => (event?: FormEvent<HTMLFormElement>) => void;
  /** Validates without submitting; true when valid. */
  validate: () => boolean;
}

function readEvent(eventOrValue: unknown, kind: 'value' | 'checked'): unknown {
  if (eventOrValue !== null && typeof eventOrValue === 'object' && 'currentTarget' in eventOrValue) {
    const target = (eventOrValue as { currentTarget: HTMLInputElement }).currentTarget;
    return kind === 'checked' ? target.checked : target.value;
  }
  return eventOrValue;
}

export function useZodForm<V extends Record<string, unknown>, S extends z.ZodType>({
  initialValues,
  schema,
  prepare,
  messages,
}: UseZodFormOptions<V, S>): ZodForm<V, z.output<S>> {
  const [values, setValues] = useState<V>(initialValues);
  const [errors, setErrorState] = useState<FormErrors>({});
  const formRef = useRef<HTMLFormElement | null>(null);
  const focusPending = useRef(false);

  // After a failed submit (browser or server), move focus to the first field in error, as screen readers expect.
  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    formRef.current?.querySelector<HTMLElement>(INVALID_FIELD)?.focus();
  }, [errors]);

  const setErrors = useCallback((next: Record<string, string>) => {
    const mapped: FormErrors = {};
    for (const [path, message] of Object.entries(next)) mapped[stripLocation(path)] = message;
    focusPending.current = true;
    setErrorState(mapped);
  }, []);

  const parse = (current: V) => {
    const result = schema.safeParse(prepare ? prepare(current) : current, { reportInput: true });
    if (result.success) return { ok: true as const, data: result.data };
    const found: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      if (path in found) continue;
      found[path] = messages?.[path] ?? issueMessage(issue, i18n.t);
    }
    return { ok: false as const, errors: found };
  };

  const setFieldValue = <K extends keyof V & string>(field: K, value: V[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    // The message stays until the field changes: then it may be wrong, so it goes.
    setErrorState((previous) => (previous[field] === undefined ? previous : { ...previous, [field]: undefined }));
  };

  return {
    values,
    errors,
    setFieldValue,
    reset: (next) => {
      setValues(next ?? initialValues);
      setErrorState({});
    },
    setErrors,
    clearErrors: () => setErrorState({}),
    getInputProps: (field) => ({
      value: values[field],
      onChange: (eventOrValue) => setFieldValue(field, readEvent(eventOrValue, 'value') as V[typeof field]),
      error: errors[field],
    }),
    getCheckboxProps: (field) => ({
      checked: Boolean(values[field]),
      onChange: (event) => setFieldValue(field, Boolean(readEvent(event, 'checked')) as V[typeof field]),
      error: errors[field],
    }),
    validate: () => {
      const result = parse(values);
      if (!result.ok) setErrors(result.errors);
      return result.ok;
    },
    onSubmit: (handler) => (event) => {
      event?.preventDefault();
      if (event) formRef.current = event.currentTarget;
      const result = parse(values);
      if (!result.ok) {
        setErrors(result.errors);
        return;
      }
      setErrorState({});
      void handler(result.data, values);
    },
  };
}

/**
 * Shows a failed submission's field errors on the form, in the UI language. Returns false when the error has none,
 * so the caller shows a general message instead (`notifyError`, or an alert in the form).
 */
export function applyServerErrors(
  form: { setErrors: (errors: Record<string, string>) => void },
  error: unknown,
  codeMessages?: Partial<Record<string, string>>,
): boolean {
  if (!isApiError(error)) return false;
  return applyFieldErrors(form, localiseFieldErrors(error, i18n.t, codeMessages));
}
