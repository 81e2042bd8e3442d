import { currentLanguage } from '../i18n';

const LOCALES = { fr: 'fr-FR', en: 'en-GB' } as const;

/** The Intl locale of the UI language (dates are always shown as in France or the UK: day first). */
export function uiLocale(): string {
  return LOCALES[currentLanguage()];
}

/** `12/03/2026 14:05:09` in French; for audit trails and sessions, where the second matters. */
export function formatDateTime(iso: string, withSeconds = true): string {
  return new Intl.DateTimeFormat(uiLocale(), {
    dateStyle: 'short',
    timeStyle: withSeconds ? 'medium' : 'short',
  }).format(new Date(iso));
}

/** `12 mars 2026` in French. */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'long' }).format(new Date(iso));
}

/** `YYYY-MM-DD` (the value of an `<input type="date">`) → the ISO instant of that local midnight. */
export function localDateToIso(date: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays).toISOString();
}
