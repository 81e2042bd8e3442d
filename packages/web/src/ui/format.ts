import { currentLanguage } from '../i18n';

const LOCALES = { fr: 'fr-FR', en: 'en-GB' } as const;

/** The Intl locale of the UI language (dates are always shown as in France or the UK: day first). */
export function uiLocale(): string {
  return LOCALES[currentLanguage()];
}

/**
 * Every instant a person reads is given in the product's time zone, Europe/Paris (issue 19 item
 * 15), whatever the browser's: a coordinator on a laptop set to UTC reads the same hour as her team.
 */
export const PRODUCT_TIME_ZONE = 'Europe/Paris';

/** `12/03/2026 14:05:09` in French; for audit trails and sessions, where the second matters. */
export function formatDateTime(iso: string, withSeconds = true): string {
  return new Intl.DateTimeFormat(uiLocale(), {
    dateStyle: 'short',
    timeStyle: withSeconds ? 'medium' : 'short',
    timeZone: PRODUCT_TIME_ZONE,
  }).format(new Date(iso));
}

/** `12 mars 2026` in French. */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'long', timeZone: PRODUCT_TIME_ZONE }).format(new Date(iso));
}

/** `12/03/2026`: the day of an instant, short, for table cells (the time beside it with `formatTime`). */
export function formatDateShort(iso: string): string {
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'short', timeZone: PRODUCT_TIME_ZONE }).format(new Date(iso));
}

/** `YYYY-MM-DD` (the value of an `<input type="date">`) → the ISO instant of that local midnight. */
export function localDateToIso(date: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays).toISOString();
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day (`YYYY-MM-DD`, e.g. a birth date) as that same day, whatever the time zone: `01/12/1936`. */
export function formatDay(day: string, style: 'short' | 'long' = 'short'): string {
  const match = DAY.exec(day);
  if (!match) return day;
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: style }).format(
    new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])),
  );
}

/** `14:05`: the time of an instant, in the UI language. */
export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(uiLocale(), { timeStyle: 'short', timeZone: PRODUCT_TIME_ZONE }).format(new Date(iso));
}

/** Age in whole years on `today` of someone born on `day` (`YYYY-MM-DD`); undefined when the date is unreadable. */
export function ageOn(day: string, today: Date = new Date()): number | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const hadBirthday = today.getMonth() + 1 > month || (today.getMonth() + 1 === month && today.getDate() >= date);
  return today.getFullYear() - year - (hadBirthday ? 0 : 1);
}

/** Today as `YYYY-MM-DD` in local time (the value of an `<input type="date">`). */
export function todayDay(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `2,4 Mo`: a file size in the UI language. */
export function formatBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(uiLocale(), {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
