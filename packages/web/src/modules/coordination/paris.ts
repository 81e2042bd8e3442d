import { uiLocale } from '../../ui/format';

/**
 * Dates and times of the journal are those of the service, in France: shown and typed in Europe/Paris whatever the
 * device's own time zone (a night shift read from a laptop set to UTC still says 23:30, not 22:30).
 */
export const PARIS = 'Europe/Paris';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date): WallClock {
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(partsFormatter.formatToParts(instant).find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The Paris wall-clock time of an instant as the value of an `<input type="datetime-local">`: `2026-03-12T14:05`. */
export function toParisLocalInput(instant: Date | string): string {
  const w = wallClock(new Date(instant));
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The Paris calendar day of an instant, `YYYY-MM-DD`. */
export function parisDay(instant: Date | string = new Date()): string {
  return toParisLocalInput(instant).slice(0, 10);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * A Paris wall-clock time (`2026-03-12T14:05`, or a day `2026-03-12` for its midnight) → the ISO instant. In the hour
 * skipped in spring the next valid time is taken; in the hour repeated in autumn, the first one.
 */
export function fromParisLocal(value: string): string | undefined {
  const m = LOCAL.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(asUtc)) return undefined;
  // Paris is UTC+1 or UTC+2: try both offsets, keep the one whose Paris wall clock reads back the same.
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    const w = wallClock(candidate);
    if (w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute) return candidate.toISOString();
  }
  return new Date(asUtc - 3_600_000).toISOString();
}

/** `12/03/2026 14:05` in Paris time, in the UI language. */
export function formatParisDateTime(iso: string): string {
  return new Intl.DateTimeFormat(uiLocale(), { timeZone: PARIS, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/** `jeudi 12 mars 2026` in Paris time: the heading of a day of the timeline. */
export function formatParisDayHeading(iso: string): string {
  return new Intl.DateTimeFormat(uiLocale(), { timeZone: PARIS, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(iso),
  );
}

/** `14:05` in Paris time. */
export function formatParisTime(iso: string): string {
  return new Intl.DateTimeFormat(uiLocale(), { timeZone: PARIS, timeStyle: 'short' }).format(new Date(iso));
}
