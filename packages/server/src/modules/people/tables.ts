import { sql } from 'drizzle-orm';
import { boolean, date, index, jsonb, pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId, tenantMatch, updatedAt, version } from '../../db/columns.ts';
import { appUser, service } from '../identity/tables.ts';

/**
 * The person (bénéficiaire). Column categories (SEC-DP-01): identity, contacts, address →
 * administrative; `situation` → social. The INS matricule is encrypted (AES-GCM) with a blind
 * index for duplicate detection. Never deleted: merged records keep `merged_into`.
 */
export const person = pgTable(
  'person',
  {
    id: uuid('id').primaryKey(),
    tenantId: tenantId(),
    birthName: text('birth_name').notNull(),
    usedName: text('used_name'),
    firstNames: text('first_names').notNull(),
    sex: text('sex').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    birthPlace: text('birth_place'),
    birthInseeCode: text('birth_insee_code'),
    insMatriculeEnc: text('ins_matricule_enc'),
    insMatriculeIndex: text('ins_matricule_index'),
    insOid: text('ins_oid'),
    insStatus: text('ins_status'),
    phone: text('phone'),
    mobile: text('mobile'),
    email: text('email'),
    address: jsonb('address'),
    commune: text('commune'),
    situation: jsonb('situation')
      .notNull()
      .default(sql`'{}'::jsonb`),
    serviceId: uuid('service_id').references(() => service.id),
    status: text('status').notNull().default('active'),
    referentUserId: uuid('referent_user_id').references(() => appUser.id),
    searchName: text('search_name').notNull(),
    sortName: text('sort_name').notNull(),
    mergedInto: uuid('merged_into'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    // (tenant_id, search_name) with btree_gin: under RLS, the name search reads the tenant's matches
    // only (docs/performance.md; the trigram operators are made LEAKPROOF by db/bootstrap.ts).
    index('person_search_tenant_trgm_idx').using('gin', t.tenantId, sql`${t.searchName} gin_trgm_ops`),
    index('person_birth_date_idx').on(t.tenantId, t.birthDate),
    index('person_sort_idx').on(t.tenantId, t.sortName, t.id),
    index('person_updated_idx').on(t.tenantId, t.updatedAt, t.id),
    index('person_service_idx').on(t.tenantId, t.serviceId, t.status),
    index('person_ins_idx').on(t.tenantId, t.insMatriculeIndex),
    pgPolicy('person_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

const childCols = () => ({
  id: uuid('id').primaryKey(),
  tenantId: tenantId(),
  personId: uuid('person_id')
    .notNull()
    .references(() => person.id),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
});

/** Relatives and caregivers, trusted person, emergency contact, legal representative (administrative). */
export const personRelative = pgTable(
  'person_relative',
  {
    ...childCols(),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
    relationship: text('relationship').notNull(),
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    isCaregiver: boolean('is_caregiver').notNull().default(false),
    isTrustedPerson: boolean('is_trusted_person').notNull().default(false),
    isEmergencyContact: boolean('is_emergency_contact').notNull().default(false),
    isLegalRepresentative: boolean('is_legal_representative').notNull().default(false),
    notes: text('notes'),
  },
  (t) => [
    index('person_relative_person_idx').on(t.tenantId, t.personId),
    pgPolicy('person_relative_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** Legal protection measures (social). The protector may consent and object for the person (FR-12). */
export const legalProtection = pgTable(
  'legal_protection',
  {
    ...childCols(),
    kind: text('kind').notNull(),
    protectorName: text('protector_name').notNull(),
    protectorOrganisation: text('protector_organisation'),
    protectorPhone: text('protector_phone'),
    protectorEmail: text('protector_email'),
    relativeId: uuid('relative_id').references(() => personRelative.id),
    judgmentDate: date('judgment_date', { mode: 'string' }),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    covers: text('covers').notNull(),
  },
  (t) => [
    index('legal_protection_person_idx').on(t.tenantId, t.personId),
    pgPolicy('legal_protection_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();

/** Médecin traitant and other professionals around the person (administrative). */
export const personProfessional = pgTable(
  'person_professional',
  {
    ...childCols(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    organisation: text('organisation'),
    phone: text('phone'),
    email: text('email'),
    rpps: text('rpps'),
    isTreatingDoctor: boolean('is_treating_doctor').notNull().default(false),
  },
  (t) => [
    index('person_professional_person_idx').on(t.tenantId, t.personId),
    pgPolicy('person_professional_tenant', { for: 'all', using: tenantMatch, withCheck: tenantMatch }),
  ],
).enableRLS();
