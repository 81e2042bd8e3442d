import pg from 'pg';
import { insOids, searchForm } from '@maillon/shared/people';
import type { FieldCipher } from '../packages/server/src/lib/crypto.ts';
import {
  COMMUNES,
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  ORGANISATIONS,
  OTHER_BIRTH_PLACES,
  SERVICE_KINDS,
  STREETS,
  SURNAMES,
} from './fr-data.ts';
import { Rng, uuidv7At } from './prng.ts';

export const ORG_COUNT = 20;
export const PEOPLE_PER_ORG = 10_000;
export const BENCH_EMAIL_DOMAIN = 'bench.maillon.fr';

const DAY = 86_400_000;
/** Records were created between these dates: fixed (reproducible) and in the past (care teams are active). */
const T0 = Date.UTC(2020, 0, 1);
const T1 = Date.UTC(2024, 11, 31);

export interface Staff {
  id: string;
  email: string;
  displayName: string;
  role: 'admin' | 'director' | 'coordinator' | 'health_professional' | 'social_worker';
  profession: string | null;
  serviceId: string | null;
}

export interface OrgData {
  id: string;
  name: string;
  services: { id: string; name: string; kind: string }[];
  staff: Staff[];
}

export interface Generated {
  orgs: OrgData[];
  counts: { people: number; careTeam: number; consents: number; users: number; services: number };
  seconds: { insert: number; vacuumAnalyze: number; total: number };
}

interface Col {
  name: string;
  /** element type of the array parameter */
  type: string;
  /** cast applied to each element after unnest (text[] columns travel as array literals) */
  cast?: string;
}

/**
 * One INSERT … SELECT FROM unnest($1::t1[], $2::t2[], …) per chunk: a few statements per tenant
 * instead of one per row, and no limit on the number of parameters.
 */
