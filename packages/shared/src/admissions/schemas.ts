import { z } from 'zod';
import { dateField, dateTimeField, doneDateField, doneDateTimeField, linesField, nameField, textField } from '../api/fields.ts';
import { pageQuerySchema, pageSchema } from '../api/pagination.ts';
import { documentTypes } from '../documents/schemas.ts';
import { infoCategories } from '../people/categories.ts';
import { sexes } from '../people/schemas.ts';
import {
  adaptationAreas,
  checklistItemKinds,
  committeeCaseStatuses,
  committeeFunctions,
  committeeStatuses,
  currentPlaces,
  decisionModes,
  decisionOutcomes,
  homeVisitStatuses,
  placeKinds,
  referralChannels,
  referralSources,
  referralStatuses,
  referralUrgencies,
  referrerStatuses,
  waitingChangeKinds,
  waitingPriorities,
  waitingStatuses,
} from './vocabulary.ts';

// The API contract of the admissions module: requests are validated and responses serialised with
// these schemas, by the server and by the web's forms alike.

const isoDate = dateField;
const pastDate = doneDateField;
/** Reports, reasons and notes may run over several lines; one-line fields are `textField`. */
const text = linesField;
const required = (max: number) => text(max).min(1, 'Required');
/** A reason worth the name: a few words at least. */
const reason = (max: number) => text(max).min(10, 'Give the reasons in a few words (at least 10 characters)');
const name = nameField(100);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 .()-]{6,20}$/, 'A phone number has 6 to 20 digits');
const instant = dateTimeField;

// --- referrals ------------------------------------------------------------------------------------------------------

/** The person as the referrer describes them (administrative); kept as received, even once linked to a record. */
export const referralPersonSchema = z.strictObject({
  birthName: name,
  usedName: name.nullable().optional(),
  firstNames: name,
  sex: z.enum(sexes),
  birthDate: pastDate,
  phone: phone.nullable().optional(),
  commune: textField(100).nullable().optional(),
});
export type ReferralPerson = z.infer<typeof referralPersonSchema>;

const referralFields = {
  source: z.enum(referralSources),
  channel: z.enum(referralChannels),
  sourceOrganisation: nameField(200).nullable().optional(),
  referrerName: nameField(200),
  referrerFunction: textField(200).nullable().optional(),
  referrerPhone: phone.nullable().optional(),
  referrerEmail: z.email().max(254).nullable().optional(),
  receivedAt: doneDateTimeField.optional().describe('When the request arrived; now when absent'),
  urgency: z.enum(referralUrgencies),
  reason: text(4000).min(10, 'Describe the request in a few words (at least 10 characters)').describe('social'),
  medicalInformation: text(4000).nullable().optional().describe('health: only health professionals read it'),
  requestedServiceIds: z.array(z.uuid()).min(1, 'Choose at least one service').max(10),
  expectedStartDate: isoDate.nullable().optional(),
  currentPlace: z.enum(currentPlaces).nullable().optional(),
  personInformed: z.boolean().describe('The person (or their representative) knows of the request'),
  person: referralPersonSchema,
};

const organisationNeeded = (v: { source: string; sourceOrganisation?: string | null | undefined }) =>
  !(v.source === 'hospital' || v.source === 'partner') || !!v.sourceOrganisation;
const organisationIssue = {
  message: 'Name the hospital or the partner organisation',
  path: ['sourceOrganisation'],
  // checked as soon as the two fields it reads are usable, even while others are still missing, so
  // that a form shows this error with the rest instead of only once everything else is filled in
  when: (p: { value: unknown }) => {
    const v = p.value as { source?: unknown; sourceOrganisation?: unknown } | null;
    return (
      typeof v?.source === 'string' &&
      (v.sourceOrganisation === null || v.sourceOrganisation === undefined || typeof v.sourceOrganisation === 'string')
    );
  },
};

/** Intake by the service (phone, letter, e-mail…): may link a person already known. */
export const referralCreateSchema = z
  .strictObject({ ...referralFields, personId: z.uuid().nullable().optional() })
  .refine(organisationNeeded, organisationIssue);
export type ReferralCreate = z.infer<typeof referralCreateSchema>;

/** Sent by a referrer from another organisation (a partner account): no link to records, no duplicate check. */
export const referralSubmitSchema = z
  .strictObject({ ...referralFields, channel: z.literal('app').default('app') })
  .refine(organisationNeeded, organisationIssue);
export type ReferralSubmit = z.infer<typeof referralSubmitSchema>;

