/**
 * The `plan_read` scenario (issue 7): opening a personal plan of 30 goals and 150 actions, as
 * GET /api/v1/plans/:id, and the same reads as raw SQL. Its data is generated here, after the
 * base generation, through the owner connection: one plan in force per person for 20 people the
 * actor sees, each built on a signed assessment, with allocations and owners among the staff.
 */
import type pg from 'pg';
import type { FloorScenario } from './floor.ts';
import type { Generated } from './generate.ts';
import type { LoadRequest } from './load.ts';
import { uuidv7At, type Rng } from './prng.ts';
import { accessFacts, accessQuery, auditInsert, named, Params, setContext, type Actor, type Query } from './queries.ts';

export const PLAN_GOALS = 30;
export const PLAN_ACTIONS_PER_GOAL = 5;
export const PLAN_COUNT = 20;

export interface BenchPlans {
  plans: { id: string; personId: string; versionId: string }[];
  seconds: number;
}

const GOALS: [string, 'care' | 'life' | 'social' | 'professional', string][] = [
  ['Faire sa toilette en sécurité chaque matin', 'care', 'aide_toilette'],
  ['Prendre ses traitements sans oubli', 'care', 'aide_prise_medicaments'],
  ['Vivre chez soi en sécurité', 'life', 'amenagement_logement'],
  ['Garder une vie sociale', 'social', 'lien_social'],
  ['Soulager l’aidant principal', 'social', 'soutien_aidants'],
  ['Retrouver un emploi adapté', 'professional', 'accompagnement_emploi'],
];
const ACTIONS: [string, string, string | null, number, string][] = [
  ['Passage infirmier', 'care', 'health_insurance', 3900, 'month'],
  ['Aide à domicile', 'personal_help', 'apa', 2458, 'month'],
  ['Téléassistance', 'equipment', 'apa', 2890, 'month'],
  ['Barres d’appui', 'home_adaptation', 'departement', 18000, 'once'],
  ['Accueil de jour', 'support', 'apa', 4500, 'week'],
];
const HEALTH_NEEDS = new Set(['aide_toilette', 'aide_prise_medicaments']);

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** Inserts the plans (owner connection: RLS does not apply, tenant_id given explicitly). */
export async function generatePlans(admin: pg.Client, gen: Generated, actor: Actor, visibleIds: string[], rng: Rng): Promise<BenchPlans> {
  const t0 = performance.now();
  let counter = 0;
  const id = () => uuidv7At(rng, Date.UTC(2026, 3, 1) + counter++);
  const org = gen.orgs[0]!;
  const owners = org.staff.filter((u) => u.role !== 'admin' && u.role !== 'director').map((u) => u.id);
  const people = visibleIds.slice(0, PLAN_COUNT);
  const start = iso(Date.now() - 60 * DAY);
  const out: BenchPlans['plans'] = [];
  await admin.query('begin');
  for (const personId of people) {
    const assessmentId = id();
    await admin.query(
      `insert into assessment (id, tenant_id, person_id, status, assessed_on, context, assessed_by, signed_at, signed_by, signed_categories)
       values ($1, $2, $3, 'signed', $4, 'admission', $5, now(), $5, '{health,social}')`,
      [assessmentId, actor.tenantId, personId, iso(Date.now() - 90 * DAY), actor.userId],
    );
    // One need per goal, as in a coherent plan: 30 needs answered by 30 goals.
    const needs = Array.from({ length: PLAN_GOALS }, (_, g) => {
      const code = `${GOALS[g % GOALS.length]![2]}_${g + 1}`;
      const health = HEALTH_NEEDS.has(GOALS[g % GOALS.length]![2]);
      return {
        domain: health ? 'autonomy' : 'social',
        category: health ? 'health' : 'social',
        code,
        label: `Besoin ${g + 1}`,
        priority: 'high',
        urgency: 'planned',
      };
    });
    const planId = id();
    const versionId = id();
    await admin.query(`insert into plan (id, tenant_id, person_id, created_by) values ($1, $2, $3, $4)`, [
      planId,
      actor.tenantId,
      personId,
      actor.userId,
    ]);
    await admin.query(
      `insert into plan_version (id, tenant_id, plan_id, person_id, number, status, assessment_id, needs, expectations, expectations_by, allocations, created_by)
       values ($1, $2, $3, $4, 1, 'draft', $5, $6, 'Rester chez moi le plus longtemps possible.', 'person', $7, $8)`,
      [
        versionId,
        actor.tenantId,
        planId,
        personId,
        assessmentId,
        JSON.stringify(needs),
        JSON.stringify([
          { source: 'apa', monthlyCents: 250_000, oneOffCents: null },
          { source: 'departement', monthlyCents: null, oneOffCents: 500_000 },
        ]),
        actor.userId,
      ],
    );
    const goalRows: unknown[][] = [];
    const actionRows: unknown[][] = [];
    for (let g = 0; g < PLAN_GOALS; g++) {
      const [wording, component, need] = GOALS[g % GOALS.length]!;
      const goalId = id();
      const category = component === 'care' || HEALTH_NEEDS.has(need) ? 'health' : 'social';
      goalRows.push([
        goalId,
        id(),
        g,
        `${wording} (${g + 1})`,
        component,
        category,
        `{${need}_${g + 1}}`,
        ['3m', '6m', '12m'][g % 3],
        'Indicateur mesuré chaque mois',
        'Cible atteinte',
        'medium',
      ]);
      for (let a = 0; a < PLAN_ACTIONS_PER_GOAL; a++) {
        const [description, type, source, unit, period] = ACTIONS[(g + a) % ACTIONS.length]!;
        actionRows.push([
          id(),
          goalId,
          id(),
          g * 1000 + a,
          category,
          `${description} — objectif ${g + 1}`,
          type,
          rng.pick(owners),
          type === 'equipment' || type === 'home_adaptation' ? 'Médecin traitant' : null,
          'deux fois par semaine',
          start,
          iso(Date.now() + 300 * DAY),
          unit,
          100 + (a % 3) * 50,
          period,
          source,
        ]);
      }
    }
    await admin.query(
      `insert into plan_goal (id, tenant_id, version_id, key, position, wording, component, category, need_codes, horizon, indicator, target, priority)
       select g.id, $1, $2, g.key, g.position, g.wording, g.component, g.category, g.needs::text[], g.horizon, g.indicator, g.target, g.priority
       from unnest($3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
         as g(id, key, position, wording, component, category, needs, horizon, indicator, target, priority)`,
      [actor.tenantId, versionId, ...columns(goalRows, 11)],
    );
    await admin.query(
      `insert into plan_action (id, tenant_id, version_id, goal_id, key, position, category, description, type, owner_user_id, prescriber,
         frequency, start_date, end_date, unit_cost_cents, quantity_hundredths, period, funding_source)
       select a.id, $1, $2, a.goal_id, a.key, a.position, a.category, a.description, a.type, a.owner, a.prescriber, a.frequency,
         a.start_date, a.end_date, a.unit, a.qty, a.period, a.source
       from unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::int[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::text[], $12::text[],
         $13::date[], $14::date[], $15::int[], $16::int[], $17::text[], $18::text[])
         as a(id, goal_id, key, position, category, description, type, owner, prescriber, frequency, start_date, end_date, unit, qty, period, source)`,
      [actor.tenantId, versionId, ...columns(actionRows, 16)],
    );
    // Agreed and in effect: from here on the version is frozen (trigger).
    await admin.query(
      `update plan_version set status = 'active', proposed_at = now(), frozen_at = now(), agreed_on = $2, agreement_form = 'signed',
         agreed_by = 'person', copy_handed_over = true, copy_handed_on = $2, agreement_recorded_by = $3, start_date = $2,
         review_due_on = ($2::date + interval '3 months')::date
       where id = $1`,
      [versionId, start, actor.userId],
    );
    out.push({ id: planId, personId, versionId });
  }
  await admin.query('commit');
  await admin.query('vacuum analyze plan, plan_version, plan_goal, plan_action, assessment');
  return { plans: out, seconds: (performance.now() - t0) / 1000 };
}