async function insertMany(client: pg.ClientBase, table: string, cols: Col[], rows: unknown[][], chunk = 5000): Promise<void> {
  const names = cols.map((c) => `"${c.name}"`).join(', ');
  const text = `insert into ${table} (${names})
    select ${cols.map((c) => (c.cast ? `x."${c.name}"::${c.cast}` : `x."${c.name}"`)).join(', ')}
    from unnest(${cols.map((c, j) => `$${j + 1}::${c.type}[]`).join(', ')}) as x(${names})`;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await client.query(
      text,
      cols.map((_, c) => part.map((r) => r[c] ?? null)),
    );
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => iso(ms).slice(0, 10);
const slug = (s: string) => searchForm(s).replace(/[^a-z0-9]+/g, '-');
const arrayLiteral = (xs: readonly string[]) => `{${xs.join(',')}}`;

/** A valid NIR (sex, year, month, department + commune of birth, order, key 97 − n mod 97). */
function nir(rng: Rng, sex: 'female' | 'male', birthDate: string, birthInsee: string): string {
  const body = `${sex === 'male' ? 1 : 2}${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthInsee}${String(rng.int(1, 999)).padStart(3, '0')}`;
  const key = 97 - Number(BigInt(body) % 97n);
  return `${body}${String(key).padStart(2, '0')}`;
}

function phone(rng: Rng, prefix: string): string {
  const pairs = Array.from({ length: 4 }, () => String(rng.int(0, 99)).padStart(2, '0'));
  return `${prefix} ${pairs.join(' ')}`;
}

/** The organisation, its services and staff: deterministic for a given organisation index. */
function planOrg(rng: Rng, o: number, fullName: (female: boolean) => [string, string]): OrgData {
  const id = uuidv7At(rng, Date.UTC(2019, 0, 1) + o * 60_000);
  const area = Array.from({ length: 12 }, (_, k) => COMMUNES[(o * 3 + k) % COMMUNES.length]!);
  const serviceCount = 3 + (o % 2);
  const services = Array.from({ length: serviceCount }, (_, k) => {
    const [kind, label] = SERVICE_KINDS[(o + k) % SERVICE_KINDS.length]!;
    return { id: uuidv7At(rng, Date.UTC(2019, 0, 2) + o * 60_000 + k), name: `${label} ${area[k * 3]![0]}`, kind };
  });
  const staff: Staff[] = [];
  let n = 0;
  const add = (role: Staff['role'], profession: string | null, serviceId: string | null) => {
    const [first, last] = fullName(rng.chance(0.75));
    n += 1;
    staff.push({
      id: uuidv7At(rng, Date.UTC(2019, 0, 3) + o * 60_000 + n),
      email: `${slug(first)}.${slug(last)}.o${o + 1}-${n}@${BENCH_EMAIL_DOMAIN}`,
      displayName: `${first} ${last}`,
      role,
      profession,
      serviceId,
    });
  };
  for (const s of services) {
    add('coordinator', 'coordinating_nurse', s.id);
    add('coordinator', 'case_manager', s.id);
    for (let k = 0; k < 4; k++) add('health_professional', 'nurse', s.id);
    for (let k = 0; k < 2; k++) add('social_worker', 'social_worker', s.id);
  }
  add('director', null, null);
  add('admin', 'administrative', null);
  return { id, name: ORGANISATIONS[o]!, services, staff };
}

const PERSON_COLS: Col[] = [
  { name: 'id', type: 'uuid' },
  { name: 'tenant_id', type: 'uuid' },
  { name: 'birth_name', type: 'text' },
  { name: 'used_name', type: 'text' },
  { name: 'first_names', type: 'text' },
  { name: 'sex', type: 'text' },
  { name: 'birth_date', type: 'date' },
  { name: 'birth_place', type: 'text' },
  { name: 'birth_insee_code', type: 'text' },
  { name: 'ins_matricule_enc', type: 'text' },
  { name: 'ins_matricule_index', type: 'text' },
  { name: 'ins_oid', type: 'text' },
  { name: 'ins_status', type: 'text' },
  { name: 'phone', type: 'text' },
  { name: 'mobile', type: 'text' },
  { name: 'email', type: 'text' },
  { name: 'address', type: 'jsonb' },
  { name: 'commune', type: 'text' },
  { name: 'situation', type: 'jsonb' },
  { name: 'service_id', type: 'uuid' },
  { name: 'status', type: 'text' },
  { name: 'referent_user_id', type: 'uuid' },
  { name: 'search_name', type: 'text' },
  { name: 'sort_name', type: 'text' },
  { name: 'created_by', type: 'uuid' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];

const TEAM_COLS: Col[] = [
  { name: 'id', type: 'uuid' },
  { name: 'tenant_id', type: 'uuid' },
  { name: 'person_id', type: 'uuid' },
  { name: 'user_id', type: 'uuid' },
  { name: 'function', type: 'text' },
  { name: 'is_referent', type: 'bool' },
  { name: 'restricted_access', type: 'bool' },
  { name: 'start_date', type: 'date' },
  { name: 'end_date', type: 'date' },
  { name: 'created_by', type: 'uuid' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];

const CONSENT_COLS: Col[] = [
  { name: 'id', type: 'uuid' },
  { name: 'tenant_id', type: 'uuid' },
  { name: 'person_id', type: 'uuid' },
  { name: 'decision', type: 'text' },
  { name: 'informed_at', type: 'date' },
  { name: 'collected_by', type: 'uuid' },
  { name: 'collected_at', type: 'timestamptz' },
  { name: 'method', type: 'text' },
  { name: 'info_categories', type: 'text', cast: 'text[]' },
  { name: 'professional_categories', type: 'text', cast: 'text[]' },
  { name: 'means', type: 'text', cast: 'text[]' },
  { name: 'security_measures_explained', type: 'bool' },
  { name: 'copy_given', type: 'bool' },
  { name: 'given_by', type: 'text' },
  { name: 'created_at', type: 'timestamptz' },
];

const LIVING = ['alone', 'alone', 'couple', 'family', 'with_relatives', 'institution'] as const;
const HOUSING = ['owner', 'tenant', 'social_housing', 'hosted', 'residence'] as const;
const TEAM_FUNCTION: Record<string, string> = { health_professional: 'nurse', social_worker: 'social_worker', coordinator: 'coordinator' };

/**
 * Generates and loads the bench data set through the owner connection (a superuser: RLS does not
 * apply, tenant_id is given explicitly), one transaction per organisation, then VACUUM ANALYZE.
 */
export async function generate(opts: {
  adminUrl: string;
  scale: number;
  cipher: FieldCipher;
  passwordHash: string;
  seed?: number;
  log: (line: string) => void;
}): Promise<Generated> {
  const started = performance.now();
  const rng = new Rng(opts.seed ?? 20_260_401);
  const perOrg = Math.max(50, Math.round(PEOPLE_PER_ORG * opts.scale));
  const fullName = (female: boolean): [string, string] => [
    rng.pickSkewed(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
    rng.pickSkewed(SURNAMES),
  ];
  const counts = { people: 0, careTeam: 0, consents: 0, users: 0, services: 0 };
  const orgs: OrgData[] = [];
  const client = new pg.Client({ connectionString: opts.adminUrl });
  await client.connect();
  try {
    for (let o = 0; o < ORG_COUNT; o++) {
      const org = planOrg(rng, o, fullName);
      orgs.push(org);
      const area = Array.from({ length: 12 }, (_, k) => COMMUNES[(o * 3 + k) % COMMUNES.length]!);
      const people: unknown[][] = [];
      const team: unknown[][] = [];
      const consents: unknown[][] = [];
      const byService = new Map(
        org.services.map((s) => [
          s.id,
          {
            coordinators: org.staff.filter((u) => u.serviceId === s.id && u.role === 'coordinator'),
            others: org.staff.filter((u) => u.serviceId === s.id && u.role !== 'coordinator'),
          },
        ]),
      );
      const careStaff = org.staff.filter((u) => u.serviceId !== null);
      for (let k = 0; k < perOrg; k++) {
        const sex = rng.chance(0.53) ? 'female' : 'male';
        const year = rng.chance(0.72) ? rng.int(1925, 1955) : rng.int(1956, 2005);
        const birthDate = isoDate(Date.UTC(year, 0, 1) + rng.int(0, 364) * DAY);
        const first = rng.pickSkewed(sex === 'female' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
        const second = rng.chance(0.3) ? rng.pick(sex === 'female' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES) : null;
        const firstNames = second && second !== first ? `${first} ${second}` : first;
        const birthName = rng.pickSkewed(SURNAMES);
        const usedName = sex === 'female' && year < 1985 && rng.chance(0.55) ? rng.pickSkewed(SURNAMES) : null;
        const service = rng.pick(org.services);
        const staffOfService = byService.get(service.id)!;
        const referent = rng.pick(staffOfService.coordinators);
        const status = rng.chance(0.82) ? 'active' : rng.chance(0.45) ? 'waiting' : 'ended';
        const [commune, postcode, insee] = rng.chance(0.85) ? rng.pick(area) : rng.pick(COMMUNES);
        // Born in the area, elsewhere in France, or unknown (no INS then).
        const birth = rng.next();
        let birthPlace: string | null = null;
        let birthInsee: string | null = null;
        if (birth < 0.65) [birthPlace, , birthInsee] = rng.pick(COMMUNES);
        else if (birth < 0.9) [birthPlace, birthInsee] = rng.pick(OTHER_BIRTH_PLACES);
        const createdMs = T0 + Math.floor(rng.next() * (T1 - T0));
        const updatedMs = Math.min(T1, createdMs + rng.int(0, 300) * DAY + rng.int(0, DAY - 1));
        const id = uuidv7At(rng, createdMs);
        let ins: [string, string, string, string] | [null, null, null, null] = [null, null, null, null];
        if (birthInsee && rng.chance(0.55)) {
          const matricule = nir(rng, sex, birthDate, birthInsee);
          const st = rng.chance(0.75) ? 'qualified' : rng.chance(0.6) ? 'retrieved' : 'provisional';
          ins = [opts.cipher.encrypt(matricule), opts.cipher.blindIndex(matricule), insOids.nir, st];
        }
        const age = 2025 - year;
        const situation = {
          livingArrangement: rng.pick(LIVING),
          housing: rng.pick(HOUSING),
          benefits:
            age >= 60
              ? rng.sample(['apa', 'retirement_pension', 'aspa', 'apl'], rng.int(1, 3))
              : rng.sample(['aah', 'pch', 'rsa', 'css'], rng.int(0, 2)),
          occupation: age >= 62 ? 'retired' : rng.pick(['employed', 'job_seeker', 'unable_to_work', 'other']),
        };
        people.push([
          id,
          org.id,
          birthName,
          usedName,
          firstNames,
          sex,
          birthDate,
          birthPlace,
          birthInsee,
          ...ins,
          rng.chance(0.6) ? phone(rng, rng.chance(0.7) ? '04 75' : '04 76') : null,
          rng.chance(0.5) ? phone(rng, rng.chance(0.5) ? '06' : '07') : null,
          rng.chance(0.2) ? `${slug(first)}.${slug(usedName ?? birthName)}${rng.int(1, 99)}@exemple.fr` : null,
          JSON.stringify({ line1: `${rng.int(1, 120)} ${rng.pick(STREETS)}`, postcode, commune, inseeCode: insee }),
          commune,
          JSON.stringify(situation),
          service.id,
          status,
          referent.id,
          // exactly what person.service.ts computes
          searchForm(birthName, usedName, firstNames),
          searchForm(usedName ?? birthName, firstNames),
          referent.id,
          iso(createdMs),
          iso(updatedMs),
        ]);
        // Care team: the referent coordinator and 1–3 others of the service, sometimes someone of another service.
        const members = rng.sample(
          staffOfService.others.concat(staffOfService.coordinators.filter((c) => c.id !== referent.id)),
          rng.int(1, 3),
        );
        if (rng.chance(0.1)) {
          const other = rng.pick(careStaff);
          if (other.id !== referent.id && !members.includes(other)) members.push(other);
        }
        const teamRow = (u: Staff, fn: string, isRef: boolean, j: number, endMs: number | null) =>
          team.push([
            uuidv7At(rng, createdMs + j + 1),
            org.id,
            id,
            u.id,
            fn,
            isRef,
            !isRef && u.role === 'health_professional' && rng.chance(0.05),
            isoDate(createdMs),
            endMs === null ? null : isoDate(endMs),
            referent.id,
            iso(createdMs),
            iso(endMs ?? createdMs),
          ]);
        teamRow(referent, 'referent', true, 0, null);
        members.forEach((u, j) => teamRow(u, TEAM_FUNCTION[u.role] ?? 'other', false, j + 1, null));
        // Now and then, a former member whose participation ended (history, not access).
        if (rng.chance(0.05)) teamRow(rng.pick(careStaff), 'other', false, 9, Math.min(T1, createdMs + rng.int(30, 400) * DAY));
        if (rng.chance(0.35)) {
          const objection = rng.chance(0.08);
          consents.push([
            uuidv7At(rng, createdMs + 20),
            org.id,
            id,
            objection ? 'objection' : 'consent',
            isoDate(createdMs),
            referent.id,
            iso(createdMs + 3_600_000),
            rng.pick(['oral', 'written', 'electronic']),
            arrayLiteral(rng.chance(0.5) ? ['administrative', 'social'] : ['administrative', 'social', 'health']),
            arrayLiteral(rng.sample(['health', 'social', 'medico_social'], rng.int(1, 3))),
            arrayLiteral(rng.sample(['shared_record', 'secure_messaging', 'meeting', 'phone', 'paper'], rng.int(1, 2))),
            true,
            rng.chance(0.6),
            'person',
            iso(createdMs + 3_600_000),
          ]);
        }
      }

      await client.query('begin');
      await client.query(`insert into organisation (id, name, finess, settings, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)`, [
        org.id,
        org.name,
        String(260_000_000 + o * 1_013).padStart(9, '0'),
        JSON.stringify({ mfaRequiredRoles: [] }),
        iso(Date.UTC(2019, 0, 1)),
      ]);
      await insertMany(
        client,
        'service',
        [
          { name: 'id', type: 'uuid' },
          { name: 'tenant_id', type: 'uuid' },
          { name: 'name', type: 'text' },
          { name: 'kind', type: 'text' },
          { name: 'capacity', type: 'int4' },
        ],
        org.services.map((s) => [s.id, org.id, s.name, s.kind, rng.int(30, 120)]),
      );
      await insertMany(
        client,
        'app_user',
        [
          { name: 'id', type: 'uuid' },
          { name: 'email', type: 'text' },
          { name: 'display_name', type: 'text' },
          { name: 'password_hash', type: 'text' },
          { name: 'password_changed_at', type: 'timestamptz' },
        ],
        org.staff.map((u) => [u.id, u.email, u.displayName, opts.passwordHash, iso(Date.UTC(2019, 0, 3))]),
      );
      await insertMany(
        client,
        'membership',
        [
          { name: 'id', type: 'uuid' },
          { name: 'tenant_id', type: 'uuid' },
          { name: 'user_id', type: 'uuid' },
          { name: 'role', type: 'text' },
          { name: 'profession', type: 'text' },
          { name: 'service_id', type: 'uuid' },
          { name: 'job_title', type: 'text' },
        ],
        org.staff.map((u) => [
          uuidv7At(rng, Date.UTC(2019, 0, 4) + o * 60_000),
          org.id,
          u.id,
          u.role,
          u.profession,
          u.serviceId,
          {
            coordinator: 'Coordinatrice de parcours',
            health_professional: 'Infirmier·e',
            social_worker: 'Assistant·e de service social',
            director: 'Direction',
            admin: 'Administration',
          }[u.role],
        ]),
      );
      await insertMany(client, 'person', PERSON_COLS, people);
      await insertMany(client, 'care_team_member', TEAM_COLS, team);
      await insertMany(client, 'consent', CONSENT_COLS, consents);
      await client.query('commit');
      counts.people += people.length;
      counts.careTeam += team.length;
      counts.consents += consents.length;
      counts.users += org.staff.length;
      counts.services += org.services.length;
      const s = (performance.now() - started) / 1000;
      opts.log(
        `  [${String(o + 1).padStart(2)}/${ORG_COUNT}] ${org.name.padEnd(36)} ${counts.people.toLocaleString('fr-FR').padStart(8)} people, ` +
          `${counts.careTeam.toLocaleString('fr-FR')} care-team rows, ${counts.consents.toLocaleString('fr-FR')} consents — ${s.toFixed(1)} s (${Math.round(counts.people / s)} people/s)`,
      );
    }
    const inserted = performance.now();
    opts.log('  VACUUM ANALYZE …');
    await client.query('vacuum analyze');
    const done = performance.now();
    return {
      orgs,
      counts,
      seconds: { insert: (inserted - started) / 1000, vacuumAnalyze: (done - inserted) / 1000, total: (done - started) / 1000 },
    };
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}
