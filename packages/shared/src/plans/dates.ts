// Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in UTC so that the result never depends on
// the time zone of the machine. Months are added as people count them: 31 January + 1 month is
// the last day of February.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(iso: string): [number, number, number] {
  const m = DAY.exec(iso.slice(0, 10));
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `date` plus `months` calendar months, clamped to the last day of the month. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysIn(year, month)))}`;
}

/** The month of a date, `YYYY-MM`. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** `count` consecutive months starting with the month of `start`. */
export function monthsFrom(start: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => monthOf(addMonths(`${monthOf(start)}-01`, i)));
}

/** First and last day of a `YYYY-MM` month. */
export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = parts(`${month}-01`);
  return { first: `${month}-01`, last: `${month}-${pad(daysIn(y, m))}` };
}

/** Today's date in UTC as `YYYY-MM-DD` (the server's notion of "today"). */
export const todayIso = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

/** How far before its start a plan reaches: support already under way, up to one review cycle. */
export const PLAN_PERIOD_BEFORE_MONTHS = 12;
/** How far after its start a plan reaches: five years, beyond any horizon of its goals. */
export const PLAN_PERIOD_AFTER_MONTHS = 60;

/**
 * The period a version of a plan covers (SEC-VAL-02): its goals' target dates and its actions'
 * dates lie within it. `reference` is the version's start date, or while it is not in effect the
 * start of the version it revises, or today for a first plan.
 */
export function planPeriod(reference: string): { from: string; to: string } {
  return { from: addMonths(reference, -PLAN_PERIOD_BEFORE_MONTHS), to: addMonths(reference, PLAN_PERIOD_AFTER_MONTHS) };
}