function columns(rows: unknown[][], n: number): unknown[][] {
  return Array.from({ length: n }, (_, i) => rows.map((r) => r[i]));
}

/** The reads of getPlan() (plan.service.ts, read.ts), written out for the floor and EXPLAIN. */
export function actionsQuery(versionId: string): Query {
  return {
    text: `select a.*, u.display_name, m.role, m.job_title, c.external_name, c.external_organisation
      from plan_action a left join app_user u on u.id = a.owner_user_id
      left join membership m on m.user_id = a.owner_user_id and m.tenant_id = a.tenant_id
      left join care_team_member c on c.id = a.owner_contact_id
      where a.version_id = $1 and a.removed_at is null and a.category in ('health', 'social') order by a.position`,
    values: [versionId],
  };
}

/**
 * What every plan read runs (plans/view.ts `header`): the plan, the state of its versions and
 * reviews, the person's names and the access facts, as one named statement. The content of a
 * version already built for the same reader is reused; `buildPlan` is the work of a first read.
 */
export function planHeaderQuery(actor: Actor, planId: string): Query {
  const p = new Params();
  const text = `select pl.*,
      (select json_agg(json_build_object('id', v.id, 'number', v.number, 'status', v.status, 'version', v.version) order by v.number)
        from plan_version v where v.plan_id = pl.id) as _versions,
      (select count(*)::int from plan_review r where r.plan_id = pl.id) as _reviews,
      json_build_array(p.birth_name, p.used_name, p.first_names) as _names,
      ${accessFacts(actor, p)} as _facts
    from plan pl join person p on p.id = pl.person_id
    where pl.id = ${p.add(planId)}`;
  return { text, values: p.values };
}

