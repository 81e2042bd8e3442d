import { z } from 'zod';
import { dateField, linesField, textField } from '../api/fields.ts';
import { pageQuerySchema } from '../api/pagination.ts';
import { documentTypes, type DocumentType } from '../people/schemas.ts';
import type { InfoCategory } from '../people/categories.ts';
import type { ServiceKind } from '../identity/roles.ts';

export { documentTypes, type DocumentType };

/** Categories a document can carry: `restricted` is for named people, never a document type's default. */
export type DocumentCategory = Exclude<InfoCategory, 'restricted'>;

/**
 * The information category of each document type (SEC-DP-01): who may read it follows from it.
 * Medical content is `health` (health secrecy); benefits, taxes and court decisions are `social`.
 */
export const documentCategoryOf: Record<DocumentType, DocumentCategory> = {
  identity: 'administrative',
  health_insurance: 'administrative',
  complementary_insurance: 'administrative',
  mdph_decision: 'health',
  apa_notification: 'social',
  protection_judgment: 'social',
  proof_of_address: 'administrative',
  tax_notice: 'social',
  medical_report: 'health',
  prescription: 'health',
  consent_form: 'administrative',
  other: 'administrative',
};

/** Media types accepted, as detected from the file's content (SEC-VAL-08), with their usual extensions. */
export const documentMediaTypes = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/heic': ['heic'],
  'image/heif': ['heif', 'heic'],
} as const satisfies Record<string, readonly string[]>;
export type DocumentMediaType = keyof typeof documentMediaTypes;
export const documentMediaTypeList = Object.keys(documentMediaTypes) as DocumentMediaType[];

/** Default upload limit (10 MiB); the server may be configured otherwise. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/**
 * Checklist applied to a scope that has never been saved: identity, health insurance and proof
 * of address for the whole organisation; the APA notification in home-help services (SAAD).
 */
export const defaultDocumentChecklist: {
  organisation: readonly DocumentType[];
  serviceKinds: Partial<Record<ServiceKind, readonly DocumentType[]>>;
} = {
  organisation: ['identity', 'health_insurance', 'proof_of_address'],
  serviceKinds: { saad: ['apa_notification'] },
};

const isoDate = dateField;
/** Multipart fields arrive as strings: an empty field means "not given". */
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

/** The text fields sent beside the file in `multipart/form-data` (the file itself is the part named `file`). */
export const documentUploadFieldsSchema = z.strictObject({
  type: z.enum(documentTypes),
  title: z.preprocess(emptyAsUndefined, textField(200).min(1, 'Required').optional()),
  validUntil: z.preprocess(emptyAsUndefined, isoDate.optional()),
});
export type DocumentUploadFields = z.infer<typeof documentUploadFieldsSchema>;

export const documentArchiveSchema = z.strictObject({
  reason: linesField(500).min(3, 'Give a reason (at least 3 characters)'),
});

export const documentListQuerySchema = pageQuerySchema.extend({
  type: z.enum(documentTypes).optional(),
  includeArchived: z.enum(['true', 'false']).optional(),
});
export type DocumentListQuery = z.infer<typeof documentListQuerySchema>;

/** A document as the API shows it: never the storage key. */
export const documentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  type: z.enum(documentTypes),
  category: z.enum(['administrative', 'social', 'health']),
  title: z.string(),
  fileName: z.string().describe('The original file name, cleaned; for display only'),
  mediaType: z.string().describe('Detected from the content, not from the name or the declared type'),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  validUntil: z.string().nullable(),
  expired: z.boolean(),
  uploadedBy: z.object({ userId: z.uuid(), displayName: z.string().nullable() }),
  createdAt: z.string(),
  archivedAt: z.string().nullable(),
  archiveReason: z.string().nullable(),
  version: z.number().int(),
  can: z.object({ download: z.boolean(), archive: z.boolean() }),
});
export type PersonDocument = z.infer<typeof documentSchema>;

/** One scope of the organisation's checklist: the whole organisation (`serviceId` null) or one service. */
export const checklistScopeSchema = z.object({
  serviceId: z.uuid().nullable(),
  serviceName: z.string().nullable(),
  types: z.array(z.enum(documentTypes)),
  isDefault: z.boolean().describe('true when this scope was never saved and the default list applies'),
  version: z.number().int().describe('0 while the default applies; send it as If-Match to save'),
});
export type ChecklistScope = z.infer<typeof checklistScopeSchema>;
export const organisationChecklistSchema = z.object({ items: z.array(checklistScopeSchema) });

export const checklistUpdateSchema = z.strictObject({
  serviceId: z.uuid().nullable(),
  types: z
    .array(z.enum(documentTypes))
    .max(documentTypes.length)
    .refine((t) => new Set(t).size === t.length, 'Each type only once'),
});
export type ChecklistUpdate = z.infer<typeof checklistUpdateSchema>;

export const checklistStatuses = ['present', 'missing', 'expired'] as const;
export type ChecklistStatus = (typeof checklistStatuses)[number];

export const personChecklistItemSchema = z.object({
  type: z.enum(documentTypes),
  category: z.enum(['administrative', 'social', 'health']),
  requiredBy: z.enum(['organisation', 'service']),
  status: z.enum(checklistStatuses),
  document: documentSchema.nullable().describe('present: the latest valid document; expired: the latest expired one'),
});
export type PersonChecklistItem = z.infer<typeof personChecklistItemSchema>;
export const personChecklistSchema = z.object({ items: z.array(personChecklistItemSchema) });
