import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createOrg, login, startTestApp, type Client, type TestApp, type TestOrg } from '../test/harness.ts';

// Two writers with the same If-Match, really at the same time (REL-05): a row lock held from an
// admin connection makes both requests wait on the row, then is released. Exactly one wins; the
// other gets 412 whose `current` is the state the winner committed, with its version and ETag,
// so a retry with that version succeeds. Every versioned resource of the API, one table.

let t: TestApp;
let org: TestOrg;
let sql: pg.Client;
let admin: Client;
let coord: Client;
let director: Client;
let serviceId: string;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const im = (v: number) => ({ 'if-match': `"${v}"` });
type Json = Record<string, unknown> & { version: unknown };
const versionOf = (b: Json) => (typeof b.version === 'number' ? b.version : (b.version as { version: number }).version);

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode}: ${r.body}`);
  return r.json() as Json;
}

async function newPerson(birthName: string): Promise<Json> {
  return ok(
    coord.req('POST', '/api/v1/people', {
      body: { birthName, firstNames: 'Lucienne', sex: 'female', birthDate: '1937-02-03', duplicatesReviewed: true },
    }),
    201,
  );
}

async function signedAssessment(personId: string): Promise<string> {
  const a = await ok(
    coord.req('POST', `/api/v1/people/${personId}/assessments`, {
      body: {
        assessedOn: daysAgo(3),
        context: 'admission',
        sections: { social: { needs: [{ code: 'ouverture_droits_apa', priority: 'high' }] } },
      },
    }),
    201,
  );
  await ok(coord.req('POST', `/api/v1/assessments/${a.id as string}/sign`, { headers: im(versionOf(a)) }));
  return a.id as string;
}

interface Subject {
  /** who sends both changes */
  client: () => Client;
  method: 'PATCH' | 'PUT';
  url: string;
  version: number;
  /** the row both requests wait on */
  lock: { table: string; where: string; params: unknown[] };
}

interface Resource {
  name: string;
  make(): Promise<Subject>;
  /** the change of writer a or b */
  body(who: 'a' | 'b'): unknown;
  /** what in an answer shows whose change it holds */
  seen(state: Json): unknown;
  expected(who: 'a' | 'b'): unknown;
}

const resources: Resource[] = [
  {
    name: 'person',
    async make() {
      const p = await newPerson('Concurrente');
      return {
        client: () => coord,
        method: 'PATCH',
        url: `/api/v1/people/${p.id as string}`,
        version: versionOf(p),
        lock: { table: 'person', where: 'id = $1', params: [p.id] },
      };
    },
    body: (who) => ({ phone: who === 'a' ? '0475000001' : '0475000002' }),
    seen: (s) => s.phone,
    expected: (who) => (who === 'a' ? '0475000001' : '0475000002'),
  },
  {
    name: 'relative',
    async make() {
      const p = await newPerson('Parente');
      const r = await ok(
        coord.req('POST', `/api/v1/people/${p.id as string}/relatives`, {
          body: { lastName: 'Fille', firstName: 'Anne', relationship: 'child' },
        }),
        201,
      );
      return {
        client: () => coord,
        method: 'PATCH',
        url: `/api/v1/people/${p.id as string}/relatives/${r.id as string}`,
        version: versionOf(r),
        lock: { table: 'person_relative', where: 'id = $1', params: [r.id] },
      };
    },
    body: (who) => ({ phone: who === 'a' ? '0611111111' : '0622222222' }),
    seen: (s) => s.phone,
    expected: (who) => (who === 'a' ? '0611111111' : '0622222222'),
  },
  {
    name: 'care team member',
    async make() {
      const p = await newPerson('Equipe');
      const m = await ok(
        coord.req('POST', `/api/v1/people/${p.id as string}/care-team`, {
          body: { externalName: 'Dr Martin', externalOrganisation: 'Cabinet', function: 'other', startDate: daysAgo(10) },
        }),
        201,
      );
      return {
        client: () => coord,
        method: 'PATCH',
        url: `/api/v1/people/${p.id as string}/care-team/${m.id as string}`,
        version: versionOf(m),
        lock: { table: 'care_team_member', where: 'id = $1', params: [m.id] },
      };
    },
    body: (who) => ({ endDate: who === 'a' ? daysAgo(1) : daysAgo(2) }),
    seen: (s) => s.endDate,
    expected: (who) => (who === 'a' ? daysAgo(1) : daysAgo(2)),
  },
  {
    name: 'member',
    async make() {
      const m = await ok(admin.req('GET', `/api/v1/identity/members/${org.users.social_worker!.membershipId}`));
      return {
        client: () => admin,
        method: 'PATCH',
        url: `/api/v1/identity/members/${org.users.social_worker!.membershipId}`,
        version: versionOf(m),
        lock: { table: 'membership', where: 'id = $1', params: [org.users.social_worker!.membershipId] },
      };
    },
    body: (who) => ({ jobTitle: who === 'a' ? 'Assistante sociale' : 'Conseillère ESF' }),
    seen: (s) => s.jobTitle,
    expected: (who) => (who === 'a' ? 'Assistante sociale' : 'Conseillère ESF'),
  },
  {
    name: 'service',
    async make() {
      const s = await ok(admin.req('POST', '/api/v1/identity/services', { body: { name: `SAAD ${Math.random()}`, kind: 'saad' } }), 201);
      return {
        client: () => admin,
        method: 'PATCH',
        url: `/api/v1/identity/services/${s.id as string}`,
        version: versionOf(s),
        lock: { table: 'service', where: 'id = $1', params: [s.id] },
      };
    },
    body: (who) => ({ capacity: who === 'a' ? 11 : 22 }),
    seen: (s) => s.capacity,
    expected: (who) => (who === 'a' ? 11 : 22),
  },
  {
    name: 'organisation settings',
    async make() {
      const o = await ok(admin.req('GET', '/api/v1/identity/organisation'));
      return {
        client: () => admin,
        method: 'PATCH',
        url: '/api/v1/identity/organisation',
        version: versionOf(o),
        lock: { table: 'organisation', where: 'id = $1', params: [org.id] },
      };
    },
    body: (who) => ({ name: who === 'a' ? 'DAC Drôme Nord' : 'DAC Drôme Sud' }),
    seen: (s) => s.name,
    expected: (who) => (who === 'a' ? 'DAC Drôme Nord' : 'DAC Drôme Sud'),
  },
  {
    name: 'need of the taxonomy',
    async make() {
      // The first change copies the national list into the organisation: make that happen first.
      const n = await ok(
        admin.req('PATCH', '/api/v1/assessments/needs-taxonomy/portage_repas', { body: { sortOrder: 5 }, headers: im(1) }),
      );
      return {
        client: () => admin,
        method: 'PATCH',
        url: '/api/v1/assessments/needs-taxonomy/portage_repas',
        version: versionOf(n),
        lock: { table: 'assessment_need_type', where: 'code = $1 and tenant_id = $2', params: ['portage_repas', org.id] },
      };
    },
    body: (who) => ({ label: who === 'a' ? 'Repas livrés' : 'Repas portés' }),
    seen: (s) => s.label,
    expected: (who) => (who === 'a' ? 'Repas livrés' : 'Repas portés'),
  },
  {
    name: 'assessment instrument',
    async make() {
      const i = await ok(
        admin.req('POST', '/api/v1/assessments/instruments', {
          body: { kind: 'zarit', definition: { itemTexts: Array.from({ length: 22 }, (_, k) => `Item ${k + 1}`) } },
        }),
        201,
      );
      return {
        client: () => admin,
        method: 'PATCH',
        url: `/api/v1/assessments/instruments/${i.id as string}`,
        version: versionOf(i),
        lock: { table: 'assessment_instrument', where: 'id = $1', params: [i.id] },
      };
    },
    body: (who) => ({ description: who === 'a' ? 'Version courte' : 'Version longue' }),
    seen: (s) => s.description,
    expected: (who) => (who === 'a' ? 'Version courte' : 'Version longue'),
  },
  {
    name: 'assessment',
    async make() {
      const p = await newPerson('Evaluee');
      const a = await ok(
        coord.req('POST', `/api/v1/people/${p.id as string}/assessments`, { body: { assessedOn: daysAgo(1), context: 'admission' } }),
        201,
      );
      return {
        client: () => coord,
        method: 'PATCH',
        url: `/api/v1/assessments/${a.id as string}`,
        version: versionOf(a),
        lock: { table: 'assessment', where: 'id = $1', params: [a.id] },
      };
    },
    body: (who) => ({ participants: who === 'a' ? 'Sa fille' : 'Son fils' }),
    seen: (s) => s.participants,
    expected: (who) => (who === 'a' ? 'Sa fille' : 'Son fils'),
  },
  {
    name: 'plan',
    async make() {
      const p = await newPerson('Planifiee');
      const plan = await ok(
        coord.req('POST', `/api/v1/people/${p.id as string}/plans`, { body: { assessmentId: await signedAssessment(p.id as string) } }),
        201,
      );
      const v = plan.version as { id: string };
      return {
        client: () => coord,
        method: 'PUT',
        url: `/api/v1/plans/${plan.id as string}/content`,
        version: versionOf(plan),
        lock: { table: 'plan_version', where: 'id = $1', params: [v.id] },
      };
    },
    body: (who) => ({ expectations: who === 'a' ? 'Rester chez moi' : 'Voir mes petits-enfants', expectationsBy: 'person', goals: [] }),
    seen: (s) => (s.version as { expectations: string }).expectations,
    expected: (who) => (who === 'a' ? 'Rester chez moi' : 'Voir mes petits-enfants'),
  },
  {
    name: 'referral',
    async make() {
      const r = await ok(
        coord.req('POST', '/api/v1/admissions/referrals', {
          body: {
            source: 'hospital',
            channel: 'phone',
            sourceOrganisation: 'CH de Valence',
            referrerName: 'Mme Roux',
            urgency: 'priority',
            reason: 'Retour à domicile après une chute.',
            requestedServiceIds: [serviceId],
            personInformed: true,
            person: { birthName: 'Adressee', firstNames: 'Marthe', sex: 'female', birthDate: '1935-06-07' },
          },
        }),
        201,
      );
      return {
        client: () => coord,
        method: 'PATCH',
        url: `/api/v1/admissions/referrals/${r.id as string}`,
        version: versionOf(r),
        lock: { table: 'referral', where: 'id = $1', params: [r.id] },
      };
    },
    body: (who) => ({ urgency: who === 'a' ? 'urgent' : 'routine' }),
    seen: (s) => s.urgency,
    expected: (who) => (who === 'a' ? 'urgent' : 'routine'),
  },
  {
    name: 'admission settings',
    async make() {
      const first = await ok(
        director.req('PUT', '/api/v1/admissions/settings', {
          body: { notifyReferrerByEmail: false, committeeMembers: [], services: {} },
          headers: im(versionOf(await ok(director.req('GET', '/api/v1/admissions/settings')))),
        }),
      );
      return {
        client: () => director,
        method: 'PUT',
        url: '/api/v1/admissions/settings',
        version: versionOf(first),
        lock: { table: 'admission_setting', where: 'tenant_id = $1', params: [org.id] },
      };
    },
    body: (who) => ({
      notifyReferrerByEmail: true,
      committeeMembers: [{ function: 'director', userId: null, name: who === 'a' ? 'Mme Alpha' : 'M. Bravo' }],
      services: {},
    }),
    seen: (s) => (s.committeeMembers as { name: string }[])[0]?.name,
    expected: (who) => (who === 'a' ? 'Mme Alpha' : 'M. Bravo'),
  },
  {
    name: 'document checklist',
    async make() {
      const first = await ok(
        admin.req('PUT', '/api/v1/documents/checklist', { body: { serviceId: null, types: ['identity'] }, headers: im(0) }),
      );
      return {
        client: () => admin,
        method: 'PUT',
        url: '/api/v1/documents/checklist',
        version: versionOf(first),
        lock: { table: 'document_checklist', where: 'tenant_id = $1 and service_id is null', params: [org.id] },
      };
    },
    body: (who) => ({ serviceId: null, types: who === 'a' ? ['identity', 'tax_notice'] : ['identity', 'medical_report'] }),
    seen: (s) => s.types,
    expected: (who) => (who === 'a' ? ['identity', 'tax_notice'] : ['identity', 'medical_report']),
  },
];

/** Waits until `n` backends of the test database wait on a lock (both requests are parked on the row). */
async function waitForLockWaiters(n: number) {
  const until = Date.now() + 10_000;
  for (;;) {
    const r = await sql.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (r.rows[0]!.n >= n) return;
    if (Date.now() > until) throw new Error(`only ${r.rows[0]!.n} request(s) reached the row lock`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrg(t, { roles: ['admin', 'director', 'coordinator', 'social_worker'] });
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
  serviceId = (
    await sql.query<{ id: string }>(
      `insert into service (id, tenant_id, name, kind) values (gen_random_uuid(), $1, 'SSIAD Nord', 'ssiad') returning id`,
      [org.id],
    )
  ).rows[0]!.id;
  admin = await login(t.app, org.users.admin!.email, PASSWORD, '10.60.0.1');
  coord = await login(t.app, org.users.coordinator!.email, PASSWORD, '10.60.0.2');
  director = await login(t.app, org.users.director!.email, PASSWORD, '10.60.0.3');
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('two writers with the same If-Match at the same time (REL-05)', () => {
  for (const r of resources) {
    it(`${r.name}: one 200; the other 412 with the winner's state, version and ETag; its retry with that version succeeds`, async () => {
      const s = await r.make();
      const c = s.client();
      const locker = new pg.Client({ connectionString: t.adminUrl });
      await locker.connect();
      let results: Awaited<ReturnType<Client['req']>>[];
      try {
        await locker.query('begin');
        // NO KEY UPDATE: conflicts with the requests' UPDATE, not with foreign-key checks elsewhere.
        const held = await locker.query(`select 1 from ${s.lock.table} where ${s.lock.where} for no key update`, s.lock.params);
        expect(held.rowCount).toBe(1);
        const pending = (['a', 'b'] as const).map((who) => c.req(s.method, s.url, { body: r.body(who), headers: im(s.version) }));
        try {
          await waitForLockWaiters(2);
        } finally {
          await locker.query('commit');
        }
        results = await Promise.all(pending);
      } finally {
        await locker.end();
      }
      const statuses = results.map((x) => x.statusCode);
      expect(statuses.slice().sort(), results.map((x) => x.body).join('\n')).toEqual([200, 412]);
      const winner = statuses[0] === 200 ? 'a' : 'b';
      const loser = winner === 'a' ? 'b' : 'a';
      const won = results[winner === 'a' ? 0 : 1]!;
      const lost = results[loser === 'a' ? 0 : 1]!;
      const wonBody = won.json() as Json;
      const newVersion = versionOf(wonBody);
      expect(newVersion).toBe(s.version + 1);
      expect(r.seen(wonBody)).toEqual(r.expected(winner));

      const problem = lost.json() as { code: string; current: Json };
      expect(problem.code).toBe('precondition_failed');
      expect(versionOf(problem.current)).toBe(newVersion);
      expect(r.seen(problem.current)).toEqual(r.expected(winner));
      expect(lost.headers.etag).toBe(`"${newVersion}"`);

      const retry = await c.req(s.method, s.url, { body: r.body(loser), headers: im(versionOf(problem.current)) });
      expect(retry.statusCode, retry.body).toBe(200);
      expect(versionOf(retry.json() as Json)).toBe(newVersion + 1);
      expect(r.seen(retry.json() as Json)).toEqual(r.expected(loser));
    });
  }
});
