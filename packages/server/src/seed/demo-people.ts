import { searchForm } from '@maillon/shared/people';
import type { Tx } from '../db/tx.ts';
import type { FieldCipher } from '../lib/crypto.ts';
import { newId } from '../lib/ids.ts';
import { careTeamMember, consent } from '../modules/access/tables.ts';
import { legalProtection, person, personProfessional, personRelative } from '../modules/people/tables.ts';

type Sex = 'female' | 'male';
interface DemoPerson {
  birthName: string;
  usedName?: string;
  firstNames: string;
  sex: Sex;
  birthDate: string;
  commune: [string, string, string];
  street: string;
  living: string;
  housing: string;
  benefits: string[];
  service: number;
  nurse?: boolean;
  social?: boolean;
  partner?: boolean;
  relative?: [string, string, string, boolean];
  protection?: [string, string];
  doctor?: string;
  status?: 'active' | 'waiting' | 'ended';
}

const C = {
  valence: ['Valence', '26000', '26362'],
  romans: ['Romans-sur-Isère', '26100', '26281'],
  tournon: ['Tournon-sur-Rhône', '07300', '07324'],
  tain: ["Tain-l'Hermitage", '26600', '26347'],
  bourg: ['Bourg-lès-Valence', '26500', '26058'],
  guilherand: ['Guilherand-Granges', '07500', '07102'],
  crest: ['Crest', '26400', '26108'],
  annonay: ['Annonay', '07100', '07010'],
  portes: ['Portes-lès-Valence', '26800', '26252'],
  chabeuil: ['Chabeuil', '26120', '26064'],
} as const satisfies Record<string, [string, string, string]>;

/** Realistic people of a DAC caseload; every field plausible, none real. */
const people: DemoPerson[] = [
  {
    birthName: 'Chabert',
    usedName: 'Morel',
    firstNames: 'Lucienne',
    sex: 'female',
    birthDate: '1934-02-03',
    commune: [...C.valence],
    street: '8 rue des Alpes',
    living: 'alone',
    housing: 'tenant',
    benefits: ['apa', 'aspa'],
    service: 0,
    nurse: true,
    social: true,
    partner: true,
    relative: ['Morel', 'Sylvie', 'child', true],
    doctor: 'Dr Philippe Arnaud',
  },
  {
    birthName: 'Faure',
    firstNames: 'Marcel',
    sex: 'male',
    birthDate: '1929-11-17',
    commune: [...C.romans],
    street: '14 côte des Cordeliers',
    living: 'couple',
    housing: 'owner',
    benefits: ['apa', 'retirement_pension'],
    service: 1,
    nurse: true,
    relative: ['Faure', 'Denise', 'spouse', true],
    doctor: 'Dr Anne Giraud',
  },
  {
    birthName: 'Benoît',
    firstNames: 'Gisèle',
    sex: 'female',
    birthDate: '1941-06-09',
    commune: [...C.tournon],
    street: '3 quai Farconnet',
    living: 'alone',
    housing: 'social_housing',
    benefits: ['apa', 'apl'],
    service: 3,
    social: true,
    relative: ['Benoît', 'Hervé', 'child', false],
    protection: ['curatelle_renforcee', 'UDAF de l’Ardèche'],
  },
  {
    birthName: 'Haddad',
    firstNames: 'Youssef',
    sex: 'male',
    birthDate: '1952-03-22',
    commune: [...C.valence],
    street: '27 avenue de Romans',
    living: 'alone',
    housing: 'social_housing',
    benefits: ['aah', 'css'],
    service: 0,
    social: true,
    doctor: 'Dr Claire Vincent',
  },
  {
    birthName: 'Roux',
    usedName: 'Garcia',
    firstNames: 'Monique',
    sex: 'female',
    birthDate: '1938-09-30',
    commune: [...C.bourg],
    street: '5 rue Jean Jaurès',
    living: 'with_relatives',
    housing: 'hosted',
    benefits: ['apa'],
    service: 1,
    nurse: true,
    relative: ['Garcia', 'Isabelle', 'child', true],
  },
  {
    birthName: 'Lefèvre',
    firstNames: 'André Jean',
    sex: 'male',
    birthDate: '1936-12-01',
    commune: [...C.tain],
    street: '11 avenue Jean Jaurès',
    living: 'couple',
    housing: 'owner',
    benefits: ['apa'],
    service: 0,
    nurse: true,
    partner: true,
    relative: ['Lefèvre', 'Paulette', 'spouse', true],
    doctor: 'Dr Marc Rey',
  },
  {
    birthName: 'Mercier',
    firstNames: 'Chantal',
    sex: 'female',
    birthDate: '1947-04-14',
    commune: [...C.crest],
    street: '2 rue de la Tour',
    living: 'alone',
    housing: 'tenant',
    benefits: ['invalidity_pension'],
    service: 0,
    social: true,
  },
  {
    birthName: 'Blanc',
    firstNames: 'Raymond',
    sex: 'male',
    birthDate: '1931-08-08',
    commune: [...C.annonay],
    street: '19 rue Boissy d’Anglas',
    living: 'institution',
    housing: 'ehpad',
    benefits: ['ash', 'apa'],
    service: 0,
    relative: ['Blanc', 'Nathalie', 'grandchild', false],
    protection: ['tutelle', 'Mme Nathalie Blanc'],
  },
  {
    birthName: 'Da Silva',
    firstNames: 'Maria',
    sex: 'female',
    birthDate: '1950-01-25',
    commune: [...C.portes],
    street: '6 rue Pierre Sémard',
    living: 'couple',
    housing: 'social_housing',
    benefits: ['pch'],
    service: 2,
    social: true,
    relative: ['Da Silva', 'Joaquim', 'spouse', true],
  },
  {
    birthName: 'Giraud',
    firstNames: 'Henri',
    sex: 'male',
    birthDate: '1927-05-05',
    commune: [...C.chabeuil],
    street: '1 place Génissieu',
    living: 'alone',
    housing: 'owner',
    benefits: ['apa'],
    service: 1,
    nurse: true,
    doctor: 'Dr Anne Giraud',
    status: 'waiting',
  },
  {
    birthName: 'Noël',
    firstNames: 'Gaëlle',
    sex: 'female',
    birthDate: '1975-10-12',
    commune: [...C.guilherand],
    street: '40 avenue de la République',
    living: 'family',
    housing: 'tenant',
    benefits: ['aah'],
    service: 2,
    social: true,
  },
  {
    birthName: 'Perrin',
    firstNames: 'Louis',
    sex: 'male',
    birthDate: '1940-02-28',
    commune: [...C.valence],
    street: '9 boulevard Vauban',
    living: 'alone',
    housing: 'tenant',
    benefits: ['apa'],
    service: 0,
    nurse: true,
    social: true,
    status: 'ended',
  },
];