/** Corrections during triage (If-Match). The identity as received is not changed: the linked record is. */
export const referralUpdateSchema = z
  .strictObject({
    urgency: z.enum(referralUrgencies),
    reason: referralFields.reason,
    medicalInformation: referralFields.medicalInformation,
    serviceId: z.uuid().describe('The service that examines the request (one of those requested, or another)'),
    expectedStartDate: referralFields.expectedStartDate,
    currentPlace: referralFields.currentPlace,
    referrerPhone: referralFields.referrerPhone,
    referrerEmail: referralFields.referrerEmail,
    personInformed: z.boolean(),
    assessmentId: z.uuid().nullable().describe('The first needs evaluation: an assessment of the person'),
  })
  .partial();
export type ReferralUpdate = z.infer<typeof referralUpdateSchema>;

/** Link the referral to the person's record: an existing one, or a new one made through the duplicate check. */
export const referralLinkSchema = z.union([
  z.strictObject({ personId: z.uuid() }),
  z.strictObject({ create: z.literal(true), duplicatesReviewed: z.boolean().optional() }),
]);
export type ReferralLink = z.infer<typeof referralLinkSchema>;

export const reasonInputSchema = z.strictObject({ reason: reason(1000) });

export const referralListQuerySchema = pageQuerySchema.extend({
  status: z.enum([...referralStatuses, 'open'] as const).default('open'),
  serviceId: z.uuid().optional(),
  urgency: z.enum(referralUrgencies).optional(),
});
export type ReferralListQuery = z.infer<typeof referralListQuerySchema>;

const serviceRef = z.object({ id: z.uuid(), name: z.string() });
const userRef = z.object({ userId: z.uuid(), displayName: z.string() });

export const referralSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(referralStatuses),
  outcome: z.enum(decisionOutcomes).nullable(),
  receivedAt: z.string(),
  urgency: z.enum(referralUrgencies),
  source: z.enum(referralSources),
  sourceOrganisation: z.string().nullable(),
  personName: z.string(),
  birthDate: z.string(),
  linked: z.boolean(),
  service: serviceRef.nullable(),
  updatedAt: z.string(),
});
export type ReferralSummary = z.infer<typeof referralSummarySchema>;
/** A page of the inbox. */
export const referralListSchema = pageSchema(referralSummarySchema);

export const referralCountsSchema = z.object({
  counts: z.record(z.enum(referralStatuses), z.number().int()),
});

