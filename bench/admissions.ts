/**
 * Admissions at scale (issue 5): referrals and waiting lists generated on top of the base data
 * (`generate.ts`), and two scenarios selectable with BENCH_SCENARIOS — `referrals` (the inbox of
 * the actor's service) and `waiting_list` (the committee's waiting list of that service). The raw
 * SQL below is the services' own (keep in step with packages/server/src/modules/admissions:
 * referral.service.ts listReferrals, waitinglist.service.ts waitingList), run as named prepared
 * statements like the server's (db/tx.ts executeNamed).
 */
import pg from 'pg';
import { openStatuses, waitingPriorityRank, type WaitingPriority } from '@maillon/shared/admissions';
import { encodeCursor } from '../packages/server/src/lib/pagination.ts';
import type { FloorScenario } from './floor.ts';
import type { Generated } from './generate.ts';
import type { LoadRequest } from './load.ts';
import { Rng } from './prng.ts';
import { auditInsert, named, type Actor, type Query } from './queries.ts';

export const ADMISSION_SCENARIOS = ['referrals', 'waiting_list'] as const;
/** Referrals per organisation at scale 1 (a quarter of its 10 000 people came through one). */
const REFERRALS_PER_ORG = 2_500;
const DAY = 86_400_000;
const T_END = Date.UTC(2025, 5, 30);

const STATUSES: [string, number][] = [
  ['received', 0.08],
  ['under_review', 0.12],
  ['presented', 0.05],
  ['decided', 0.2],
  ['admitted', 0.35],
  ['withdrawn', 0.1],
  ['ended', 0.1],
];
const SOURCES = ['hospital', 'hospital', 'partner', 'family', 'self'];
const HOSPITALS = ['CH de Valence', 'Clinique Générale de Valence', 'CH de Romans', 'Hôpital privé Drôme-Ardèche', 'CH Ardèche Nord'];
const REASONS = [
  'Retour à domicile après hospitalisation ; vit seule, aidante épuisée.',
  'Chutes répétées, isolement, refus des aides jusqu’ici.',
  'Troubles cognitifs débutants, rupture de suivi médical.',
  'Aggravation d’une insuffisance cardiaque, besoin de coordination des soins.',
  'Demande de relais pour l’aidant familial.',
];

function pick<T>(rng: Rng, weighted: [T, number][]): T {
  let x = rng.next();
  for (const [v, w] of weighted) {
    if ((x -= w) < 0) return v;
  }
  return weighted[weighted.length - 1]![0];
}

async function insertRows(client: pg.ClientBase, sql: string, columns: unknown[][], chunk = 2_000): Promise<void> {
  const n = columns[0]?.length ?? 0;
  for (let i = 0; i < n; i += chunk)
    await client.query(
      sql,
      columns.map((c) => c.slice(i, i + chunk)),
    );
}

/**
 * Generates the referrals of every organisation with the seeded PRNG (same data on every run):
 * statuses from received to ended, decisions for the decided ones, a waiting list per service
 * with a change row per place. Loaded as the owner with INSERT … SELECT FROM unnest(…).
 */
