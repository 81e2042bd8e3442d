import { insSchema, nirProblem, normaliseNir, personCreateSchema, type Person } from '@maillon/shared/people';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { todayDay } from '../../ui/format';
import type { ServerMessages } from '../../ui/serverErrors';

/**
 * The fields of a person's identity, INS, contacts, address, situation and service, for the creation form and the
 * "Identité et situation" tab. Field names are the API's dotted paths (`address.postcode`), so that the browser's
 * and the server's errors land under the same field.
 */
export type PersonFormValues = {
  birthName: string;
  usedName: string;
  firstNames: string;
  sex: string | null;
  birthDate: string;
  birthPlace: string;
  birthInseeCode: string;
  'ins.matricule': string;
  'ins.oid': string | null;
  'ins.status': string | null;
  phone: string;
  mobile: string;
  email: string;
  'address.line1': string;
  'address.line2': string;
  'address.postcode': string;
  'address.commune': string;
  'address.inseeCode': string;
  'situation.livingArrangement': string | null;
  'situation.housing': string | null;
  'situation.benefits': string[];
  'situation.occupation': string | null;
  'situation.notes': string;
  serviceId: string | null;
  status: string | null;
};

export const PERSON_FIELDS = [
  'birthName',
  'usedName',
  'firstNames',
  'sex',
  'birthDate',
  'birthPlace',
  'birthInseeCode',
  'ins.matricule',
  'ins.oid',
  'ins.status',
  'phone',
  'mobile',
  'email',
  'address.line1',
  'address.line2',
  'address.postcode',
  'address.commune',
  'address.inseeCode',
  'situation.livingArrangement',
  'situation.housing',
  'situation.benefits',
  'situation.occupation',
  'situation.notes',
  'serviceId',
  'status',
] as const satisfies readonly (keyof PersonFormValues)[];

export const emptyPersonValues = (serviceId: string | null): PersonFormValues => ({
  birthName: '',
  usedName: '',
  firstNames: '',
  sex: null,
  birthDate: '',
  birthPlace: '',
  birthInseeCode: '',
  'ins.matricule': '',
  'ins.oid': null,
  'ins.status': null,
  phone: '',
  mobile: '',
  email: '',
  'address.line1': '',
  'address.line2': '',
  'address.postcode': '',
  'address.commune': '',
  'address.inseeCode': '',
  'situation.livingArrangement': null,
  'situation.housing': null,
  'situation.benefits': [],
  'situation.occupation': null,
  'situation.notes': '',
  serviceId,
  status: null,
});

/** The form's values for an existing record. The INS matricule is never sent back in clear: its field starts empty. */
export function personValues(p: Person): PersonFormValues {
  return {
    birthName: p.birthName,
    usedName: p.usedName ?? '',
    firstNames: p.firstNames,
    sex: p.sex,
    birthDate: p.birthDate,
    birthPlace: p.birthPlace ?? '',
    birthInseeCode: p.birthInseeCode ?? '',
    'ins.matricule': '',
    'ins.oid': p.ins?.oid ?? null,
    'ins.status': p.ins?.status ?? null,
    phone: p.phone ?? '',
    mobile: p.mobile ?? '',
    email: p.email ?? '',
    'address.line1': p.address?.line1 ?? '',
    'address.line2': p.address?.line2 ?? '',
    'address.postcode': p.address?.postcode ?? '',
    'address.commune': p.address?.commune ?? '',
    'address.inseeCode': p.address?.inseeCode ?? '',
    'situation.livingArrangement': p.situation?.livingArrangement ?? null,
    'situation.housing': p.situation?.housing ?? null,
    'situation.benefits': p.situation?.benefits ?? [],
    'situation.occupation': p.situation?.occupation ?? null,
    'situation.notes': p.situation?.notes ?? '',
    serviceId: p.serviceId,
    status: p.status,
  };
}

const blank = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The shared schema, with the two rules it words in English given a key of the UI catalogue. */
const uiIns = insSchema.extend({
  matricule: z
    .string()
    .transform(normaliseNir)
    .superRefine((value, ctx) => {
      const problem = nirProblem(value);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          message: problem,
          params: { i18nKey: problem.startsWith('The key') ? 'people.errors.insKey' : 'people.errors.insFormat' },
        });
    }),
});
const uiBirthDate = z.iso.date().refine((day) => day <= todayDay(), { params: { i18nKey: 'people.errors.futureBirthDate' } });

export const personFormSchema = personCreateSchema.extend({
  birthDate: uiBirthDate,
  ins: uiIns.nullable().optional(),
  status: personCreateSchema.shape.status,
});

export interface PrepareOptions {
  /** Editing: the matricule is sent only when a new one is typed, the status and situation as allowed. */
  mode: 'create' | 'edit';
  /** The caller may read and write the social situation. */
  withSituation: boolean;
}

/** The form's values as the API's body. */
export function preparePerson(v: PersonFormValues, { mode, withSituation }: PrepareOptions): Record<string, unknown> {
  const matricule = v['ins.matricule'].trim();
  const addressGiven = (['address.line1', 'address.line2', 'address.postcode', 'address.commune', 'address.inseeCode'] as const).some(
    (field) => v[field].trim() !== '',
  );
  const body: Record<string, unknown> = {
    birthName: v.birthName.trim(),
    usedName: blank(v.usedName),
    firstNames: v.firstNames.trim(),
    sex: v.sex,
    birthDate: v.birthDate,
    birthPlace: blank(v.birthPlace),
    birthInseeCode: blank(v.birthInseeCode),
    phone: blank(v.phone),
    mobile: blank(v.mobile),
    email: blank(v.email),
    address: addressGiven
      ? {
          line1: v['address.line1'].trim(),
          line2: blank(v['address.line2']),
          postcode: v['address.postcode'].trim(),
          commune: v['address.commune'].trim(),
          inseeCode: blank(v['address.inseeCode']),
        }
      : null,
    serviceId: v.serviceId,
  };
  if (matricule) body.ins = { matricule, oid: v['ins.oid'], status: v['ins.status'] };
  else if (mode === 'create') body.ins = null;
  if (withSituation) {
    body.situation = {
      livingArrangement: v['situation.livingArrangement'],
      housing: v['situation.housing'],
      benefits: v['situation.benefits'],
      occupation: v['situation.occupation'],
      notes: blank(v['situation.notes']),
    };
  }
  if (mode === 'edit' && v.status) body.status = v.status;
  return body;
}

/** Messages of the formats the schema words in English. */
export const personFormMessages = (t: TFunction): Partial<Record<string, string>> => ({
  birthInseeCode: t('people.errors.inseeCode'),
  'address.inseeCode': t('people.errors.inseeCode'),
  'address.postcode': t('people.errors.postcode'),
  phone: t('people.errors.phone'),
  mobile: t('people.errors.phone'),
});

/** The same for the server's field errors, with its own codes. */
export const personServerMessages = (t: TFunction): ServerMessages => ({
  byCode: { unknown_service: t('people.errors.unknownService') },
  byPath: {
    ...personFormMessages(t),
    'ins.matricule': t('people.errors.insKey'),
    birthDate: t('people.errors.futureBirthDate'),
    email: t('validation.email'),
  },
  fields: PERSON_FIELDS,
});