export const checklistItemSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(checklistItemKinds),
  documentType: z.enum(documentTypes).nullable(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  note: z.string().nullable(),
  documentStatus: z
    .enum(['present', 'expired', 'missing'])
    .nullable()
    .describe('For a document: what the record holds (null when unknown)'),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export const checklistTickSchema = z.strictObject({ done: z.boolean(), note: text(500).nullable().optional() });

export const adaptationSchema = z.strictObject({
  area: z.enum(adaptationAreas),
  where: z.enum(placeKinds),
  description: required(500),
});
/** The structured report of the pre-admission home visit (social). */
export const homeVisitReportSchema = z.strictObject({
  livingConditions: text(4000).min(3, 'Required').describe('housing, who lives there, daily life'),
  environment: text(4000).min(3, 'Required').describe('access, neighbourhood, shops, isolation'),
  needsAndWishes: text(4000).min(3, 'Required').describe("the person's needs and wishes, in their words"),
  family: text(4000).min(3, 'Required').describe('relatives and caregivers, their availability'),
  adaptations: z.array(adaptationSchema).max(30).default([]).describe('what must be adapted at home or in the establishment'),
  personPresent: z.boolean(),
  othersPresent: text(300).nullable().optional(),
});
export type HomeVisitReport = z.infer<typeof homeVisitReportSchema>;

/** The professionals present are members picked from the organisation (issue 19 item 14), each told by a notification. */
export const homeVisitPlanSchema = z.strictObject({
  plannedAt: instant,
  visitorIds: z.array(z.uuid()).min(1).max(10).describe('the members who will be present (active, of the organisation)'),
});
export const homeVisitDoneSchema = z.strictObject({ doneOn: pastDate, report: homeVisitReportSchema });
export const homeVisitSchema = z.object({
  id: z.uuid(),
  status: z.enum(homeVisitStatuses),
  plannedAt: z.string(),
  visitors: z.string().describe('the names of the professionals present, as written when the visit was planned'),
  visitorIds: z.array(z.uuid()).describe('the members picked as present; empty for visits planned with free text only'),
  doneOn: z.string().nullable(),
  report: homeVisitReportSchema.nullable().describe('null when the caller may not read social information'),
  cancelReason: z.string().nullable(),
  recordedBy: userRef.nullable(),
  version: z.number().int(),
});
export type HomeVisit = z.infer<typeof homeVisitSchema>;

// --- decisions ------------------------------------------------------------------------------------------------------

const decisionFields = {
  outcome: z.enum(decisionOutcomes),
  facts: reason(4000).describe('the facts the decision rests on'),
  needs: reason(4000).describe("the person's needs"),
  capacityNote: text(2000).nullable().optional().describe("about the service's capacity (occupancy is recorded with the decision)"),
  admissionConditions: text(4000).nullable().optional().describe('optional: an admission may be plain'),
  integrationConditions: text(4000).nullable().optional().describe('what must be ready on arrival (optional)'),
  refusalReasons: text(4000).nullable().optional(),
  redirectedTo: textField(300).nullable().optional(),
  redirectReason: text(4000).nullable().optional(),
  waitingPriority: z.enum(waitingPriorities).nullable().optional(),
  waitingReason: text(2000).nullable().optional(),
  referrerMessage: text(1000).nullable().optional().describe('What the referrer is told (no health information)'),
};

const need = (ok: boolean, path: string, message: string, ctx: z.RefinementCtx) => {
  if (!ok) ctx.addIssue({ code: 'custom', path: [path], message, params: { i18nKey: `admissions.validation.${path}` } });
};
const filled = (v: string | null | undefined, min = 10) => !!v && v.trim().length >= min;

/**
 * A decision must be reasoned: the facts and needs always, and what its outcome calls for. An
 * admission may be plain or under conditions: its conditions (admission, integration) are optional.
 */
export const decisionInputSchema = z.strictObject(decisionFields).superRefine((v, ctx) => {
  if (v.outcome === 'refused') need(filled(v.refusalReasons), 'refusalReasons', 'Give the reasons of the refusal', ctx);
  if (v.outcome === 'redirected') {
    need(filled(v.redirectedTo, 3), 'redirectedTo', 'Name the service or organisation the person is redirected to', ctx);
    need(filled(v.redirectReason), 'redirectReason', 'Give the reasons of the redirection', ctx);
  }
  if (v.outcome === 'waiting_list') {
    need(!!v.waitingPriority, 'waitingPriority', 'Choose the priority on the waiting list', ctx);
    need(filled(v.waitingReason), 'waitingReason', 'Give the reason for the waiting list', ctx);
  }
});
export type DecisionInput = z.infer<typeof decisionInputSchema>;

export const decisionSchema = z.object({
  id: z.uuid(),
  mode: z.enum(decisionModes),
  outcome: z.enum(decisionOutcomes),
  facts: z.string(),
  needs: z.string(),
  capacityNote: z.string().nullable(),
  capacity: z.number().int().nullable(),
  occupied: z.number().int(),
  waiting: z.number().int(),
  admissionConditions: z.string().nullable(),
  integrationConditions: z.string().nullable(),
  refusalReasons: z.string().nullable(),
  redirectedTo: z.string().nullable(),
  redirectReason: z.string().nullable(),
  waitingPriority: z.enum(waitingPriorities).nullable(),
  waitingReason: z.string().nullable(),
  referrerMessage: z.string().nullable(),
  decidedBy: userRef,
  decidedAt: z.string(),
  committeeId: z.uuid().nullable(),
});
export type Decision = z.infer<typeof decisionSchema>;

export const admitInputSchema = z.strictObject({
  admittedOn: isoDate,
  serviceId: z.uuid().optional().describe('Defaults to the service that examined the request'),
  placeKind: z.enum(placeKinds),
  placeLabel: textField(200).nullable().optional().describe('room, unit, or the address when at home'),
  referentUserId: z.uuid().describe('The referent coordinator, who joins the care team'),
});
export type AdmitInput = z.infer<typeof admitInputSchema>;

export const endSupportSchema = z.strictObject({ endedOn: isoDate, reason: reason(1000) });

export const referralEventSchema = z.object({
  at: z.string(),
  from: z.enum(referralStatuses).nullable(),
  to: z.enum(referralStatuses),
  by: z.string().nullable(),
  note: z.string().nullable(),
});

export const referralSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(referralStatuses),
  source: z.enum(referralSources),
  channel: z.enum(referralChannels),
  sourceOrganisation: z.string().nullable(),
  referrer: z.object({ name: z.string(), function: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }),
  submittedBy: userRef.nullable(),
  receivedAt: z.string(),
  urgency: z.enum(referralUrgencies),
  reason: z.string().nullable().describe('null when the caller may not read social information'),
  medicalInformation: z.string().nullable().describe('null when the caller may not read health information'),
  requestedServices: z.array(serviceRef),
  service: serviceRef.extend({ kind: z.string(), decisionMode: z.enum(decisionModes) }),
  expectedStartDate: z.string().nullable(),
  currentPlace: z.enum(currentPlaces).nullable(),
  personInformed: z.boolean(),
  person: referralPersonSchema.extend({ usedName: z.string().nullable(), phone: z.string().nullable(), commune: z.string().nullable() }),
  personId: z.uuid().nullable(),
  checklist: z.array(checklistItemSchema),
  homeVisits: z.array(homeVisitSchema),
  assessmentId: z.uuid().nullable(),
  decisions: z.array(decisionSchema).describe('latest first'),
  committee: z.object({ id: z.uuid(), caseId: z.uuid(), scheduledAt: z.string() }).nullable(),
  waitingList: z
    .object({
      entryId: z.uuid(),
      priority: z.enum(waitingPriorities),
      since: z.string(),
      rank: z.number().int().nullable(),
      status: z.enum(waitingStatuses),
      version: z.number().int(),
    })
    .nullable(),
  admission: z
    .object({
      admittedOn: z.string(),
      service: serviceRef,
      placeKind: z.enum(placeKinds),
      placeLabel: z.string().nullable(),
      referent: userRef.nullable(),
    })
    .nullable(),
  end: z.object({ endedOn: z.string(), reason: z.string() }).nullable(),
  withdrawal: z.object({ at: z.string(), reason: z.string() }).nullable(),
  events: z.array(referralEventSchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  access: z.object({
    via: z.enum(['triage', 'person']),
    categories: z.array(z.enum(infoCategories)),
    can: z.object({
      update: z.boolean(),
      link: z.boolean(),
      review: z.boolean(),
      present: z.boolean(),
      decide: z.boolean().describe('decide without a committee (the service lets the coordinator decide alone)'),
      admit: z.boolean(),
      withdraw: z.boolean(),
      end: z.boolean(),
    }),
  }),
});
export type Referral = z.infer<typeof referralSchema>;

