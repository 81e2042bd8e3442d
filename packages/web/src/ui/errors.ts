import { errorCatalogue, type ErrorCode } from '@maillon/shared/api';
import type { ParseKeys, TFunction } from 'i18next';
import { CLIENT_ERROR_CODES, isApiError, type FieldError } from './api';

export interface ErrorDescription {
  /** A sentence in the UI language, safe to show to the coordinator. */
  message: string;
  /** The API's correlation id, to quote to support. */
  correlationId: string | undefined;
}

/** Whether a code of a problem is one of the shared catalogue (a newer server may send one this build does not know). */
function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}

/** The i18n key that words a catalogue code: `errors.<code>` (`errors.plan.already_open`), in fr.json and en.json. */
const errorKey = (code: ErrorCode) => `errors.${code}` as const;

/** The generic code whose words stand in for a code this build does not know, by HTTP status. */
function fallbackCode(status: number): ErrorCode | null {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 412) return 'precondition_failed';
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'service_unavailable';
  if (status >= 500) return 'internal';
  if (status >= 400) return 'validation_failed';
  return null;
}

/**
 * The message of anything thrown, in the UI language, from the problem's `code` (the shared error catalogue). The
 * server's `detail` is English developer text and is never shown; an unknown code gets the generic words of its
 * status, never the raw code. Never shows a stack trace or a technical message from a render error.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('errors.unexpected');
  const { status, code } = error;
  if (code === CLIENT_ERROR_CODES.network) return t('errors.network');
  if (code === CLIENT_ERROR_CODES.invalidResponse) return t('errors.invalidResponse');
  const known = isErrorCode(code) ? code : fallbackCode(status);
  return known ? t(errorKey(known)) : t('errors.unexpected');
}

/** `errorMessage` with the correlation id to quote to support (ErrorState, error toasts). */
export function describeError(error: unknown, t: TFunction): ErrorDescription {
  return { message: errorMessage(error, t), correlationId: isApiError(error) ? error.correlationId : undefined };
}

/**
 * Field-error codes the UI words itself, whatever the form (the server's field messages are English). A form may
 * word a code more precisely for its own fields (`byCode` of `applyLocalisedServerErrors`).
 */
const FIELD_CODES: Partial<Record<string, ParseKeys>> = {
  // the server's own codes
  password_too_short: 'password.problems.too_short',
  password_too_long: 'password.problems.too_long',
  password_contains_email: 'password.problems.contains_email',
  password_contains_name: 'password.problems.contains_name',
  password_common: 'password.problems.common',
  wrong_password: 'validation.wrongPassword',
  invalid_code: 'validation.invalidCode',
  invalid_token: 'validation.invalidToken',
  duplicate: 'validation.duplicate',
  control_characters: 'validation.controlCharacters',
  direction_characters: 'validation.directionCharacters',
  date_out_of_range: 'validation.dateRange',
  future_date: 'validation.futureDate',
  date_order: 'validation.dateOrder',
  before_received: 'validation.beforeReceived',
  unknown_service: 'validation.unknownService',
  unknown_member: 'validation.unknownMember',
  // zod issue codes the server passes on
  invalid_format: 'validation.format',
  invalid_value: 'validation.choose',
  invalid_type: 'validation.invalid',
  too_small: 'validation.tooShort',
  too_big: 'validation.tooLong',
  custom: 'validation.invalid',
  unrecognized_keys: 'validation.invalid',
};

/** The message of one server field error in the UI language: its code's words, else a generic "not valid" — never the English `message`. */
export function fieldErrorMessage(fieldError: Pick<FieldError, 'code'>, t: TFunction): string {
  return t(FIELD_CODES[fieldError.code] ?? 'validation.invalid');
}