export async function generateAdmissions(
  adminUrl: string,
  gen: Generated,
  scale: number,
  log: (m: string) => void,
): Promise<{ referrals: number; decisions: number; waiting: number; seconds: number }> {
  const t0 = performance.now();
  const rng = new Rng(5005);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let referrals = 0;
  let decisions = 0;
  let waiting = 0;
  try {
    for (const org of gen.orgs) {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [org.id]);
      const people = (
        await client.query<{
          id: string;
          birth_name: string;
          used_name: string | null;
          first_names: string;
          sex: string;
          birth_date: string;
          service_id: string | null;
        }>(
          `select id, birth_name, used_name, first_names, sex, birth_date::text as birth_date, service_id from person where tenant_id = $1 order by id`,
          [org.id],
        )
      ).rows;
      const coordinators = org.staff.filter((s) => s.role === 'coordinator');
      const orgIndex = gen.orgs.indexOf(org);
      // Ids made from the organisation and a counter: the same on every run, like the base data's.
      let serial = 0;
      const nextId = (kind: number) =>
        `0190${String(kind).padStart(4, '0')}-${orgIndex.toString(16).padStart(4, '0')}-7000-8000-${(serial++).toString(16).padStart(12, '0')}`;
      const count = Math.round(REFERRALS_PER_ORG * scale);
      const r: Record<string, unknown[]> = {};
      const col = (k: string, v: unknown) => (r[k] ??= []).push(v);
      const d: Record<string, unknown[]> = {};
      const dcol = (k: string, v: unknown) => (d[k] ??= []).push(v);
      const w: Record<string, unknown[]> = {};
      const wcol = (k: string, v: unknown) => (w[k] ??= []).push(v);
      for (let i = 0; i < count; i++) {
        const p = people[rng.int(0, people.length - 1)]!;
        const status = pick(rng, STATUSES);
        const serviceId = p.service_id ?? org.services[0]!.id;
        const decider = coordinators.find((c) => c.serviceId === serviceId) ?? coordinators[0]!;
        const received = new Date(T_END - rng.int(0, 4 * 365) * DAY - rng.int(0, 86_399) * 1000);
        const decided = new Date(received.getTime() + rng.int(7, 40) * DAY);
        const outcome =
          status === 'admitted' || status === 'ended'
            ? 'accepted'
            : status === 'decided'
              ? pick(rng, [
                  ['waiting_list', 0.5],
                  ['accepted', 0.25],
                  ['refused', 0.15],
                  ['redirected', 0.1],
                ])
              : null;
        const id = nextId(1);
        const source = SOURCES[rng.int(0, SOURCES.length - 1)]!;
        col('id', id);
        col('reference', `${received.getUTCFullYear()}-${String(i + 1).padStart(5, '0')}`);
        col('status', status);
        col('source', source);
        col('channel', source === 'hospital' ? 'email' : 'phone');
        col(
          'source_organisation',
          source === 'hospital' ? HOSPITALS[rng.int(0, HOSPITALS.length - 1)] : source === 'partner' ? 'CCAS' : null,
        );
        col('referrer_name', source === 'family' ? 'Famille' : 'Service social');
        col('received_at', received.toISOString());
        col(
          'urgency',
          pick(rng, [
            ['routine', 0.6],
            ['priority', 0.3],
            ['urgent', 0.1],
          ] as [string, number][]),
        );
        col('reason', REASONS[rng.int(0, REASONS.length - 1)]);
        col('service_id', serviceId);
        col('person_informed', true);
        col('person_id', status === 'received' ? null : p.id);
        col('birth_name', p.birth_name);
        col('used_name', p.used_name);
        col('first_names', p.first_names);
        col('sex', p.sex);
        col('birth_date', p.birth_date);
        col('outcome', outcome);
        col('decided_at', outcome ? decided.toISOString() : null);
        const admitted =
          status === 'admitted' || status === 'ended'
            ? new Date(decided.getTime() + rng.int(1, 20) * DAY).toISOString().slice(0, 10)
            : null;
        col('admitted_on', admitted);
        col('admitted_service_id', admitted ? serviceId : null);
        col('place_kind', admitted ? 'home' : null);
        col('referent_user_id', admitted ? decider.id : null);
        col('ended_on', status === 'ended' ? new Date(decided.getTime() + rng.int(60, 400) * DAY).toISOString().slice(0, 10) : null);
        col('end_reason', status === 'ended' ? 'Entrée en établissement.' : null);
        col('withdrawn_at', status === 'withdrawn' ? decided.toISOString() : null);
        col('withdraw_reason', status === 'withdrawn' ? 'La famille a trouvé une autre solution.' : null);
        col('updated_at', (outcome ? decided : received).toISOString());
        if (outcome) {
          const priority: WaitingPriority = pick(rng, [
            ['urgent', 0.1],
            ['high', 0.3],
            ['normal', 0.6],
          ] as [WaitingPriority, number][]);
          dcol('id', nextId(2));
          dcol('referral_id', id);
          dcol('outcome', outcome);
          dcol('admission_conditions', outcome === 'accepted' ? 'Passages quotidiens, réévaluation à un mois.' : null);
          dcol('integration_conditions', outcome === 'accepted' ? 'Matériel installé avant le premier passage.' : null);
          dcol('refusal_reasons', outcome === 'refused' ? 'Hors du secteur du service.' : null);
          dcol('redirected_to', outcome === 'redirected' ? 'SAAD du secteur' : null);
          dcol('redirect_reason', outcome === 'redirected' ? 'Besoins d’aide à domicile sans soins.' : null);
          dcol('waiting_priority', outcome === 'waiting_list' ? priority : null);
          dcol('waiting_reason', outcome === 'waiting_list' ? 'Service complet à la date de la décision.' : null);
          dcol('decided_by', decider.id);
          dcol('decided_at', decided.toISOString());
          if (outcome === 'waiting_list') {
            wcol('id', nextId(3));
            wcol('referral_id', id);
            wcol('service_id', serviceId);
            wcol('person_id', p.id);
            wcol('priority', priority);
            wcol('priority_rank', waitingPriorityRank[priority]);
            wcol('since', decided.toISOString().slice(0, 10));
            wcol('reason', 'Service complet à la date de la décision.');
            wcol('by', decider.id);
            wcol('at', decided.toISOString());
          }
        }
      }
      await insertRows(
        client,
        `insert into referral (id, tenant_id, reference, status, source, channel, source_organisation, referrer_name, received_at, urgency, reason,
           requested_service_ids, service_id, person_informed, person_id, birth_name, used_name, first_names, sex, birth_date, outcome, decided_at,
           admitted_on, admitted_service_id, place_kind, referent_user_id, ended_on, end_reason, withdrawn_at, withdraw_reason, created_at, updated_at)
         select u.id, '${org.id}', u.reference, u.status, u.source, u.channel, u.source_organisation, u.referrer_name, u.received_at, u.urgency, u.reason,
           array[u.service_id], u.service_id, u.person_informed, u.person_id, u.birth_name, u.used_name, u.first_names, u.sex, u.birth_date, u.outcome,
           u.decided_at, u.admitted_on, u.admitted_service_id, u.place_kind, u.referent_user_id, u.ended_on, u.end_reason, u.withdrawn_at,
           u.withdraw_reason, u.received_at, u.updated_at
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[],
           $11::uuid[], $12::boolean[], $13::uuid[], $14::text[], $15::text[], $16::text[], $17::text[], $18::date[], $19::text[], $20::timestamptz[],
           $21::date[], $22::uuid[], $23::text[], $24::uuid[], $25::date[], $26::text[], $27::timestamptz[], $28::text[], $29::timestamptz[])
           as u(id, reference, status, source, channel, source_organisation, referrer_name, received_at, urgency, reason, service_id, person_informed,
             person_id, birth_name, used_name, first_names, sex, birth_date, outcome, decided_at, admitted_on, admitted_service_id, place_kind,
             referent_user_id, ended_on, end_reason, withdrawn_at, withdraw_reason, updated_at)`,
        [
          'id',
          'reference',
          'status',
          'source',
          'channel',
          'source_organisation',
          'referrer_name',
          'received_at',
          'urgency',
          'reason',
          'service_id',
          'person_informed',
          'person_id',
          'birth_name',
          'used_name',
          'first_names',
          'sex',
          'birth_date',
          'outcome',
          'decided_at',
          'admitted_on',
          'admitted_service_id',
          'place_kind',
          'referent_user_id',
          'ended_on',
          'end_reason',
          'withdrawn_at',
          'withdraw_reason',
          'updated_at',
        ].map((k) => r[k]!),
      );
      if (d.id?.length) {
        await insertRows(
          client,
          `insert into admission_decision (id, tenant_id, referral_id, mode, outcome, facts, needs, capacity, occupied, waiting, admission_conditions,
             integration_conditions, refusal_reasons, redirected_to, redirect_reason, waiting_priority, waiting_reason, decided_by, decided_at)
           select u.id, '${org.id}', u.referral_id, 'coordinator', u.outcome, 'Situation étudiée après la visite à domicile.',
             'Aide à la toilette, coordination des soins.', null, 0, 0, u.ac, u.ic, u.rr, u.rt, u.rdr, u.wp, u.wr, u.decided_by, u.decided_at
           from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
             $11::uuid[], $12::timestamptz[]) as u(id, referral_id, outcome, ac, ic, rr, rt, rdr, wp, wr, decided_by, decided_at)`,
          [
            'id',
            'referral_id',
            'outcome',
            'admission_conditions',
            'integration_conditions',
            'refusal_reasons',
            'redirected_to',
            'redirect_reason',
            'waiting_priority',
            'waiting_reason',
            'decided_by',
            'decided_at',
          ].map((k) => d[k]!),
        );
        decisions += d.id.length;
      }
      if (w.id?.length) {
        await insertRows(
          client,
          `insert into waiting_list_entry (id, tenant_id, referral_id, service_id, person_id, priority, priority_rank, since, reason)
           select u.id, '${org.id}', u.referral_id, u.service_id, u.person_id, u.priority, u.priority_rank, u.since, u.reason
           from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::smallint[], $7::date[], $8::text[])
             as u(id, referral_id, service_id, person_id, priority, priority_rank, since, reason)`,
          ['id', 'referral_id', 'service_id', 'person_id', 'priority', 'priority_rank', 'since', 'reason'].map((k) => w[k]!),
        );
        await insertRows(
          client,
          `insert into waiting_list_change (id, tenant_id, entry_id, at, kind, to_priority, reason, by)
           select overlay(u.id::text placing '0004' from 5 for 4)::uuid, '${org.id}', u.id, u.at, 'added', u.priority, u.reason, u.by
           from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::uuid[]) as u(id, at, priority, reason, by)`,
          ['id', 'at', 'priority', 'reason', 'by'].map((k) => w[k]!),
        );
        waiting += w.id.length;
      }
      await client.query('commit');
      referrals += count;
    }
    await client.query('vacuum analyze referral, admission_decision, waiting_list_entry, waiting_list_change');
  } finally {
    await client.end();
  }
  const seconds = (performance.now() - t0) / 1000;
  log(
    `admissions: ${referrals.toLocaleString('en-US')} referrals, ${decisions.toLocaleString('en-US')} decisions, ${waiting.toLocaleString('en-US')} waiting-list places in ${seconds.toFixed(1)} s`,
  );
  return { referrals, decisions, waiting, seconds };
}

