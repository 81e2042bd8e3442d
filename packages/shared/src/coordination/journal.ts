import type { Profession, Role } from '../identity/roles.ts';
import { errorCatalogue, errorCodes, type ErrorCode } from '../api/errors.ts';
import { categoriesFor, type InfoCategory } from '../people/categories.ts';

/**
 * Kinds of journal entries (issue 20): what professionals write to each other about a person.
 * Persisted strings: an API, never renamed (STYLE.md 7).
 */
export const journalKinds = [
  'transmission',
  'observation',
  'interview_report',
  'phone_call',
  'home_visit',
  'incident',
  'event',
  'partner_information',
] as const;
export type JournalKind = (typeof journalKinds)[number];

/** Status of an entry: never deleted, at most marked "entered in error" with a reason. */
export const journalEntryStatuses = ['current', 'entered_in_error'] as const;
export type JournalEntryStatus = (typeof journalEntryStatuses)[number];

/** What changed, as sent on the live stream. */
export const journalChanges = ['created', 'corrected', 'entered_in_error', 'acknowledged'] as const;
export type JournalChange = (typeof journalChanges)[number];

/**
 * The refusals of the journal, with their HTTP status, in one place so that they can move into
 * the shared error catalogue as they are (dotted, precise codes).
 */
/** The journal's refusals: the `journal.*` codes of the shared error catalogue. */
export type JournalErrorCode = Extract<ErrorCode, `journal.${string}`>;
export const journalErrorCodes = errorCodes.filter((c): c is JournalErrorCode => c.startsWith('journal.'));
export const journalErrors = Object.fromEntries(journalErrorCodes.map((c) => [c, errorCatalogue[c]])) as Record<
  JournalErrorCode,
  (typeof errorCatalogue)[JournalErrorCode]
>;

/** Kinds that hold a health professional's observations: health information by default (health secrecy). */
const healthKinds: readonly JournalKind[] = [
  'transmission',
  'observation',
  'incident',
  'home_visit',
  'event',
  'interview_report',
  'partner_information',
];

/**
 * The category an entry gets when its author does not choose one (issue 20 item 1): a health
 * professional's transmissions, observations, visits and incidents are `health`; a social
 * worker's are `social`; phone calls and events of an administrative profile `administrative`.
 * Always one the author may write for that person (`writable`, from the access rules); the
 * least sensitive of them when the preferred one is not.
 */
export function defaultJournalCategory(
  kind: JournalKind,
  role: Role,
  profession: Profession | null,
  writable: ReadonlySet<InfoCategory> | readonly InfoCategory[] = categoriesFor(role, profession),
): InfoCategory | null {
  const can = new Set(writable);
  const own = categoriesFor(role, profession);
  const preferred: InfoCategory =
    own.includes('health') && healthKinds.includes(kind) ? 'health' : own.includes('social') ? 'social' : 'administrative';
  if (can.has(preferred)) return preferred;
  for (const c of ['administrative', 'social', 'health'] as const) if (can.has(c)) return c;
  return null;
}

/** The kinds in words, for documents (the web has the same words in its i18n files). */
export const journalKindLabels: Record<JournalKind, { fr: string; en: string }> = {
  transmission: { fr: 'Transmission', en: 'Transmission' },
  observation: { fr: 'Observation', en: 'Observation' },
  interview_report: { fr: 'Compte rendu d’entretien', en: 'Interview report' },
  phone_call: { fr: 'Appel téléphonique', en: 'Phone call' },
  home_visit: { fr: 'Visite à domicile', en: 'Home visit' },
  incident: { fr: 'Incident', en: 'Incident' },
  event: { fr: 'Événement', en: 'Event' },
  partner_information: { fr: 'Information d’un partenaire', en: 'Information from a partner' },
};
