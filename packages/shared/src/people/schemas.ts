import { z } from 'zod';
import { cursorField, dateField, doneDateField, doneDateTimeField, linesField, nameField, textField } from '../api/fields.ts';
import { infoCategories, professionalCategories } from './categories.ts';
import { insOids, nirProblem, normaliseNir } from './nir.ts';

const isoDate = dateField;
const pastDate = doneDateField;
/** One line (a place, a commune, an organisation); notes and reasons are `linesField`. */
const text = textField;
const name = nameField(100);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 .()-]{6,20}$/, 'A phone number has 6 to 20 digits');
const inseeCode = z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'An INSEE commune code has 5 characters (e.g. 26362)');
const postcode = z.string().regex(/^\d{5}$/, 'A postcode has 5 digits');

export const sexes = ['female', 'male', 'unknown'] as const;
export const insStatuses = ['provisional', 'retrieved', 'qualified'] as const;
export const personStatuses = ['active', 'waiting', 'ended'] as const;
export const livingArrangements = ['alone', 'couple', 'family', 'with_relatives', 'institution', 'homeless', 'other'] as const;
export const housingKinds = ['owner', 'tenant', 'social_housing', 'hosted', 'ehpad', 'residence', 'no_fixed_abode', 'other'] as const;
export const benefits = [
  'apa',
  'pch',
  'aah',
  'rsa',
  'aspa',
  'ash',
  'apl',
  'invalidity_pension',
  'retirement_pension',
  'unemployment',
  'css',
  'other',
] as const;
export const occupations = ['employed', 'job_seeker', 'retired', 'student', 'schooled', 'unable_to_work', 'esat', 'other'] as const;
export const relationships = [
  'spouse',
  'partner',
  'child',
  'parent',
  'sibling',
  'grandchild',
  'other_family',
  'friend',
  'neighbour',
  'other',
] as const;
export const protectionKinds = [
  'tutelle',
  'curatelle',
  'curatelle_renforcee',
  'sauvegarde_justice',
  'habilitation_familiale',
  'mandat_protection_future',
] as const;
export const professionalKinds = [
  'general_practitioner',
  'specialist',
  'nurse',
  'physiotherapist',
  'pharmacist',
  'social_worker',
  'home_help',
  'other',
] as const;

export const addressSchema = z.strictObject({
  line1: text(200).min(1, 'Required'),
  line2: text(200).nullable().optional(),
  postcode,
  commune: text(100).min(1, 'Required'),
  inseeCode: inseeCode.nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
});
export type Address = z.infer<typeof addressSchema>;

export const insSchema = z
  .strictObject({
    matricule: textField(40, { trim: false })
      .transform(normaliseNir)
      .superRefine((v, ctx) => {
        const p = nirProblem(v);
        if (p) ctx.addIssue({ code: 'custom', message: p });
      }),
    oid: z.enum([insOids.nir, insOids.nia, insOids.nirTest, insOids.niaTest]),
    status: z.enum(insStatuses),
  })
  .describe('Identité nationale de santé; the matricule is stored encrypted and masked by default');

export const situationSchema = z.strictObject({
  livingArrangement: z.enum(livingArrangements).nullable().optional(),
  housing: z.enum(housingKinds).nullable().optional(),
  benefits: z.array(z.enum(benefits)).max(benefits.length).optional(),
  occupation: z.enum(occupations).nullable().optional(),
  notes: linesField(2000).nullable().optional(),
});

const personFields = {
  birthName: name,
  usedName: name.nullable().optional(),
  firstNames: name,
  sex: z.enum(sexes),
  birthDate: pastDate,
  birthPlace: text(100).nullable().optional(),
  birthInseeCode: inseeCode.nullable().optional(),
  ins: insSchema.nullable().optional(),
  phone: phone.nullable().optional(),
  mobile: phone.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  address: addressSchema.nullable().optional(),
  situation: situationSchema.optional(),
  serviceId: z.uuid().nullable().optional(),
  status: z.enum(personStatuses).optional(),
};

export const personCreateSchema = z.strictObject({
  ...personFields,
  /** set when the coordinator has seen the proposed duplicates and goes on */
  duplicatesReviewed: z.boolean().optional(),
});
export type PersonCreate = z.infer<typeof personCreateSchema>;
export const personUpdateSchema = z.strictObject(personFields).partial();

