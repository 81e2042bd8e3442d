import {
  defaultJournalCategory,
  type JournalCorrectionInput,
  type JournalCreateInput,
  type JournalEntry,
  type JournalKind,
} from '@maillon/shared/coordination';
import type { Profession, Role } from '@maillon/shared/identity';
import type { InfoCategory } from '@maillon/shared/people';
import { fromParisLocal, toParisLocalInput } from './paris';

/** What the journal's forms hold: flat fields, turned into the API's body by `toContent`. */
export interface EntryFormValues extends Record<string, unknown> {
  kind: JournalKind;
  /** A targeted transmission: cible + Données / Actions / Résultats. */
  targeted: boolean;
  cible: string;
  data: string;
  actions: string;
  results: string;
  text: string;
  /** null: the default of the kind and the author's profession. */
  category: InfoCategory | null;
  urgent: boolean;
  /** Paris wall-clock time (`datetime-local`); sent only when changed (the server's "now" is the default). */
  factAt: string;
  factAtChanged: boolean;
}

export interface AcknowledgeValues extends Record<string, unknown> {
  toAcknowledge: boolean;
  recipients: string[];
  careTeam: boolean;
}

export type QuickEntryValues = EntryFormValues & AcknowledgeValues;

export const emptyEntry = (now: Date = new Date()): QuickEntryValues => ({
  kind: 'transmission',
  targeted: false,
  cible: '',
  data: '',
  actions: '',
  results: '',
  text: '',
  category: null,
  urgent: false,
  factAt: toParisLocalInput(now),
  factAtChanged: false,
  toAcknowledge: false,
  recipients: [],
  careTeam: false,
});

/** The values of an existing entry, to correct it. */
export function valuesOf(entry: JournalEntry): EntryFormValues {
  return {
    kind: entry.kind,
    targeted: entry.target !== null,
    cible: entry.target?.cible ?? '',
    data: entry.target?.data ?? '',
    actions: entry.target?.actions ?? '',
    results: entry.target?.results ?? '',
    text: entry.text ?? '',
    category: entry.category,
    urgent: entry.urgent,
    factAt: toParisLocalInput(entry.factAt),
    factAtChanged: false,
  };
}

const blank = (s: string) => (s.trim() === '' ? undefined : s);

/** The content part of a body: free text and/or the targeted transmission, the fact time only when it was changed. */
export function toContent(v: EntryFormValues): Omit<JournalCreateInput, 'acknowledge'> {
  const factAt = v.factAtChanged ? (fromParisLocal(v.factAt) ?? v.factAt) : undefined;
  return {
    kind: v.kind,
    urgent: v.urgent,
    ...(blank(v.text) ? { text: v.text } : {}),
    ...(v.targeted
      ? {
          target: {
            cible: v.cible,
            ...(blank(v.data) ? { data: v.data } : {}),
            ...(blank(v.actions) ? { actions: v.actions } : {}),
            ...(blank(v.results) ? { results: v.results } : {}),
          },
        }
      : {}),
    ...(v.category ? { category: v.category } : {}),
    ...(factAt ? { factAt } : {}),
  };
}

export function toCreateBody(v: QuickEntryValues): JournalCreateInput {
  const acknowledge = v.toAcknowledge
    ? { ...(v.recipients.length ? { userIds: v.recipients } : {}), ...(v.careTeam ? { careTeam: true } : {}) }
    : undefined;
  return { ...toContent(v), ...(acknowledge ? { acknowledge } : {}) };
}

export function toCorrectionBody(v: EntryFormValues & { reason: string }, entry: JournalEntry): JournalCorrectionInput {
  // A correction replaces the whole content: the fact time and the links are kept as they were unless changed.
  const content = toContent(v);
  const links = Object.fromEntries(Object.entries(entry.links).filter(([, id]) => id !== null)) as JournalCorrectionInput['links'];
  return {
    ...content,
    factAt: content.factAt ?? entry.factAt,
    category: v.category ?? entry.category,
    ...(links && Object.keys(links).length ? { links } : {}),
    ...(entry.attachments.length ? { attachmentIds: entry.attachments.map((a) => a.id) } : {}),
    ...(blank(v.reason) ? { reason: v.reason } : {}),
  };
}

/** The category shown before the author chooses one: the rule the server applies, among what they may write. */
export function shownCategory(
  v: EntryFormValues,
  me: { role: Role; profession: Profession | null } | null,
  writable: readonly InfoCategory[],
): InfoCategory | null {
  if (v.category) return v.category;
  if (!me) return null;
  return defaultJournalCategory(v.kind, me.role, me.profession, writable);
}

/** The form values of a body that could not be sent, so the author gets their text back. */
export function valuesFromBody(body: JournalCreateInput): QuickEntryValues {
  const base = emptyEntry();
  return {
    ...base,
    kind: body.kind,
    targeted: !!body.target,
    cible: body.target?.cible ?? '',
    data: body.target?.data ?? '',
    actions: body.target?.actions ?? '',
    results: body.target?.results ?? '',
    text: body.text ?? '',
    category: body.category ?? null,
    urgent: body.urgent,
    ...(body.factAt ? { factAt: toParisLocalInput(body.factAt), factAtChanged: true } : {}),
    toAcknowledge: !!body.acknowledge,
    recipients: body.acknowledge?.userIds ?? [],
    careTeam: body.acknowledge?.careTeam ?? false,
  };
}
