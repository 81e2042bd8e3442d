import { z } from 'zod';
import { dateField, dateTimeField, doneDateTimeField, linesField, textField } from '../api/fields.ts';
import { pageQuerySchema, pageSchema } from '../api/pagination.ts';
import { professions, roles } from '../identity/roles.ts';
import { infoCategories } from '../people/categories.ts';
import { journalChanges, journalEntryStatuses, journalKinds } from './journal.ts';

// The API contract of the coordination journal (issue 20). Routes are listed in
// docs/api-journal.md; every schema here is strict on input (unknown fields are 400).

export const JOURNAL_TEXT_MAX = 10_000;
export const JOURNAL_RECIPIENTS_MAX = 50;
export const JOURNAL_ATTACHMENTS_MAX = 10;

/** The French nursing format of a targeted transmission: cible + Données / Actions / Résultats. */
export const journalTargetSchema = z.strictObject({
  cible: textField(200).min(1, 'Required'),
  data: linesField(JOURNAL_TEXT_MAX).optional(),
  actions: linesField(JOURNAL_TEXT_MAX).optional(),
  results: linesField(JOURNAL_TEXT_MAX).optional(),
});
export type JournalTarget = z.infer<typeof journalTargetSchema>;

/** Optional links of an entry to the person's plan, assessment or referral (each checked to be of the same person). */
export const journalLinksSchema = z.strictObject({
  goalId: z.uuid().optional(),
  actionId: z.uuid().optional(),
  assessmentId: z.uuid().optional(),
  referralId: z.uuid().optional(),
});
export type JournalLinks = z.infer<typeof journalLinksSchema>;

/**
 * Who must acknowledge the entry ("à prendre en compte"): named members, and/or every member of a
 * named team — the person's care team, or a service — who may read the entry, the author aside.
 */
export const journalAcknowledgeSchema = z
  .strictObject({
    userIds: z.array(z.uuid()).max(JOURNAL_RECIPIENTS_MAX).optional(),
    careTeam: z.boolean().optional(),
    serviceId: z.uuid().optional(),
  })
  .refine((a) => (a.userIds?.length ?? 0) > 0 || a.careTeam === true || !!a.serviceId, {
    message: 'Name at least one recipient or a team',
    path: ['userIds'],
  });
export type JournalAcknowledgeInput = z.infer<typeof journalAcknowledgeSchema>;

/** The content of an entry: what a correction replaces whole. Free text, or a targeted transmission, or both. */
const journalContentShape = {
  kind: z.enum(journalKinds),
  text: linesField(JOURNAL_TEXT_MAX).optional(),
  target: journalTargetSchema.optional(),
  /** When the fact happened (may be earlier than writing it; never in the future). Default: now. */
  factAt: doneDateTimeField.optional(),
  /** Default: from the author's profession and the kind (`defaultJournalCategory`). */
  category: z.enum(infoCategories).optional(),
  urgent: z.boolean().default(false),
  links: journalLinksSchema.optional(),
  /** Ids of the person's documents (documents module) attached to the entry. */
  attachmentIds: z.array(z.uuid()).max(JOURNAL_ATTACHMENTS_MAX).optional(),
};
const hasContent = (e: { text?: string | undefined; target?: unknown }) => !!e.text?.trim() || !!e.target;
const contentIssue = { message: 'Write a text or a targeted transmission', path: ['text'] };

export const journalCreateSchema = z
  .strictObject({ ...journalContentShape, acknowledge: journalAcknowledgeSchema.optional() })
  .refine(hasContent, contentIssue);
export type JournalCreateInput = z.infer<typeof journalCreateSchema>;

/** A correction: the whole new content (a new version; the previous ones stay in the history), with an optional reason. */
export const journalCorrectionSchema = z
  .strictObject({ ...journalContentShape, reason: linesField(500).optional() })
  .refine(hasContent, contentIssue);
export type JournalCorrectionInput = z.infer<typeof journalCorrectionSchema>;