/** What a referrer from another organisation sees of their request: where it stands and the decision, never the file. */
export const sentReferralSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  receivedAt: z.string(),
  personName: z.string().describe('as the referrer typed it'),
  requestedServices: z.array(z.string()),
  status: z.enum(referrerStatuses),
  decision: z
    .object({
      outcome: z.enum(decisionOutcomes),
      decidedAt: z.string(),
      message: z.string().nullable(),
      redirectedTo: z.string().nullable(),
    })
    .nullable(),
  admittedOn: z.string().nullable(),
});
export type SentReferral = z.infer<typeof sentReferralSchema>;

// --- committees -----------------------------------------------------------------------------------------------------

export const committeeMemberSchema = z.strictObject({
  function: z.enum(committeeFunctions),
  userId: z.uuid().nullable().optional(),
  name: nameField(200),
  present: z.boolean().default(true),
});
export type CommitteeMember = z.infer<typeof committeeMemberSchema>;

export const committeeCreateSchema = z.strictObject({
  scheduledAt: instant,
  location: textField(200).nullable().optional(),
  members: z.array(committeeMemberSchema).max(20).optional().describe("Defaults to the organisation's committee"),
});
export const committeeUpdateSchema = z
  .strictObject({
    scheduledAt: instant,
    location: textField(200).nullable(),
    members: z.array(committeeMemberSchema).min(1, 'A committee has at least one member').max(20),
    notes: text(4000).nullable(),
    held: z.boolean().describe('The session took place: its minutes can be issued'),
  })
  .partial();

export const committeeCaseInputSchema = z.strictObject({
  referralId: z.uuid(),
  summary: text(4000).min(10, 'Summarise the situation in a few words (at least 10 characters)').describe('the presentation of the case'),
});

export const committeeCaseSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  status: z.enum(committeeCaseStatuses),
  referralId: z.uuid(),
  reference: z.string(),
  personName: z.string(),
  birthDate: z.string(),
  service: serviceRef,
  urgency: z.enum(referralUrgencies),
  source: z.enum(referralSources),
  sourceOrganisation: z.string().nullable(),
  summary: z.string().nullable(),
  presentedBy: userRef.nullable(),
  postponeReason: z.string().nullable(),
  decision: decisionSchema.nullable(),
  version: z.number().int(),
});
export type CommitteeCase = z.infer<typeof committeeCaseSchema>;