/** The record as the caller may see it: sections they may not read are null (SEC-AZ-04). */
export const personSchema = z.object({
  id: z.uuid(),
  birthName: z.string(),
  usedName: z.string().nullable(),
  firstNames: z.string(),
  sex: z.enum(sexes),
  birthDate: z.string(),
  birthPlace: z.string().nullable(),
  birthInseeCode: z.string().nullable(),
  ins: z.object({ matriculeMasked: z.string(), oid: z.string(), status: z.enum(insStatuses) }).nullable(),
  phone: z.string().nullable(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  address: addressSchema.nullable(),
  situation: situationSchema.nullable().describe('null when the caller may not read social information'),
  serviceId: z.uuid().nullable(),
  serviceName: z.string().nullable(),
  status: z.enum(personStatuses),
  referent: z.object({ userId: z.uuid(), displayName: z.string() }).nullable(),
  mergedInto: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  access: z.object({
    via: z.enum(['care_team', 'service_policy', 'consent', 'break_glass']),
    categories: z.array(z.enum(infoCategories)),
    readOnly: z.boolean(),
    breakGlassUntil: z.string().nullable(),
    can: z.object({
      update: z.boolean(),
      manageCareTeam: z.boolean(),
      manageConsent: z.boolean(),
      merge: z.boolean(),
      revealIns: z.boolean(),
    }),
  }),
});
export type Person = z.infer<typeof personSchema>;

export const personSummarySchema = z.object({
  id: z.uuid(),
  birthName: z.string(),
  usedName: z.string().nullable(),
  firstNames: z.string(),
  birthDate: z.string(),
  commune: z.string().nullable(),
  serviceId: z.uuid().nullable(),
  serviceName: z.string().nullable(),
  status: z.enum(personStatuses),
  referentName: z.string().nullable(),
  updatedAt: z.string(),
});
export type PersonSummary = z.infer<typeof personSummarySchema>;

/** Caseload search: POST, so names never travel in URLs (SEC-DP-02). */
export const caseloadQuerySchema = z.strictObject({
  scope: z.enum(['mine', 'service', 'all']).default('all'),
  q: text(100).optional(),
  status: z.enum(personStatuses).optional(),
  serviceId: z.uuid().optional(),
  referentUserId: z.uuid().optional(),
  sort: z.enum(['name', 'updated']).default('name'),
  cursor: cursorField.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type CaseloadQuery = z.infer<typeof caseloadQuerySchema>;

export const duplicateQuerySchema = z.strictObject({
  birthName: name,
  usedName: name.nullable().optional(),
  firstNames: name,
  birthDate: pastDate,
  insMatricule: textField(20).nullable().optional(),
});
export const duplicateMatchSchema = personSummarySchema.extend({
  score: z.number().describe('0–1 similarity of names; birth date is always equal'),
  reasons: z.array(z.enum(['same_ins', 'same_birth_date', 'similar_birth_name', 'similar_used_name', 'similar_first_names'])),
});

export const mergeSchema = z.strictObject({ duplicateId: z.uuid(), reason: linesField(500).min(3) });

export const relativeSchema = z.object({
  id: z.uuid(),
  lastName: z.string(),
  firstName: z.string(),
  relationship: z.enum(relationships),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  isCaregiver: z.boolean(),
  isTrustedPerson: z.boolean(),
  isEmergencyContact: z.boolean(),
  isLegalRepresentative: z.boolean(),
  notes: z.string().nullable(),
  version: z.number().int(),
});
const relativeFields = {
  lastName: name,
  firstName: name,
  relationship: z.enum(relationships),
  phone: phone.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  address: linesField(300).nullable().optional(),
  isCaregiver: z.boolean(),
  isTrustedPerson: z.boolean(),
  isEmergencyContact: z.boolean(),
  isLegalRepresentative: z.boolean(),
  notes: linesField(1000).nullable().optional(),
};
export const relativeInputSchema = z.strictObject({
  ...relativeFields,
  isCaregiver: z.boolean().default(false),
  isTrustedPerson: z.boolean().default(false),
  isEmergencyContact: z.boolean().default(false),
  isLegalRepresentative: z.boolean().default(false),
});
/** PATCH: only the fields sent change (no defaults), or `archived` to withdraw an entry made in error. */
export const relativeUpdateSchema = z.strictObject(relativeFields).partial().extend({ archived: z.boolean().optional() }).strict();

export const legalProtectionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(protectionKinds),
  protectorName: z.string(),
  protectorOrganisation: z.string().nullable(),
  protectorPhone: z.string().nullable(),
  protectorEmail: z.string().nullable(),
  relativeId: z.uuid().nullable(),
  judgmentDate: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  covers: z.enum(['person', 'property', 'both']),
  version: z.number().int(),
});
const protectionFields = {
  kind: z.enum(protectionKinds),
  protectorName: name,
  protectorOrganisation: nameField(200).nullable().optional(),
  protectorPhone: phone.nullable().optional(),
  protectorEmail: z.email().max(254).nullable().optional(),
  relativeId: z.uuid().nullable().optional(),
  judgmentDate: pastDate.nullable().optional(),
  startDate: isoDate,
  endDate: isoDate.nullable().optional(),
  covers: z.enum(['person', 'property', 'both']),
};
const endAfterStart = (v: { startDate?: string; endDate?: string | null }) => !v.endDate || !v.startDate || v.endDate >= v.startDate;
export const legalProtectionInputSchema = z
  .strictObject({ ...protectionFields, covers: protectionFields.covers.default('both') })
  .refine(endAfterStart, { message: 'The end date is before the start date', path: ['endDate'] });
export const legalProtectionUpdateSchema = z
  .strictObject(protectionFields)
  .partial()
  .extend({ archived: z.boolean().optional() })
  .strict()
  .refine(endAfterStart, { message: 'The end date is before the start date', path: ['endDate'] });

export const professionalSchema = z.object({
  id: z.uuid(),
  kind: z.enum(professionalKinds),
  name: z.string(),
  organisation: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  rpps: z.string().nullable(),
  isTreatingDoctor: z.boolean(),
  version: z.number().int(),
});
const professionalFields = {
  kind: z.enum(professionalKinds),
  name,
  organisation: nameField(200).nullable().optional(),
  phone: phone.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  rpps: z
    .string()
    .regex(/^\d{11}$/, 'An RPPS number has 11 digits')
    .nullable()
    .optional(),
  isTreatingDoctor: z.boolean(),
};
export const professionalInputSchema = z.strictObject({ ...professionalFields, isTreatingDoctor: z.boolean().default(false) });
export const professionalUpdateSchema = z.strictObject(professionalFields).partial().extend({ archived: z.boolean().optional() }).strict();

export const careTeamFunctions = [
  'referent',
  'coordinator',
  'nurse',
  'doctor',
  'social_worker',
  'care_assistant',
  'therapist',
  'psychologist',
  'other',
] as const;
export const careTeamMemberSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['internal', 'external']),
  userId: z.uuid().nullable(),
  displayName: z.string(),
  role: z.string().nullable(),
  profession: z.string().nullable(),
  function: z.enum(careTeamFunctions),
  isReferent: z.boolean(),
  restrictedAccess: z.boolean(),
  externalOrganisation: z.string().nullable(),
  externalEmail: z.string().nullable(),
  externalPhone: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export const careTeamAddSchema = z
  .strictObject({
    userId: z.uuid().nullable().optional(),
    externalName: nameField(200).nullable().optional(),
    externalOrganisation: nameField(200).nullable().optional(),
    externalEmail: z.email().max(254).nullable().optional(),
    externalPhone: phone.nullable().optional(),
    function: z.enum(careTeamFunctions),
    isReferent: z.boolean().default(false),
    restrictedAccess: z.boolean().default(false),
    startDate: isoDate,
    endDate: isoDate.nullable().optional(),
  })
  .refine((v) => !!v.userId !== !!v.externalName, {
    message: 'Choose a member of staff, or give the name of an external contact',
    path: ['userId'],
  })
  .refine((v) => !v.endDate || v.endDate >= v.startDate, { message: 'The end date is before the start date', path: ['endDate'] });