export const journalEnteredInErrorSchema = z.strictObject({
  reason: linesField(500).min(3, 'Give a reason (at least 3 characters)'),
});

const boolQuery = z.enum(['true', 'false']).optional();

/** Filters shared by a person's timeline, the service journal and the search. */
const journalFilterShape = {
  kind: z.enum(journalKinds).optional(),
  category: z.enum(infoCategories).optional(),
  authorId: z.uuid().optional(),
  /** First and last day (Europe/Paris) of the fact. */
  from: dateField.optional(),
  to: dateField.optional(),
  urgent: boolQuery,
};

/** `GET /people/:personId/journal`. Entered-in-error entries are left out unless `includeInError=true`. */
export const journalTimelineQuerySchema = pageQuerySchema.extend({
  ...journalFilterShape,
  includeInError: boolQuery,
  /** Only entries written after this instant (the handover's "see more"). */
  writtenAfter: dateTimeField.optional(),
});
export type JournalTimelineQuery = z.infer<typeof journalTimelineQuerySchema>;

/** `GET /journal`: the service-wide journal over every person the caller may read (optionally one service). */
export const journalServiceQuerySchema = pageQuerySchema.extend({
  ...journalFilterShape,
  serviceId: z.uuid().optional(),
});
export type JournalServiceQuery = z.infer<typeof journalServiceQuerySchema>;

/** `POST /journal/search`: French full-text search (text in the body, never in the URL: SEC-DP-02). */
export const journalSearchSchema = z.strictObject({
  q: textField(200).min(2, 'At least 2 characters'),
  personId: z.uuid().optional(),
  ...journalFilterShape,
  urgent: z.boolean().optional(),
  cursor: pageQuerySchema.shape.cursor,
  limit: z.number().int().min(1).max(200).default(50),
});
export type JournalSearchInput = z.infer<typeof journalSearchSchema>;

export const journalHandoverQuerySchema = z.strictObject({
  /** Entries shown per person (the count says how many there are). */
  perPerson: z.coerce.number().int().min(1).max(50).default(5),
});

/** `POST /journal/handover/acknowledge`: "I have read the handover up to `asOf`" (the `asOf` of the list read). */
export const journalHandoverAckSchema = z.strictObject({ asOf: dateTimeField });

/** `GET /people/:personId/journal/pdf`. `categories`: comma-separated, default every category the caller reads. */
export const journalPdfQuerySchema = z.strictObject({
  from: dateField,
  to: dateField,
  categories: z
    .string()
    .regex(/^(administrative|social|health|restricted)(,(administrative|social|health|restricted))*$/, 'Comma-separated categories')
    .optional(),
});

export const journalEventsQuerySchema = z.strictObject({ personId: z.uuid().optional() });

// ---------------------------------------------------------------- answers

export const journalAuthorSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  role: z.enum(roles).nullable(),
  profession: z.enum(professions).nullable(),
});

export const journalRecipientSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  /** null: not yet acknowledged. */
  acknowledgedAt: z.iso.datetime({ offset: true }).nullable(),
});

export const journalAcknowledgementSchema = z.object({
  /** How recipients were named (each recipient is listed below). */
  careTeam: z.boolean(),
  serviceId: z.uuid().nullable(),
  recipients: z.array(journalRecipientSchema),
  pending: z.number().int(),
  /** The caller's own: null when not a recipient. */
  mine: z.enum(['pending', 'done']).nullable(),
});

export const journalAttachmentSchema = z.object({ id: z.uuid(), title: z.string(), type: z.string() });

export const journalLinksOutSchema = z.object({
  goalId: z.uuid().nullable(),
  actionId: z.uuid().nullable(),
  assessmentId: z.uuid().nullable(),
  referralId: z.uuid().nullable(),
});