export const committeeSchema = z.object({
  id: z.uuid(),
  scheduledAt: z.string(),
  location: z.string().nullable(),
  status: z.enum(committeeStatuses),
  members: z.array(committeeMemberSchema.extend({ userId: z.uuid().nullable(), present: z.boolean() })),
  notes: z.string().nullable(),
  cases: z.array(committeeCaseSchema),
  hiddenCases: z.number().int().describe('cases of services the caller does not triage'),
  version: z.number().int(),
  can: z.object({ update: z.boolean(), addCase: z.boolean(), decide: z.boolean() }),
});
export type Committee = z.infer<typeof committeeSchema>;

export const committeeSummarySchema = z.object({
  id: z.uuid(),
  scheduledAt: z.string(),
  location: z.string().nullable(),
  status: z.enum(committeeStatuses),
  cases: z.number().int(),
  decided: z.number().int(),
});
export const committeeListQuerySchema = pageQuerySchema.extend({ when: z.enum(['upcoming', 'past']).default('upcoming') });

// --- waiting list and capacity --------------------------------------------------------------------------------------

export const waitingListQuerySchema = z.strictObject({ serviceId: z.uuid(), limit: z.coerce.number().int().min(1).max(200).default(50) });

export const waitingChangeSchema = z.object({
  at: z.string(),
  kind: z.enum(waitingChangeKinds),
  fromPriority: z.enum(waitingPriorities).nullable(),
  toPriority: z.enum(waitingPriorities).nullable(),
  reason: z.string().nullable(),
  by: z.string().nullable(),
});

export const waitingEntrySchema = z.object({
  id: z.uuid(),
  rank: z.number().int(),
  referralId: z.uuid(),
  reference: z.string(),
  personName: z.string(),
  birthDate: z.string(),
  priority: z.enum(waitingPriorities),
  since: z.string(),
  reason: z.string().nullable().describe('the latest reason: of the decision or of the last change'),
  changeCount: z.number().int().describe('how many changes the place has had (its history: GET /waiting-list/{entryId}/history)'),
  lastChangeAt: z.string().nullable().describe('the date of the latest change'),
  version: z.number().int(),
});
export type WaitingEntry = z.infer<typeof waitingEntrySchema>;
export type WaitingChange = z.infer<typeof waitingChangeSchema>;

/** The history of one place, latest change first; loaded when the place is opened, not with the list. */
export const waitingHistorySchema = z.object({ entryId: z.uuid(), items: z.array(waitingChangeSchema).describe('latest first') });
export type WaitingHistory = z.infer<typeof waitingHistorySchema>;

export const occupancyItemSchema = z.object({
  serviceId: z.uuid(),
  name: z.string(),
  kind: z.string(),
  capacity: z.number().int().nullable(),
  occupied: z.number().int(),
  free: z.number().int().nullable(),
  rate: z.number().nullable(),
  full: z.boolean(),
  waiting: z.number().int(),
  decisionMode: z.enum(decisionModes),
});
export type OccupancyItem = z.infer<typeof occupancyItemSchema>;

export const waitingListSchema = z.object({ service: occupancyItemSchema, items: z.array(waitingEntrySchema) });
export type WaitingList = z.infer<typeof waitingListSchema>;

export const waitingUpdateSchema = z.union([
  z.strictObject({ priority: z.enum(waitingPriorities), reason: reason(1000) }),
  z.strictObject({ leave: z.literal(true), reason: reason(1000) }),
]);

// --- settings -------------------------------------------------------------------------------------------------------

export const checklistTemplateItemSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'a–z, 0–9 and _'),
  label: required(300),
  kind: z.enum(checklistItemKinds),
  documentType: z.enum(documentTypes).nullable(),
});

export const serviceSettingSchema = z.strictObject({
  decisionMode: z.enum(decisionModes),
  checklist: z.array(checklistTemplateItemSchema).max(40),
});

export const admissionSettingsInputSchema = z.strictObject({
  notifyReferrerByEmail: z.boolean(),
  committeeMembers: z.array(committeeMemberSchema).max(20),
  services: z.record(z.uuid(), serviceSettingSchema),
});
export type AdmissionSettingsInput = z.infer<typeof admissionSettingsInputSchema>;

export const admissionSettingsSchema = z.object({
  notifyReferrerByEmail: z.boolean(),
  committeeMembers: z.array(committeeMemberSchema.extend({ userId: z.uuid().nullable(), present: z.boolean() })),
  services: z.array(
    z.object({
      serviceId: z.uuid(),
      name: z.string(),
      kind: z.string(),
      capacity: z.number().int().nullable(),
      decisionMode: z.enum(decisionModes),
      checklist: z.array(checklistTemplateItemSchema),
      isDefault: z.boolean(),
    }),
  ),
  version: z.number().int().describe('0 while the organisation uses the defaults'),
});
export type AdmissionSettings = z.infer<typeof admissionSettingsSchema>;