// --- the services' SQL, for the floor, EXPLAIN and the checks ------------------------------------------------------

/** listReferrals() for a coordinator attached to a service (visibleReferralsSql: the triage scope). */
export function inboxQuery(a: Actor, status: string, cursor: [string, string] | null, limit = 50): Query {
  const statuses = status === 'open' ? [...openStatuses] : [status];
  const values: unknown[] = [a.serviceId, ...statuses];
  const inList = statuses.map((_, i) => `$${i + 2}`).join(', ');
  let keyset = '';
  if (cursor) {
    values.push(cursor[0], cursor[1]);
    keyset = `and (r.received_at, r.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`;
  }
  values.push(limit + 1);
  return {
    text: `select r.id, r.reference, r.status, r.outcome, r.received_at, r.urgency, r.source, r.source_organisation, r.birth_name, r.used_name,
      r.first_names, r.birth_date::text as birth_date, r.person_id, r.service_id, s.name as service_name, r.updated_at
    from referral r join service s on s.id = r.service_id
    where r.service_id = $1 and r.status in (${inList}) ${keyset}
    order by r.received_at desc, r.id desc limit $${values.length}`,
    values,
  };
}

/**
 * waitingList(): one statement — the service and its own settings, its counts, the ranked places
 * with the number and date of their changes (the history itself is read when a place is opened).
 */