/**
 * When each record was opened (Paris morning): followed for months or years, as a real caseload,
 * not created on the day the demo starts (issue 19 item 21). The care team and consent date from then.
 */
const SINCE = [
  '2024-10-14',
  '2025-01-20',
  '2023-06-05',
  '2025-04-07',
  '2024-03-18',
  '2025-02-03',
  '2025-09-01',
  '2022-03-28',
  '2025-06-16',
  '2025-11-03',
  '2024-09-09',
  '2024-01-15',
] as const;

/** The demo organisation's caseload: people, relatives, care teams, consents. */
export async function seedDemoPeople(
  tx: Tx,
  cipher: FieldCipher,
  ids: { serviceIds: string[]; users: Record<string, string> },
): Promise<Map<string, string>> {
  const coordinator = ids.users['coordinator']!;
  // Referents vary and follow the referent rules: the coordinator of the DAC's service for its
  // people, the case manager (of every service) for the others.
  const caseManager = ids.users['case_manager'] ?? coordinator;
  const byName = new Map<string, string>();
  for (const [i, p] of people.entries()) {
    const id = newId();
    const since = SINCE[i % SINCE.length]!;
    const referent = p.service === 0 ? coordinator : caseManager;
    byName.set(`${p.firstNames} ${p.birthName}`, id);
    const serviceId = ids.serviceIds[p.service] ?? null;
    // A test INS (OID of test matricules): valid key, never a real person.
    const body = `${p.sex === 'female' ? 2 : 1}${p.birthDate.slice(2, 4)}${p.birthDate.slice(5, 7)}${p.commune[2].slice(0, 2)}${p.commune[2].slice(2)}${String(100 + i).padStart(3, '0')}`;
    const nir = body + String(97 - Number(BigInt(body.replace('2A', '19').replace('2B', '18')) % 97n)).padStart(2, '0');
    await tx.insert(person).values({
      id,
      birthName: p.birthName,
      usedName: p.usedName ?? null,
      firstNames: p.firstNames,
      sex: p.sex,
      birthDate: p.birthDate,
      birthPlace: p.commune[0],
      insMatriculeEnc: cipher.encrypt(nir),
      insMatriculeIndex: cipher.blindIndex(nir),
      insOid: '1.2.250.1.213.1.4.10',
      insStatus: i % 3 === 0 ? 'qualified' : 'provisional',
      phone: `04 75 ${String(10 + i).padStart(2, '0')} 2${i % 10} ${String(30 + i).padStart(2, '0')}`,
      address: { line1: p.street, postcode: p.commune[1], commune: p.commune[0], inseeCode: p.commune[2] },
      commune: p.commune[0],
      situation: { livingArrangement: p.living, housing: p.housing, benefits: p.benefits },
      serviceId,
      status: p.status ?? 'active',
      referentUserId: referent,
      searchName: searchForm(p.birthName, p.usedName, p.firstNames),
      sortName: searchForm(p.usedName ?? p.birthName, p.firstNames),
      createdBy: coordinator,
      createdAt: new Date(`${since}T09:30:00+01:00`),
    });
    const member = (userId: string, fn: string, isReferent = false) =>
      tx
        .insert(careTeamMember)
        .values({ id: newId(), personId: id, userId, function: fn, isReferent, startDate: since, createdBy: coordinator });
    await member(referent, 'referent', true);
    if (referent !== coordinator) await member(coordinator, 'coordinator');
    if (p.nurse) await member(ids.users['nurse']!, 'nurse');
    if (p.nurse) await member(ids.users['care_staff']!, 'care_assistant');
    if (p.social) await member(ids.users['social_worker']!, 'social_worker');
    await tx.insert(careTeamMember).values({
      id: newId(),
      personId: id,
      externalName: p.doctor ?? 'Dr Claire Vincent',
      externalOrganisation: 'Médecin traitant',
      function: 'doctor',
      startDate: since,
      createdBy: coordinator,
    });
    if (p.partner) {
      await member(ids.users['partner']!, 'nurse');
      await tx.insert(consent).values({
        id: newId(),
        personId: id,
        decision: 'consent',
        informedAt: since,
        collectedBy: coordinator,
        collectedAt: new Date(`${since}T10:00:00+01:00`),
        method: 'written',
        infoCategories: ['administrative', 'health'],
        professionalCategories: ['health'],
        means: ['shared_record', 'meeting'],
        securityMeasuresExplained: true,
        copyGiven: true,
        givenBy: 'person',
      });
    }
    let relativeId: string | null = null;
    if (p.relative) {
      relativeId = newId();
      const [last, first, relationship, caregiver] = p.relative;
      await tx.insert(personRelative).values({
        id: relativeId,
        personId: id,
        lastName: last,
        firstName: first,
        relationship,
        phone: `06 ${String(12 + i).padStart(2, '0')} 45 67 ${String(80 + i).padStart(2, '0')}`,
        isCaregiver: caregiver,
        isTrustedPerson: true,
        isEmergencyContact: true,
        isLegalRepresentative: !!p.protection && p.protection[0] === 'tutelle',
        createdBy: coordinator,
      });
    }
    if (p.protection) {
      await tx.insert(legalProtection).values({
        id: newId(),
        personId: id,
        kind: p.protection[0],
        protectorName: p.protection[1],
        protectorOrganisation: p.protection[1].startsWith('UDAF') ? p.protection[1] : null,
        relativeId: p.protection[0] === 'tutelle' ? relativeId : null,
        startDate: '2022-03-15',
        judgmentDate: '2022-02-28',
        covers: 'both',
        createdBy: coordinator,
      });
    }
    if (p.doctor) {
      await tx.insert(personProfessional).values({
        id: newId(),
        personId: id,
        kind: 'general_practitioner',
        name: p.doctor,
        organisation: `Cabinet médical de ${p.commune[0]}`,
        isTreatingDoctor: true,
        createdBy: coordinator,
      });
    }
  }
  return byName;
}