export const careTeamUpdateSchema = z
  .strictObject({
    function: z.enum(careTeamFunctions).optional(),
    isReferent: z.boolean().optional(),
    restrictedAccess: z.boolean().optional(),
    endDate: isoDate.nullable().optional(),
  })
  .strict();

export const consentMethods = ['oral', 'written', 'electronic'] as const;
export const consentMeans = ['shared_record', 'secure_messaging', 'meeting', 'phone', 'paper'] as const;
export const consentSchema = z.object({
  id: z.uuid(),
  decision: z.enum(['consent', 'objection']),
  informedAt: z.string(),
  collectedBy: z.object({ userId: z.uuid(), displayName: z.string() }),
  collectedAt: z.string(),
  method: z.enum(consentMethods),
  infoCategories: z.array(z.enum(infoCategories)),
  professionalCategories: z.array(z.enum(professionalCategories)),
  means: z.array(z.enum(consentMeans)),
  securityMeasuresExplained: z.boolean(),
  copyGiven: z.boolean(),
  givenBy: z.enum(['person', 'legal_representative']),
  representativeId: z.uuid().nullable(),
  notes: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  active: z.boolean(),
});
export const consentInputSchema = z
  .strictObject({
    decision: z.enum(['consent', 'objection']),
    informedAt: pastDate,
    collectedAt: doneDateTimeField.optional().describe('When the consent was collected; now when absent'),
    method: z.enum(consentMethods),
    infoCategories: z.array(z.enum(infoCategories)).min(1, 'Choose at least one category of information'),
    professionalCategories: z.array(z.enum(professionalCategories)).min(1, 'Choose at least one category of professionals'),
    means: z.array(z.enum(consentMeans)).min(1, 'Choose at least one means of sharing'),
    securityMeasuresExplained: z.boolean(),
    copyGiven: z.boolean(),
    givenBy: z.enum(['person', 'legal_representative']),
    representativeId: z.uuid().nullable().optional(),
    notes: linesField(1000).nullable().optional(),
  })
  .refine((v) => v.givenBy === 'person' || !!v.representativeId, {
    message: 'Name the legal representative (a relative with a recorded mandate)',
    path: ['representativeId'],
  })
  // SEC-VAL-02: a person is informed before their consent is collected (the day as the collector
  // wrote it, in their own offset). Without `collectedAt` it is now, and `informedAt` is not later.
  .refine((v) => !v.collectedAt || v.collectedAt.slice(0, 10) >= v.informedAt, {
    message: 'The consent is collected after the person was informed',
    path: ['collectedAt'],
    params: { reason: 'before_informed', i18nKey: 'people.errors.collectedBeforeInformed' },
    when: (p) => {
      const v = p.value as { informedAt?: unknown; collectedAt?: unknown } | null;
      return typeof v?.informedAt === 'string' && typeof v.collectedAt === 'string';
    },
  });
