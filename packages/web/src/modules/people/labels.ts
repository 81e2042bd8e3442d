import {
  benefits,
  documentTypes,
  housingKinds,
  insOids,
  insStatuses,
  livingArrangements,
  occupations,
  personStatuses,
  professionalKinds,
  protectionKinds,
  relationships,
  sexes,
  type DocumentType,
} from '@maillon/shared/people';
import type { TFunction } from 'i18next';

/** French (or English) names of the record's vocabularies; the codes themselves are never shown. */

export type Sex = (typeof sexes)[number];
export type InsStatus = (typeof insStatuses)[number];
export type PersonStatus = (typeof personStatuses)[number];
export type LivingArrangement = (typeof livingArrangements)[number];
export type HousingKind = (typeof housingKinds)[number];
export type Benefit = (typeof benefits)[number];
export type Occupation = (typeof occupations)[number];
export type Relationship = (typeof relationships)[number];
export type ProtectionKind = (typeof protectionKinds)[number];
export type ProtectionCovers = 'person' | 'property' | 'both';
export type ProfessionalKind = (typeof professionalKinds)[number];
export type DuplicateReason = 'same_ins' | 'same_birth_date' | 'similar_birth_name' | 'similar_used_name' | 'similar_first_names';

export interface Option<T extends string> {
  value: T;
  label: string;
}

const optionsOf = <T extends string>(values: readonly T[], label: (value: T) => string): Option<T>[] =>
  values.map((value) => ({ value, label: label(value) }));

/** True when `value` is one of `values` (e.g. a Select's string narrowed to an enum). */
export const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

export const sexLabel = (t: TFunction, v: Sex) => t(`people.enums.sex.${v}`);
export const insStatusLabel = (t: TFunction, v: InsStatus) => t(`people.enums.insStatus.${v}`);
export const personStatusLabel = (t: TFunction, v: PersonStatus) => t(`people.enums.status.${v}`);
export const livingLabel = (t: TFunction, v: LivingArrangement) => t(`people.enums.living.${v}`);
export const housingLabel = (t: TFunction, v: HousingKind) => t(`people.enums.housing.${v}`);
export const benefitLabel = (t: TFunction, v: Benefit) => t(`people.enums.benefit.${v}`);
export const occupationLabel = (t: TFunction, v: Occupation) => t(`people.enums.occupation.${v}`);
export const relationshipLabel = (t: TFunction, v: Relationship) => t(`people.enums.relationship.${v}`);
export const protectionKindLabel = (t: TFunction, v: ProtectionKind) => t(`people.enums.protection.${v}`);
export const coversLabel = (t: TFunction, v: ProtectionCovers) => t(`people.enums.covers.${v}`);
export const professionalKindLabel = (t: TFunction, v: ProfessionalKind) => t(`people.enums.professional.${v}`);
export const duplicateReasonLabel = (t: TFunction, v: DuplicateReason) => t(`people.enums.duplicateReason.${v}`);
export const documentTypeLabel = (t: TFunction, v: DocumentType) => t(`people.enums.documentType.${v}`);

export const sexOptions = (t: TFunction) => optionsOf(sexes, (v) => sexLabel(t, v));
export const insStatusOptions = (t: TFunction) => optionsOf(insStatuses, (v) => insStatusLabel(t, v));
export const personStatusOptions = (t: TFunction) => optionsOf(personStatuses, (v) => personStatusLabel(t, v));
export const livingOptions = (t: TFunction) => optionsOf(livingArrangements, (v) => livingLabel(t, v));
export const housingOptions = (t: TFunction) => optionsOf(housingKinds, (v) => housingLabel(t, v));
export const benefitOptions = (t: TFunction) => optionsOf(benefits, (v) => benefitLabel(t, v));
export const occupationOptions = (t: TFunction) => optionsOf(occupations, (v) => occupationLabel(t, v));
export const relationshipOptions = (t: TFunction) => optionsOf(relationships, (v) => relationshipLabel(t, v));
export const protectionKindOptions = (t: TFunction) => optionsOf(protectionKinds, (v) => protectionKindLabel(t, v));
export const coversOptions = (t: TFunction) => optionsOf(['person', 'property', 'both'] as const, (v) => coversLabel(t, v));
export const professionalKindOptions = (t: TFunction) => optionsOf(professionalKinds, (v) => professionalKindLabel(t, v));
export const documentTypeOptions = (t: TFunction) => optionsOf(documentTypes, (v) => documentTypeLabel(t, v));

/** The INS OIDs: NIR or NIA (and their test counterparts, for test identities only). */
export const INS_OIDS = [insOids.nir, insOids.nia, insOids.nirTest, insOids.niaTest] as const;
export type InsOid = (typeof INS_OIDS)[number];
const OID_KEYS = { [insOids.nir]: 'nir', [insOids.nia]: 'nia', [insOids.nirTest]: 'nirTest', [insOids.niaTest]: 'niaTest' } as const;
export const insOidLabel = (t: TFunction, oid: string) => (isOneOf(INS_OIDS, oid) ? t(`people.enums.insOid.${OID_KEYS[oid]}`) : oid);
export const insOidOptions = (t: TFunction) => optionsOf(INS_OIDS, (v) => insOidLabel(t, v));

export function personStatusColor(status: PersonStatus): string {
  switch (status) {
    case 'active':
      return 'teal';
    case 'waiting':
      return 'orange';
    case 'ended':
      return 'gray';
  }
}