export function waitingQueries(a: Actor, limit: number): Query[] {
  return [
    {
      text: `
    with w as (
      select e.id, e.referral_id, e.priority, e.since, e.reason, e.version, e.priority_rank from waiting_list_entry e
      where e.service_id = $1 and e.status = 'waiting' order by e.priority_rank, e.since, e.id limit $2)
    select
      (select json_build_object('id', s.id, 'name', s.name, 'kind', s.kind, 'capacity', s.capacity) from service s
        where s.id = $3 and s.archived_at is null) as service,
      (select settings->'services'->$4::text from admission_setting limit 1) as own,
      (select count(*)::int from person where service_id = $5 and status = 'active') as occupied,
      (select count(*)::int from waiting_list_entry where service_id = $6 and status = 'waiting') as waiting,
      coalesce((select json_agg(x order by x.priority_rank, x.since, x.id) from (
        select w.id, w.referral_id, r.reference, r.birth_name, r.used_name, r.first_names, r.birth_date::text as birth_date, w.priority,
          w.priority_rank, w.since::text as since, w.reason, w.version, h.change_count, h.last_change_at
        from w join referral r on r.id = w.referral_id
        cross join lateral (select count(*)::int as change_count, max(c.at) as last_change_at
          from waiting_list_change c where c.entry_id = w.id) h) x), '[]'::json) as items`,
      values: [a.serviceId, limit, a.serviceId, a.serviceId, a.serviceId, a.serviceId],
    },
  ];
}

