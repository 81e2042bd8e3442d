export const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : (d instanceof Date ? d : new Date(d)).toISOString();
export const isoRequired = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

/** The product's time zone: every day a person reads or types is a day in Europe/Paris. */
const PRODUCT_TIME_ZONE = 'Europe/Paris';
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: PRODUCT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYY-MM-DD` of an instant in Europe/Paris (the day a person in France would name). */
export const parisDay = (d: Date | string): string => dayFormat.format(d instanceof Date ? d : new Date(d));

/** The product's "today": the current day in Europe/Paris, as `YYYY-MM-DD`. */
export const todayParis = (now: Date = new Date()): string => parisDay(now);

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: PRODUCT_TIME_ZONE });
/** An instant as a person in France reads it: `09/12/2026 14:30` (Europe/Paris). */
export const parisDateTimeFr = (d: Date | string): string => dateTimeFormat.format(d instanceof Date ? d : new Date(d));
