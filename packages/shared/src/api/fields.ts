import { z } from 'zod';

// The building blocks of every text and date the API accepts (SEC-VAL-01, SEC-VAL-02): the module
// schemas build their fields from these, never from a bare `z.string()` or `z.iso.date()`, so
// that a NUL byte, a control character or a year 0000 is a 400 naming the field, never a
// database error (PostgreSQL refuses NUL in text and year 0 in dates: it was a 500).
//
// Each refusal is a `custom` issue with a stable `reason` (the `code` of the field error the
// server returns) and an i18n key (the web words it in the UI's language).

/** C0 controls and DEL: never in a one-line text. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F]/;
/** C0 controls and DEL except tab, line feed and carriage return: never in a multi-line text. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_IN_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make a
 * name display as another ("Trojan Source"). Marks (U+200E, U+200F) stay allowed.
 */
const DIRECTION_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** Base64url, as `encodeCursor` writes it: anything else is not a cursor of ours. */
const CURSOR = /^[A-Za-z0-9_-]*$/;
/** The opaque cursor of keyset pagination: at most 512 base64url characters. */
export const cursorField = z.string().max(512, 'Not a valid cursor').regex(CURSOR, 'Not a valid cursor');

/** The plausible range of every date the API accepts: nothing before 1900, nothing after 2100. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2100-12-31';
/** A date recording something done may be tomorrow (UTC), for users east of Greenwich; not later. */
const FUTURE_MARGIN_DAYS = 1;
/** An instant recording something done may be a few minutes ahead of the server's clock. */
const FUTURE_MARGIN_MS = 5 * 60 * 1000;

export const fieldReasons = {
  controlCharacters: 'control_characters',
  directionCharacters: 'direction_characters',
  dateOutOfRange: 'date_out_of_range',
  futureDate: 'future_date',
} as const;

const issue = (reason: string, i18nKey: string, message: string) => ({ message, params: { reason, i18nKey } });

const noControls = issue(
  fieldReasons.controlCharacters,
  'validation.controlCharacters',
  'Control characters (such as NUL) are not allowed',
);

function withoutControls<T extends z.ZodString>(s: T, multiline: boolean): T {
  const re = multiline ? CONTROL_IN_LINES : CONTROL_IN_LINE;
  return s.refine((v) => !re.test(v), noControls);
}

/**
 * A text, trimmed, at most `max` characters, without control characters. One line by default;
 * `{ lines: true }` allows tab, line feed and carriage return (notes, reasons, descriptions);
 * `{ trim: false }` keeps the value as sent (answers compared with a list of choices).
 */
export function textField(max: number, opts: { lines?: boolean; trim?: boolean } = {}) {
  return withoutControls((opts.trim ?? true) ? z.string().trim().max(max) : z.string().max(max), opts.lines ?? false);
}

/** A multi-line text (notes, reasons, descriptions): `textField(max, { lines: true })`. */
export const linesField = (max: number) => textField(max, { lines: true });

/**
 * The name of a person, a member, a service or an organisation: one line, trimmed, at least one
 * character, and no bidirectional override either.
 */
export function nameField(max = 100, min = 1) {
  return textField(max)
    .min(min, min <= 1 ? 'Required' : `At least ${min} characters`)
    .refine(
      (v) => !DIRECTION_CONTROL.test(v),
      issue(fieldReasons.directionCharacters, 'validation.directionCharacters', 'Text-direction control characters are not allowed'),
    );
}

/**
 * A secret as typed (password, token, code): never trimmed nor changed, one line, no control
 * characters.
 */
export function secretField(max: number) {
  return withoutControls(z.string().max(max), false);
}

const dayIso = (t: number) => new Date(t).toISOString().slice(0, 10);
/** Judged on a well-formed date only: a malformed one has its own issue. */
const inRange = (d: string) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || (d >= EARLIEST_DATE && d <= LATEST_DATE);
const rangeIssue = issue(fieldReasons.dateOutOfRange, 'validation.dateRange', 'Expected a date between 1900 and 2100');

/** A calendar date `YYYY-MM-DD` between 1900-01-01 and 2100-12-31. */
export const dateField = z.iso.date({ message: 'Expected a date (YYYY-MM-DD)' }).refine(inRange, rangeIssue);

/**
 * The date of something done (a birth, an agreement, a review): in the plausible range and not in
 * the future (tomorrow in UTC is accepted: it is today east of Greenwich).
 */
export const doneDateField = dateField.refine(
  (d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || d <= dayIso(Date.now() + FUTURE_MARGIN_DAYS * 86_400_000),
  issue(fieldReasons.futureDate, 'validation.futureDate', 'This date is in the future'),
);

/** An instant with its offset (`2025-03-01T09:30:00+01:00`), in the plausible range of years. */
export const dateTimeField = z.iso
  .datetime({ offset: true, message: 'Expected a date and time with its offset' })
  .refine((v) => inRange(v.slice(0, 10)), rangeIssue);

/** The instant of something done (consent collected, request received): not in the future. */
export const doneDateTimeField = dateTimeField.refine(
  (v) => !(Date.parse(v) > Date.now() + FUTURE_MARGIN_MS),
  issue(fieldReasons.futureDate, 'validation.futureDate', 'This date is in the future'),
);