/** The ids of the places, in rank order, as the statement above returns them. */
export function waitingIdsQuery(a: Actor, limit: number): Query {
  return {
    text: `select e.id from waiting_list_entry e where e.service_id = $1 and e.status = 'waiting' order by e.priority_rank, e.since, e.id limit $2`,
    values: [a.serviceId, limit],
  };
}

export interface AdmissionScenario {
  key: (typeof ADMISSION_SCENARIOS)[number];
  label: string;
  requests: LoadRequest[];
  floor: FloorScenario;
  explainParams: { label: string; query: () => Query }[];
  /** what the API must return, checked against the raw SQL before measuring */
  check: { request: LoadRequest; query: Query; ids: (body: unknown) => string[] };
}

const INBOX_VIEWS = ['open', 'received', 'under_review', 'decided', 'admitted'];

/** The two scenarios for the actor (a coordinator of the first organisation, attached to a service). */
export async function admissionScenarios(admin: pg.Client, actor: Actor): Promise<AdmissionScenario[]> {
  // Pages of the open inbox the actor would turn: the keyset cursors of the first five pages.
  const open = await admin.query<{ id: string; received_at: Date }>(
    `select id, received_at from referral where tenant_id = $1 and service_id = $2 and status = any($3) order by received_at desc, id desc limit 250`,
    [actor.tenantId, actor.serviceId, [...openStatuses]],
  );
  const cursors: ([string, string] | null)[] = [null];
  for (let i = 49; i < open.rows.length - 1; i += 50) cursors.push([open.rows[i]!.received_at.toISOString(), open.rows[i]!.id]);
  const views: { status: string; cursor: [string, string] | null }[] = [
    ...INBOX_VIEWS.map((status) => ({ status, cursor: null })),
    ...cursors.filter((c): c is [string, string] => c !== null).map((cursor) => ({ status: 'open', cursor })),
  ];
  const path = (v: { status: string; cursor: [string, string] | null }) =>
    `/api/v1/admissions/referrals?status=${v.status}&limit=50${v.cursor ? `&cursor=${encodeCursor(v.cursor)}` : ''}`;
  const limits = [50, 100];
  const itemsIds = (body: unknown) => ((body as { items?: { id: string }[] }).items ?? []).map((x) => x.id);
  return [
    {
      key: 'referrals',
      label: 'referrals inbox (service, by status, 50)',
      requests: views.map((v) => ({ method: 'GET', path: path(v) })),
      floor: {
        name: 'referrals',
        work: async (client, i) => {
          const v = views[i % views.length]!;
          await client.query(named(inboxQuery(actor, v.status, v.cursor)));
        },
        audit: () => auditInsert(actor, 'referral.list', null, { status: 'open', results: 50 }),
      },
      explainParams: views.slice(0, 6).map((v) => ({
        label: `status ${v.status}${v.cursor ? ' (later page)' : ''}`,
        query: () => inboxQuery(actor, v.status, v.cursor),
      })),
      check: { request: { method: 'GET', path: path(views[0]!) }, query: inboxQuery(actor, 'open', null), ids: itemsIds },
    },
    {
      key: 'waiting_list',
      label: "committee's waiting list (service, ranked, change counts)",
      requests: limits.map((l) => ({ method: 'GET', path: `/api/v1/admissions/waiting-list?serviceId=${actor.serviceId}&limit=${l}` })),
      floor: {
        name: 'waiting_list',
        work: async (client, i) => {
          for (const q of waitingQueries(actor, limits[i % limits.length]!)) await client.query(named(q));
        },
        audit: () => auditInsert(actor, 'waiting_list.read', null, { results: 50 }),
      },
      explainParams: limits.map((l) => ({ label: `limit ${l}`, query: () => waitingQueries(actor, l)[0]! })),
      check: {
        request: { method: 'GET', path: `/api/v1/admissions/waiting-list?serviceId=${actor.serviceId}&limit=50` },
        query: waitingIdsQuery(actor, 50),
        ids: itemsIds,
      },
    },
  ];
}