/** The reads of a first read of a version (read.ts toPlan), written out for the check and EXPLAIN. */
async function buildPlan(client: pg.ClientBase, actor: Actor, p: BenchPlans['plans'][number]): Promise<string[]> {
  const q = accessQuery(actor, p.personId);
  await client.query(q.text, q.values);
  await client.query('select * from plan where id = $1', [p.id]);
  await client.query('select * from plan_version where plan_id = $1 order by number', [p.id]);
  const a = actionsQuery(p.versionId);
  const actions = await client.query<{ id: string }>(a.text, a.values);
  await client.query(
    `select * from plan_goal where version_id = $1 and removed_at is null and category in ('health', 'social') order by position`,
    [p.versionId],
  );
  await client.query(
    `select unit_cost_cents, quantity_hundredths, period, funding_source, start_date, end_date, status from plan_action
     where version_id = $1 and removed_at is null and not (category in ('health', 'social'))`,
    [p.versionId],
  );
  await client.query(
    `select (select count(*)::int from plan_goal g where g.version_id = $1 and g.removed_at is null and g.category <> all($2::text[])) as goals,
            (select count(*)::int from plan_action a where a.version_id = $1 and a.removed_at is null and a.category <> all($2::text[])) as actions`,
    [p.versionId, ['health', 'social']],
  );
  await client.query('select first_names, birth_name, used_name from person where id = $1', [p.personId]);
  await client.query(
    'select r.*, (select display_name from app_user u where u.id = r.created_by) from plan_review r where r.plan_id = $1 order by reviewed_on',
    [p.id],
  );
  await client.query('select first_name, last_name from person_relative where id = $1', [null]);
  await client.query('select display_name from app_user where id = $1', [actor.userId]);
  return actions.rows.map((r) => r.id);
}

export function planScenario(plans: BenchPlans, actor: Actor) {
  const requests: LoadRequest[] = plans.plans.map((p) => ({ method: 'GET', path: `/api/v1/plans/${p.id}` }));
  const floor: FloorScenario = {
    name: 'plan_read',
    work: async (client, i) => {
      await client.query(named(planHeaderQuery(actor, plans.plans[i % plans.plans.length]!.id)));
    },
    audit: (i) =>
      auditInsert(actor, 'plan.read', plans.plans[i % plans.plans.length]!.personId, { version: 1, view: 'team', goals: PLAN_GOALS }),
  };
  return {
    key: 'plan_read' as const,
    label: `reading a plan (${PLAN_GOALS} goals, ${PLAN_GOALS * PLAN_ACTIONS_PER_GOAL} actions, audited)`,
    requests,
    floor,
    explainParams: [
      { label: 'plan header with access facts (every read)', query: () => planHeaderQuery(actor, plans.plans[0]!.id) },
      { label: 'actions of a version, with owners (first read of a version)', query: () => actionsQuery(plans.plans[0]!.versionId) },
    ],
  };
}

/** The API answers 200 with every goal and action, and the same action ids as the raw SQL. */
export async function planChecks(base: string, cookie: string, pool: pg.Pool, actor: Actor, plans: BenchPlans): Promise<string[]> {
  const p = plans.plans[0]!;
  const res = await fetch(`${base}/api/v1/plans/${p.id}`, { headers: { cookie } });
  const body = (await res.json()) as { goals?: { actions: { id: string }[] }[] };
  const apiIds = (body.goals ?? []).flatMap((g) => g.actions.map((a) => a.id));
  const client = await pool.connect();
  let sqlIds: string[];
  try {
    await client.query('begin');
    const ctx = setContext(actor);
    await client.query(ctx.text, ctx.values);
    sqlIds = await buildPlan(client, actor, p);
    await client.query('rollback');
  } finally {
    client.release();
  }
  const same = JSON.stringify([...apiIds].sort()) === JSON.stringify([...sqlIds].sort());
  return [
    `plan read: HTTP ${res.status}, ${body.goals?.length ?? 0} goals and ${apiIds.length} actions; raw SQL returns the same action ids: ${same && apiIds.length === PLAN_GOALS * PLAN_ACTIONS_PER_GOAL ? 'yes' : 'NO'}`,
  ];
}