export const journalEntrySchema = z.object({
  id: z.uuid(),
  person: z.object({ id: z.uuid(), displayName: z.string() }),
  kind: z.enum(journalKinds),
  category: z.enum(infoCategories),
  urgent: z.boolean(),
  text: z.string().nullable(),
  target: z
    .object({ cible: z.string(), data: z.string().nullable(), actions: z.string().nullable(), results: z.string().nullable() })
    .nullable(),
  factAt: z.iso.datetime({ offset: true }),
  /** When the entry was first written. */
  writtenAt: z.iso.datetime({ offset: true }),
  /** When the latest version was written (= writtenAt when never corrected). */
  updatedAt: z.iso.datetime({ offset: true }),
  author: journalAuthorSchema,
  /** Number of the current version (1 = never corrected); also the ETag. */
  version: z.number().int(),
  status: z.enum(journalEntryStatuses),
  enteredInError: z
    .object({ at: z.iso.datetime({ offset: true }), by: z.object({ id: z.uuid(), displayName: z.string() }), reason: z.string() })
    .nullable(),
  links: journalLinksOutSchema,
  attachments: z.array(journalAttachmentSchema),
  acknowledgement: journalAcknowledgementSchema.nullable(),
  /** What the caller may do with it (STYLE.md 5). */
  can: z.object({ correct: z.boolean(), enterInError: z.boolean(), acknowledge: z.boolean() }),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const journalPageSchema = pageSchema(journalEntrySchema);
export type JournalPage = z.infer<typeof journalPageSchema>;

export const journalVersionSchema = z.object({
  version: z.number().int(),
  kind: z.enum(journalKinds),
  category: z.enum(infoCategories),
  urgent: z.boolean(),
  text: z.string().nullable(),
  target: journalEntrySchema.shape.target,
  factAt: z.iso.datetime({ offset: true }),
  links: journalLinksOutSchema,
  attachmentIds: z.array(z.uuid()),
  writtenAt: z.iso.datetime({ offset: true }),
  by: z.object({ id: z.uuid(), displayName: z.string() }),
  /** The reason given for a correction (null for the first version). */
  reason: z.string().nullable(),
});
/** `GET /journal/entries/:id/versions`: newest first; versions of a category the caller may not read are left out. */
export const journalHistorySchema = z.object({ entry: journalEntrySchema, versions: z.array(journalVersionSchema) });
export type JournalHistory = z.infer<typeof journalHistorySchema>;

export const journalHandoverGroupSchema = z.object({
  person: z.object({ id: z.uuid(), displayName: z.string() }),
  count: z.number().int(),
  urgentCount: z.number().int(),
  toAcknowledgeCount: z.number().int(),
  /** Urgent first, then to acknowledge, then newest; at most `perPerson`. */
  entries: z.array(journalEntrySchema),
});
export const journalHandoverSchema = z.object({
  /** The moment the list was read: send it back to acknowledge the handover. */
  asOf: z.iso.datetime({ offset: true }),
  /** The caller's last acknowledgement (null: never, the list then starts 7 days ago). */
  since: z.iso.datetime({ offset: true }).nullable(),
  totals: z.object({ entries: z.number().int(), urgent: z.number().int(), toAcknowledge: z.number().int() }),
  /** Groups with an urgent entry first, then with an entry to acknowledge, then by latest entry. */
  people: z.array(journalHandoverGroupSchema),
});
export type JournalHandover = z.infer<typeof journalHandoverSchema>;

/** `GET /journal/unread`: the counts of the navigation. */
export const journalUnreadSchema = z.object({
  since: z.iso.datetime({ offset: true }).nullable(),
  entries: z.number().int(),
  urgent: z.number().int(),
  toAcknowledge: z.number().int(),
});
export type JournalUnread = z.infer<typeof journalUnreadSchema>;

/** One message of the live stream (`GET /journal/events`, `event: journal`), as the subscriber may see it. */
export const journalEventSchema = z.object({
  change: z.enum(journalChanges),
  entry: journalEntrySchema,
});
export type JournalEvent = z.infer<typeof journalEventSchema>;