export const consentEndSchema = z.strictObject({ reason: linesField(500).min(3) });

export const breakGlassReasons = ['medical_emergency', 'social_emergency', 'continuity_of_care', 'safeguarding', 'other'] as const;
export const breakGlassInputSchema = z.strictObject({
  reasonCode: z.enum(breakGlassReasons),
  reasonText: linesField(1000).min(10, 'Explain the emergency in a few words (at least 10 characters)'),
});
export const breakGlassSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string().nullable(),
  userId: z.uuid(),
  userName: z.string(),
  userRole: z.string().nullable(),
  reasonCode: z.enum(breakGlassReasons),
  reasonText: z.string(),
  startedAt: z.string(),
  expiresAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewOutcome: z.enum(['justified', 'unjustified']).nullable(),
  reviewComment: z.string().nullable(),
});
export const breakGlassReviewSchema = z.strictObject({ outcome: z.enum(['justified', 'unjustified']), comment: linesField(1000).min(3) });

export const accessReportEntrySchema = z.object({
  occurredAt: z.string(),
  who: z.string().nullable(),
  role: z.string().nullable(),
  profession: z.string().nullable(),
  action: z.string(),
  what: z.string(),
  infoCategory: z.string().nullable(),
  purpose: z.string(),
  outcome: z.string(),
});

/** The DPO finds a person for a right-of-access request: name and exact birth date, identity only. */
export const dpoPersonSearchSchema = z.strictObject({
  name: name.describe('Birth name, used name and/or first names, in any order'),
  birthDate: pastDate,
});
export const dpoPersonMatchSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  birthDate: z.string(),
  serviceName: z.string().nullable(),
});
export type DpoPersonMatch = z.infer<typeof dpoPersonMatchSchema>;

export const documentTypes = [
  'identity',
  'health_insurance',
  'complementary_insurance',
  'mdph_decision',
  'apa_notification',
  'protection_judgment',
  'proof_of_address',
  'tax_notice',
  'medical_report',
  'prescription',
  'consent_form',
  'other',
] as const;
export type DocumentType = (typeof documentTypes)[number];
