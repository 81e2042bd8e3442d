import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMonths,
  contentOf,
  planSchema,
  type Plan,
  type PlanComparison,
  type PlanContent,
  type PlanSummary,
} from '@maillon/shared/plans';
import { newId } from '../../lib/ids.ts';
import { startTestApp, type Client, type TestApp, type TestOrg } from '../../../test/harness.ts';
import * as make from '../../../test/factories.ts';
import { pdfText } from '../../../test/pdf-text.ts';

let t: TestApp;
let org: TestOrg;
let sql: pg.Client;
let coord: Client;
let coord2: Client;
let coord2Id: string;
let nurse: Client;
let social: Client;
let partner: Client;
let director: Client;

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const monthsAgo = (n: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};
const paths = (res: { json(): unknown }) => ((res.json() as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);
const codes = (res: { json(): unknown }) => ((res.json() as { errors?: { code: string }[] }).errors ?? []).map((e) => e.code);

const as = (role: keyof TestOrg['users']) => make.asRole(t, org, role, '10.50.0.1');

const newPerson = (birthName: string) =>
  make.person(coord, {
    birthName,
    careTeam: [
      { userId: org.users.health_professional!.id, function: 'nurse' },
      { userId: org.users.social_worker!.id, function: 'social_worker' },
      { userId: coord2Id, function: 'coordinator' },
    ],
  });

async function externalContact(personId: string, name: string, organisation: string) {
  const res = await coord.req('POST', `/api/v1/people/${personId}/care-team`, {
    body: { externalName: name, externalOrganisation: organisation, function: 'other', startDate: daysAgo(400) },
  });
  if (res.statusCode !== 201) throw new Error(`contact failed ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** A signed assessment with health and social needs; the person's wish recorded. */
const signedAssessment = (personId: string) =>
  make.signedAssessment(coord, personId, {
    assessedOn: daysAgo(120),
    context: 'admission',
    sections: {
      autonomy: { needs: [{ code: 'aide_toilette', priority: 'high' }], urgency: 'priority' },
      health: { needs: [{ code: 'soins_infirmiers', priority: 'high' }] },
      family: { needs: [{ code: 'soutien_aidants' }], wishes: 'Je veux rester chez moi avec mon chat.', wishesExpressedBy: 'person' },
      housing: { needs: [{ code: 'amenagement_logement', priority: 'medium' }] },
    },
  });

const newPlan = async (personId: string, c: Client = coord) => make.plan<Plan>(c, personId, await signedAssessment(personId));

/** The person's written consent to sharing their health information with health professionals (partners included). */
const consentToHealth = (personId: string) => make.healthConsent(coord, personId);
const ifMatch = (p: { version: { version: number } }) => ({ 'if-match': `"${p.version.version}"` });

async function save(c: Client, p: Plan, content: PlanContent) {
  return c.req('PUT', `/api/v1/plans/${p.id}/content`, { body: content, headers: ifMatch(p) });
}
async function saved(c: Client, p: Plan, content: PlanContent): Promise<Plan> {
  const res = await save(c, p, content);
  if (res.statusCode !== 200) throw new Error(`save failed ${res.statusCode} ${res.body}`);
  return res.json() as Plan;
}
async function step(c: Client, p: Plan, what: string, body?: unknown): Promise<Plan> {
  const res = await c.req('POST', `/api/v1/plans/${p.id}/${what}`, { headers: ifMatch(p), ...(body ? { body } : {}) });
  if (res.statusCode !== 200) throw new Error(`${what} failed ${res.statusCode} ${res.body}`);
  return res.json() as Plan;
}
const agreement = (over: Record<string, unknown> = {}) => ({
  agreedOn: daysAgo(1),
  form: 'signed',
  givenBy: 'person',
  copyHandedOver: true,
  copyHandedOn: daysAgo(1),
  ...over,
});

/** Three goals, six actions with owners and costs; APA capped at 900 € a month. */
function content(o: { partnerId?: string; contactId?: string } = {}): PlanContent {
  return {
    expectations: 'Rester chez moi, pouvoir sortir au marché le samedi.',
    expectationsBy: 'person',
    budget: [
      { source: 'apa', monthlyCents: 90_000, oneOffCents: null },
      { source: 'departement', monthlyCents: null, oneOffCents: 100_000 },
    ],
    deferredNeeds: [],
    goals: [
      {
        wording: 'Faire sa toilette en sécurité chaque jour',
        component: 'care',
        needCodes: ['aide_toilette', 'soins_infirmiers'],
        horizon: '3m',
        indicator: 'Toilettes réalisées sans chute par semaine',
        target: '7 sur 7',
        priority: 'high',
        actions: [
          {
            description: 'Passage infirmier pour les soins et la toilette',
            type: 'care',
            owner: o.partnerId ? { kind: 'user', userId: o.partnerId } : { kind: 'user', userId: org.users.health_professional!.id },
            frequency: 'tous les matins',
            startDate: daysAgo(10),
            endDate: daysAgo(-170),
            unitCostCents: 0,
            period: 'month',
          },
          {
            description: 'Aide à domicile pour la toilette',
            type: 'personal_help',
            owner: o.contactId ? { kind: 'contact', careTeamMemberId: o.contactId } : null,
            frequency: 'lundi, mercredi, vendredi',
            startDate: daysAgo(10),
            endDate: daysAgo(-170),
            unitCostCents: 2458,
            quantity: 30,
            period: 'month',
            fundingSource: 'apa',
          },
        ],
      },
      {
        wording: 'Sécuriser la salle de bains',
        component: 'life',
        needCodes: ['amenagement_logement'],
        horizon: '6m',
        indicator: 'Barres et siège de douche posés',
        target: 'posés',
        priority: 'medium',
        actions: [
          {
            description: "Pose de barres d'appui et d'un siège de douche",
            type: 'home_adaptation',
            owner: { kind: 'user', userId: org.users.social_worker!.id },
            prescriber: 'Ergothérapeute de l’équipe spécialisée',
            startDate: daysAgo(5),
            endDate: daysAgo(-60),
            unitCostCents: 85_000,
            period: 'once',
            fundingSource: 'departement',
          },
          {
            description: 'Téléassistance',
            type: 'equipment',
            owner: { kind: 'user', userId: org.users.social_worker!.id },
            prescriber: 'Médecin traitant',
            startDate: daysAgo(5),
            endDate: daysAgo(-360),
            unitCostCents: 2500,
            period: 'month',
            fundingSource: 'own_contribution',
          },
        ],
      },
      {
        wording: 'Soulager sa fille, aidante principale',
        component: 'social',
        needCodes: ['soutien_aidants'],
        horizon: '12m',
        indicator: 'Score de Zarit de la fille',
        target: 'sous 40',
        priority: 'medium',
        actions: [
          {
            description: 'Accueil de jour le mardi',
            type: 'support',
            owner: { kind: 'user', userId: org.users.social_worker!.id },
            startDate: daysAgo(5),
            endDate: daysAgo(-360),
            unitCostCents: 4500,
            quantity: 4,
            period: 'month',
            fundingSource: 'apa',
          },
          {
            description: 'Groupe de parole pour les aidants',
            type: 'social',
            owner: o.partnerId ? { kind: 'user', userId: o.partnerId } : { kind: 'user', userId: org.users.social_worker!.id },
            startDate: daysAgo(5),
            endDate: daysAgo(-360),
            unitCostCents: 0,
            period: 'month',
          },
        ],
      },
    ],
  };
}

beforeAll(async () => {
  t = await startTestApp();
  org = await make.organisation(t, {
    roles: ['admin', 'coordinator', 'director', 'health_professional', 'social_worker', 'external_partner'],
  });
  sql = new pg.Client({ connectionString: t.adminUrl });
  await sql.connect();
  const admin = await as('admin');
  await make.setProfession(admin, org.users.coordinator!.membershipId, 'coordinating_nurse');
  await make.setProfession(admin, org.users.social_worker!.membershipId, 'social_worker');
  await make.setProfession(admin, org.users.external_partner!.membershipId, 'nurse', 'CH de Valence');
  // A second coordinator, to edit the same plan at the same time.
  const second = await make.member(t, org, admin, {
    role: 'coordinator',
    profession: 'coordinating_nurse',
    displayName: 'Second coordinateur',
  });
  coord2Id = second.member.userId;
  coord2 = second.client;
  coord = await as('coordinator');
  nurse = await as('health_professional');
  social = await as('social_worker');
  partner = await as('external_partner');
  director = await as('director');
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('a plan built from a signed assessment', () => {
  it('starts from the needs of the signed assessment, with the wishes as the expectations, once per person', async () => {
    const person = await newPerson('Depart');
    const p = await newPlan(person);
    expect(p.version).toMatchObject({
      number: 1,
      status: 'draft',
      expectations: 'Je veux rester chez moi avec mon chat.',
      expectationsBy: 'person',
    });
    // Most urgent first, as the assessment gives them.
    expect(p.needs.map((n) => [n.code, n.category])).toEqual([
      ['aide_toilette', 'health'],
      ['soins_infirmiers', 'health'],
      ['soutien_aidants', 'social'],
      ['amenagement_logement', 'social'],
    ]);
    expect(p.coherence!.filter((c) => c.code === 'need_unanswered')).toHaveLength(4);
    expect(p.access.can).toMatchObject({ edit: true, propose: true, agree: false });
    const again = await coord.req('POST', `/api/v1/people/${person}/plans`, { body: { assessmentId: p.assessmentId } });
    make.expectProblem(again, 409, 'plan.already_open');
    expect((again.json() as { current: { planId: string } }).current.planId).toBe(p.id);
  });

  it('refuses a draft assessment, an assessment of another person, an unknown one, with the field path', async () => {
    const person = await newPerson('Refus');
    const draft = await coord.req('POST', `/api/v1/people/${person}/assessments`, {
      body: { assessedOn: daysAgo(3), context: 'admission' },
    });
    const r1 = await coord.req('POST', `/api/v1/people/${person}/plans`, { body: { assessmentId: (draft.json() as { id: string }).id } });
    expect([r1.statusCode, paths(r1), codes(r1)]).toEqual([400, ['body.assessmentId'], ['not_signed']]);
    const other = await newPerson('Autre');
    const a = await signedAssessment(other);
    const r2 = await coord.req('POST', `/api/v1/people/${person}/plans`, { body: { assessmentId: a } });
    expect(codes(r2)).toEqual(['other_person']);
    const r3 = await coord.req('POST', `/api/v1/people/${person}/plans`, { body: { assessmentId: newId() } });
    expect(codes(r3)).toEqual(['unknown_assessment']);
    const r4 = await coord.req('POST', `/api/v1/people/${person}/plans`, { body: { assessmentId: 'pas-un-uuid', extra: 1 } });
    expect(r4.statusCode).toBe(400);
    expect((await sql.query('select count(*)::int as n from plan where person_id = $1', [person])).rows[0].n).toBe(0);
  });

  it('creates once for one Idempotency-Key', async () => {
    const person = await newPerson('Idempotent');
    const assessmentId = await signedAssessment(person);
    const key = { 'idempotency-key': 'plan-creation-0001' };
    const first = await coord.req('POST', `/api/v1/people/${person}/plans`, { body: { assessmentId }, headers: key });
    const again = await coord.req('POST', `/api/v1/people/${person}/plans`, { body: { assessmentId }, headers: key });
    expect([first.statusCode, again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect((again.json() as Plan).id).toBe((first.json() as Plan).id);
  });
});

describe('goals, actions and budget', () => {
  it('saves 3 goals and 6 actions; costs add up per source, per month and per year; the over-budget warning names the source', async () => {
    const person = await newPerson('Budget');
    const contact = await externalContact(person, 'ADMR de Valence', 'Service d’aide à domicile');
    const p = await saved(coord, await newPlan(person), content({ contactId: contact }));
    expect(p.goals.map((g) => [g.wording, g.category, g.actions.length])).toEqual([
      ['Faire sa toilette en sécurité chaque jour', 'health', 2],
      ['Sécuriser la salle de bains', 'social', 2],
      ['Soulager sa fille, aidante principale', 'social', 2],
    ]);
    const help = p.goals[0]!.actions[1]!;
    expect(help.owner).toMatchObject({
      kind: 'contact',
      name: 'ADMR de Valence',
      organisation: 'Service d’aide à domicile',
      external: true,
    });
    expect(help.cost).toMatchObject({ periodCents: 73_740, monthlyCents: 73_740, oneOffCents: 0, yearlyCents: 884_880 });
    // 181 days (10 days ago → in 170 days) of 737,40 € a month, prorated by day: about 5.9 months.
    expect(help.cost.budgetCents).toBeGreaterThan(73_740 * 5.8);
    expect(help.cost.budgetCents).toBeLessThan(73_740 * 6);
    const b = p.budget!;
    // What each action shows adds up exactly to what the budget counts (issue 19, finding 3).
    expect(p.goals.flatMap((g) => g.actions).reduce((s, a) => s + a.cost.budgetCents, 0)).toBe(b.totals.periodCents);
    const apa = b.sources.find((s) => s.source === 'apa')!;
    // 30 h × 24,58 € + 4 days × 45 € = 917,40 € a month, over the 900 € allocated.
    expect(apa).toMatchObject({ monthlyCents: 91_740, allocatedMonthlyCents: 90_000, remainingMonthlyCents: -1_740, overBudget: true });
    expect(b.sources.find((s) => s.source === 'departement')).toMatchObject({
      oneOffCents: 85_000,
      remainingOneOffCents: 15_000,
      overBudget: false,
    });
    expect(b.overBudget).toBe(true);
    expect(b.months).toHaveLength(12);
    expect(b.months.reduce((s, m) => s + m.totalCents, 0)).toBe(b.totals.periodCents);
    expect(b.years.reduce((s, y) => s + y.totalCents, 0)).toBe(b.totals.periodCents);
    expect(b.totals.oneOffCents).toBe(85_000);
    // Every need answered: no coherence issue left.
    expect(p.coherence).toEqual([]);
    const list = (await coord.req('GET', `/api/v1/plans?personId=${person}`)).json() as { items: PlanSummary[] };
    expect(list.items).toEqual([expect.objectContaining({ id: p.id, overBudget: true, status: 'draft', versionNumber: 1 })]);

    // Within the allocation once the day care is cut to 3 days.
    const c = content({ contactId: contact });
    c.goals[2]!.actions![0]!.quantity = 3;
    const ok = await saved(coord, p, { ...c, goals: c.goals.map((g, i) => ({ ...g, id: p.goals[i]!.id })) });
    expect(ok.budget!.sources.find((s) => s.source === 'apa')).toMatchObject({
      monthlyCents: 87_240,
      remainingMonthlyCents: 2_760,
      overBudget: false,
    });
    expect(ok.goals.map((g) => g.id)).toEqual(p.goals.map((g) => g.id));
    // What is read can be saved back unchanged.
    const same = await saved(coord, ok, contentOf(ok));
    expect(contentOf(same)).toEqual(contentOf(ok));
    expect(same.budget).toEqual(ok.budget);
  });

  it('shows coherence issues: need unanswered or deferred without reason, action without owner or dates, overlapping actions, goal without indicator', async () => {
    const person = await newPerson('Coherence');
    const p = await newPlan(person);
    const r = await saved(coord, p, {
      deferredNeeds: [{ code: 'amenagement_logement', reason: 'Déménagement prévu en septembre' }],
      goals: [
        {
          wording: 'Toilette quotidienne',
          component: 'care',
          needCodes: ['aide_toilette'],
          horizon: '3m',
          actions: [
            { description: 'Aide à domicile du matin', type: 'personal_help', startDate: daysAgo(1), endDate: daysAgo(-90) },
            {
              description: 'Seconde aide à domicile',
              type: 'personal_help',
              owner: { kind: 'user', userId: org.users.health_professional!.id },
              startDate: daysAgo(-30),
            },
          ],
        },
      ],
    });
    const issues = r.coherence!.map((c) => [c.code, c.needCode ?? c.goalId ?? c.actionIds?.length]);
    const [first, second] = r.goals[0]!.actions;
    expect(issues).toEqual([
      ['need_unanswered', 'soins_infirmiers'],
      ['need_unanswered', 'soutien_aidants'],
      ['goal_without_indicator', r.goals[0]!.id],
      ['action_without_owner', 1],
      ['action_without_dates', 1],
      ['overlapping_actions', 'aide_toilette'],
    ]);
    expect(r.coherence!.find((c) => c.code === 'overlapping_actions')!.actionIds).toEqual([first!.id, second!.id]);
    expect(r.needs.find((n) => n.code === 'amenagement_logement')!.deferredReason).toBe('Déménagement prévu en septembre');
  });

  it('refuses bad input with precise field paths, and writes nothing', async () => {
    const person = await newPerson('Champs');
    const p = await newPlan(person);
    const shape = await save(coord, p, {
      goals: [
        {
          wording: '',
          component: 'care',
          horizon: 'date',
          actions: [
            { description: 'Barres', type: 'home_adaptation', startDate: '2026-05-01', endDate: '2026-04-01', unitCostCents: -5 },
            { description: 'Aide', type: 'personal_help', unitCostCents: 12.5 },
          ],
        },
      ],
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)).toEqual(
      expect.arrayContaining(['body.goals.0.wording', 'body.goals.0.actions.0.unitCostCents', 'body.goals.0.actions.1.unitCostCents']),
    );
    const rules = await save(coord, p, {
      goals: [
        {
          wording: 'Objectif',
          component: 'life',
          needCodes: ['inexistant'],
          horizon: '3m',
          actions: [
            { description: 'Par un inconnu', type: 'support', owner: { kind: 'user', userId: newId() } },
            { description: 'Par un contact d’une autre personne', type: 'support', owner: { kind: 'contact', careTeamMemberId: newId() } },
            { id: newId(), description: 'Action inconnue', type: 'support' },
          ],
        },
      ],
      deferredNeeds: [{ code: 'pas_un_besoin', reason: 'raison' }],
    });
    expect(rules.statusCode).toBe(400);
    expect(paths(rules)).toEqual([
      'body.goals.0.needCodes.0',
      'body.goals.0.actions.2.id',
      'body.deferredNeeds.0.code',
      'body.goals.0.actions.0.owner',
      'body.goals.0.actions.1.owner',
    ]);
    const after = (await coord.req('GET', `/api/v1/plans/${p.id}`)).json() as Plan;
    expect([after.goals.length, after.version.version]).toEqual([0, p.version.version]);
  });

  it("refuses dates in year 1 or 9999 and dates outside the plan's period, naming each field, and writes nothing (SEC-VAL-02)", async () => {
    const person = await newPerson('Periode');
    const p = await newPlan(person);
    const years = await save(coord, p, {
      goals: [
        {
          wording: 'Objectif',
          component: 'life',
          horizon: 'date',
          targetDate: '9999-12-31',
          actions: [{ description: 'Aide', type: 'support', startDate: '0001-01-01', endDate: '9999-12-31' }],
        },
      ],
    });
    expect(years.statusCode).toBe(400);
    expect(paths(years)).toEqual(['body.goals.0.targetDate', 'body.goals.0.actions.0.startDate', 'body.goals.0.actions.0.endDate']);
    expect(codes(years)).toEqual(['date_out_of_range', 'date_out_of_range', 'date_out_of_range']);

    // A first plan reaches a year back (support under way) and five years ahead.
    const period = await save(coord, p, {
      goals: [
        {
          wording: 'Objectif',
          component: 'life',
          horizon: 'date',
          targetDate: '2095-06-30',
          actions: [
            { description: 'Déjà finie', type: 'support', startDate: daysAgo(800), endDate: daysAgo(700) },
            { description: 'Bien datée', type: 'support', startDate: daysAgo(30), endDate: daysAgo(-300) },
          ],
        },
      ],
    });
    expect(period.statusCode).toBe(400);
    expect(paths(period)).toEqual(['body.goals.0.targetDate', 'body.goals.0.actions.0.startDate', 'body.goals.0.actions.0.endDate']);
    expect(codes(period)).toEqual(['outside_plan_period', 'outside_plan_period', 'outside_plan_period']);
    const after = (await coord.req('GET', `/api/v1/plans/${p.id}`)).json() as Plan;
    expect([after.goals.length, after.version.version]).toEqual([0, p.version.version]);
  });

  it('lets a social worker write social goals only, and keeps the health goals she cannot see', async () => {
    const person = await newPerson('Assistante');
    const p = await saved(coord, await newPlan(person), content());
    const seen = (await social.req('GET', `/api/v1/plans/${p.id}`)).json() as Plan;
    expect(seen.goals.map((g) => g.category)).toEqual(['social', 'social']);
    expect(seen.hidden).toEqual({ goals: 1, actions: 2 });
    expect(seen.needs.map((n) => n.code).sort()).toEqual(['amenagement_logement', 'soutien_aidants']);
    expect(JSON.stringify(seen)).not.toContain('Passage infirmier');
    // The budget stays whole: amounts of actions she cannot read are counted, not shown.
    expect(seen.budget!.totals).toEqual(p.budget!.totals);
    const health = await save(social, seen, { goals: [{ wording: 'Soins', component: 'care', horizon: '3m' }] });
    expect([health.statusCode, codes(health)]).toEqual([400, ['category_not_allowed']]);
    const mine = await saved(social, seen, { ...contentOf(seen), goals: contentOf(seen).goals.slice(0, 1) });
    expect(mine.goals).toHaveLength(1);
    const whole = (await coord.req('GET', `/api/v1/plans/${p.id}`)).json() as Plan;
    expect(whole.goals.map((g) => g.wording)).toEqual(['Faire sa toilette en sécurité chaque jour', 'Sécuriser la salle de bains']);
    expect(whole.goals[0]!.actions).toHaveLength(2);
  });
});

describe('status flow, agreement and frozen versions', () => {
  it('goes draft → proposed → agreed → active, refusing every other change of status with 409', async () => {
    const person = await newPerson('Statuts');
    let p = await newPlan(person);
    const empty = await coord.req('POST', `/api/v1/plans/${p.id}/propose`, { headers: ifMatch(p) });
    expect([empty.statusCode, (empty.json() as { code: string }).code]).toEqual([409, 'plan.no_goals']);
    p = await saved(coord, p, content());
    for (const [what, body] of [
      ['agree', agreement()],
      ['activate', { startDate: today() }],
      ['reopen', undefined],
    ] as const) {
      const r = await coord.req('POST', `/api/v1/plans/${p.id}/${what}`, { headers: ifMatch(p), ...(body ? { body } : {}) });
      expect([what, r.statusCode, (r.json() as { code: string }).code]).toEqual([what, 409, 'invalid_transition']);
    }
    make.expectProblem(
      await coord.req('POST', `/api/v1/plans/${p.id}/reviews`, {
        body: { reviewedOn: today(), outcomes: [{ goalId: p.goals[0]!.id, outcome: 'achieved' }] },
      }),
      409,
      'plan.not_in_force',
    );
    p = await step(coord, p, 'propose');
    expect(p.version.status).toBe('proposed');
    make.expectProblem(await save(coord, p, content()), 409, 'plan.proposed_locked');
    p = await step(coord, p, 'reopen');
    p = await step(coord, p, 'propose');
    // Recording the agreement needs plan.agree; a nurse has plan.write only.
    expect((await nurse.req('POST', `/api/v1/plans/${p.id}/agree`, { headers: ifMatch(p), body: agreement() })).statusCode).toBe(403);
    p = await step(director, p, 'agree', agreement({ form: 'oral', copyHandedOver: false, copyHandedOn: null }));
    expect(p.version).toMatchObject({ status: 'agreed', agreement: { form: 'oral', givenBy: 'person', copyHandedOver: false } });
    expect(
      (await coord.req('POST', `/api/v1/plans/${p.id}/activate`, { headers: ifMatch(p), body: { startDate: daysAgo(3) } })).json(),
    ).toMatchObject({
      status: 400,
      errors: [{ path: 'body.startDate', code: 'before_agreement' }],
    });
    p = await step(coord, p, 'activate', { startDate: today() });
    expect(p.version.status).toBe('active');
    expect(p.reviewSchedule!.nextReviewOn).toBe(p.goals[0]!.dueOn);
    expect((await coord.req('POST', `/api/v1/plans/${p.id}/propose`, { headers: ifMatch(p) })).statusCode).toBe(409);
  });

  it('freezes an agreed version, in the service (409) and in the database, and never deletes', async () => {
    const person = await newPerson('Fige');
    let p = await saved(coord, await newPlan(person), content());
    p = await step(coord, await step(coord, p, 'propose'), 'agree', agreement());
    const change = await save(coord, p, content());
    make.expectProblem(change, 409, 'plan.version_frozen');
    expect((change.json() as { detail: string }).detail).toMatch(/frozen: changes make a new version/);
    const db = await t.server.deps.pool.connect();
    try {
      for (const q of [
        [`update plan_version set expectations = 'modifié' where id = $1`, p.version.id],
        [`update plan_goal set wording = 'modifié' where version_id = $1`, p.version.id],
        [`update plan_action set unit_cost_cents = 1 where version_id = $1`, p.version.id],
        [
          `insert into plan_goal (id, version_id, key, position, wording, component, category, need_codes, horizon, priority) values (gen_random_uuid(), $1, gen_random_uuid(), 9, 'x', 'life', 'social', '{}', '3m', 'low')`,
          p.version.id,
        ],
      ] as const) {
        await db.query('begin');
        await db.query(`select set_config('app.tenant_id', $1, true)`, [org.id]);
        await expect(db.query(q[0], [q[1]])).rejects.toThrow(/frozen/);
        await db.query('rollback');
      }
    } finally {
      db.release();
    }
    await expect(t.server.deps.pool.query('delete from plan_goal')).rejects.toThrow(/permission denied/);
    await expect(t.server.deps.pool.query('delete from plan_version')).rejects.toThrow(/permission denied/);
  });

  it("takes the legal representative's agreement under guardianship, only from a relative with a recorded mandate (FR-12)", async () => {
    const person = await newPerson('Tutelle');
    const rel = await coord.req('POST', `/api/v1/people/${person}/relatives`, {
      body: { lastName: 'Tutelle', firstName: 'Nadine', relationship: 'child', isLegalRepresentative: true },
    });
    const other = await coord.req('POST', `/api/v1/people/${person}/relatives`, {
      body: { lastName: 'Voisin', firstName: 'Paul', relationship: 'neighbour' },
    });
    const relId = (rel.json() as { id: string }).id;
    const prot = await coord.req('POST', `/api/v1/people/${person}/protections`, {
      body: { kind: 'tutelle', protectorName: 'Nadine Tutelle', relativeId: relId, startDate: daysAgo(300), covers: 'both' },
    });
    expect(prot.statusCode).toBe(201);
    let p = await step(coord, await saved(coord, await newPlan(person), content()), 'propose');
    const byPerson = await coord.req('POST', `/api/v1/plans/${p.id}/agree`, { headers: ifMatch(p), body: agreement() });
    expect([byPerson.statusCode, paths(byPerson), codes(byPerson)]).toEqual([400, ['body.givenBy'], ['representative_required']]);
    const neighbour = await coord.req('POST', `/api/v1/plans/${p.id}/agree`, {
      headers: ifMatch(p),
      body: agreement({ givenBy: 'legal_representative', representativeId: (other.json() as { id: string }).id }),
    });
    expect(codes(neighbour)).toEqual(['no_mandate']);
    p = await step(coord, p, 'agree', agreement({ givenBy: 'legal_representative', representativeId: relId }));
    expect(p.version.agreement).toMatchObject({ givenBy: 'legal_representative', representative: { id: relId, name: 'Nadine Tutelle' } });
  });
});

describe('optimistic concurrency', () => {
  it('gives the second of two coordinators 412 with the current plan; the first one’s work is kept', async () => {
    const person = await newPerson('Concurrence');
    const p = await saved(coord, await newPlan(person), content());
    expect((await coord.req('PUT', `/api/v1/plans/${p.id}/content`, { body: content() })).statusCode).toBe(428);
    const mine = await coord.req('GET', `/api/v1/plans/${p.id}`);
    const theirs = await coord2.req('GET', `/api/v1/plans/${p.id}`);
    expect(mine.headers.etag).toBe(theirs.headers.etag);
    const first = mine.json() as Plan;
    const c1 = content();
    c1.goals[1]!.target = 'posés et utilisés';
    const ok = await save(coord, first, { ...c1, goals: c1.goals.map((g, i) => ({ ...g, id: first.goals[i]!.id })) });
    expect(ok.statusCode).toBe(200);
    const c2 = content();
    c2.goals[2]!.wording = 'Changé par le second';
    const late = await save(coord2, theirs.json() as Plan, c2);
    expect(late.statusCode).toBe(412);
    const current = (late.json() as { current: Plan }).current;
    expect(current.goals[1]!.target).toBe('posés et utilisés');
    expect(current.version.version).toBe(first.version.version + 1);
    const now = (await coord.req('GET', `/api/v1/plans/${p.id}`)).json() as Plan;
    expect(now.goals.map((g) => g.wording)).not.toContain('Changé par le second');
    expect(now.goals[1]!.target).toBe('posés et utilisés');
    // With the current version, the second coordinator's change goes through.
    const retry = await save(coord2, current, { ...c2, goals: c2.goals.map((g, i) => ({ ...g, id: current.goals[i]!.id })) });
    expect(retry.statusCode).toBe(200);
    expect((retry.json() as Plan).goals[2]!.wording).toBe('Changé par le second');
  });
});

describe('reviews, versions and comparison', () => {
  it('reviews goals at their horizon into version 2, freezes version 1, and compares the two', async () => {
    const person = await newPerson('Revision');
    let p = await saved(coord, await newPlan(person), content());
    p = await step(coord, await step(coord, p, 'propose'), 'agree', agreement({ agreedOn: monthsAgo(3), copyHandedOn: monthsAgo(3) }));
    p = await step(coord, p, 'activate', { startDate: monthsAgo(3) });
    expect(p.reviewSchedule).toMatchObject({ due: true, nextReviewOn: today() });
    const due = (await coord.req('GET', `/api/v1/plans?reviewDue=true&personId=${person}`)).json() as { items: PlanSummary[] };
    expect(due.items).toEqual([expect.objectContaining({ id: p.id, reviewDue: true, nextReviewOn: today() })]);
    const incomplete = await coord.req('POST', `/api/v1/plans/${p.id}/reviews`, {
      body: { reviewedOn: today(), outcomes: [{ goalId: p.goals[1]!.id, outcome: 'achieved' }] },
    });
    expect([incomplete.statusCode, codes(incomplete)]).toEqual([400, ['missing_goal']]);
    const [toilet, bathroom, carer] = p.goals;
    const r = await coord.req('POST', `/api/v1/plans/${p.id}/reviews`, {
      body: {
        reviewedOn: today(),
        participants: 'Mme, sa fille, l’infirmier',
        outcomes: [
          { goalId: toilet!.id, outcome: 'achieved', comment: 'Toilette assurée sans chute depuis 3 mois' },
          { goalId: bathroom!.id, outcome: 'partly', comment: 'Barres posées, siège de douche en attente' },
          { goalId: carer!.id, outcome: 'not_achieved', comment: null },
        ],
      },
    });
    expect(r.statusCode).toBe(201);
    let v2 = r.json() as Plan;
    expect(v2.version).toMatchObject({ number: 2, status: 'draft', basedOnNumber: 1 });
    expect(v2.goals.map((g) => g.key)).toEqual([bathroom!.key, carer!.key]);
    expect(v2.versions.map((v) => [v.number, v.status])).toEqual([
      [1, 'under_review'],
      [2, 'draft'],
    ]);
    expect(v2.reviews[0]!.outcomes.map((o) => o.outcome)).toEqual(['achieved', 'partly', 'not_achieved']);
    // Adjust the partly reached goal in version 2.
    const c = content();
    const adjusted = {
      ...c.goals[1]!,
      id: v2.goals[0]!.id,
      horizon: '3m' as const,
      target: 'siège de douche posé',
      actions: [{ ...c.goals[1]!.actions![0]!, id: v2.goals[0]!.actions[0]!.id, unitCostCents: 45_000 }],
    };
    v2 = await saved(coord, v2, {
      ...c,
      goals: [
        adjusted,
        { ...c.goals[2]!, id: v2.goals[1]!.id, actions: v2.goals[1]!.actions.map((a, i) => ({ ...c.goals[2]!.actions![i]!, id: a.id })) },
      ],
    });
    const cmp = (await coord.req('GET', `/api/v1/plans/${p.id}/compare?a=1&b=2`)).json() as PlanComparison;
    expect(cmp.goals.removed.map((g) => g.wording)).toEqual(['Faire sa toilette en sécurité chaque jour']);
    expect(cmp.goals.added).toEqual([]);
    expect(cmp.goals.changed.map((g) => [g.to.wording, g.changes.map((x) => x.field)])).toEqual([
      ['Sécuriser la salle de bains', ['horizon', 'target']],
    ]);
    expect(cmp.actions.removed.map((a) => a.description)).toEqual([
      'Passage infirmier pour les soins et la toilette',
      'Aide à domicile pour la toilette',
      'Téléassistance',
    ]);
    expect(cmp.actions.changed.map((a) => [a.to.description, a.changes])).toEqual([
      ["Pose de barres d'appui et d'un siège de douche", [{ field: 'unitCostCents', from: 85_000, to: 45_000 }]],
    ]);
    expect(cmp.budget.sources.find((s) => s.source === 'departement')).toMatchObject({ changeCents: -40_000 });
    expect(cmp.budget.total.changeCents).toBeLessThan(0);
    // Version 2 agreed: version 1 is closed as superseded.
    v2 = await step(coord, await step(coord, v2, 'propose'), 'agree', agreement());
    expect(v2.versions.map((v) => [v.number, v.status, v.closeReason])).toEqual([
      [1, 'closed', 'superseded'],
      [2, 'agreed', null],
    ]);
    const v1 = (await coord.req('GET', `/api/v1/plans/${p.id}?version=1`)).json() as Plan;
    expect(v1.version).toMatchObject({ number: 1, latest: false, status: 'closed' });
    expect(v1.access.can.edit).toBe(false);
  });

  it('offers "in progress" and asks only for the goals due by the review; the coordinator may review the others too (issue 19, item 4)', async () => {
    const person = await newPerson('Echeance');
    let p = await saved(coord, await newPlan(person), content());
    p = await step(coord, await step(coord, p, 'propose'), 'agree', agreement({ agreedOn: monthsAgo(3), copyHandedOn: monthsAgo(3) }));
    p = await step(coord, p, 'activate', { startDate: monthsAgo(3) });
    const [toilet, bathroom, carer] = p.goals;
    expect(p.reviewSchedule!.goals.map((g) => g.due)).toEqual([true, false, false]);
    // The goal due today must be reviewed: leaving it out is refused, naming the field.
    const withoutDue = await coord.req('POST', `/api/v1/plans/${p.id}/reviews`, {
      body: { reviewedOn: today(), outcomes: [{ goalId: bathroom!.id, outcome: 'in_progress' }] },
    });
    expect([withoutDue.statusCode, paths(withoutDue), codes(withoutDue)]).toEqual([400, ['body.outcomes'], ['missing_goal']]);
    // Only the due goal, "en cours": the goals not yet due carry over unreviewed, and so does the one in progress.
    const r = await coord.req('POST', `/api/v1/plans/${p.id}/reviews`, {
      body: { reviewedOn: today(), outcomes: [{ goalId: toilet!.id, outcome: 'in_progress', comment: 'Toilette encore accompagnée' }] },
    });
    expect(r.statusCode).toBe(201);
    const v2 = r.json() as Plan;
    expect(v2.goals.map((g) => g.key)).toEqual([toilet!.key, bathroom!.key, carer!.key]);
    expect(v2.reviews.map((x) => x.outcomes)).toEqual([
      [{ goalKey: toilet!.key, wording: toilet!.wording, outcome: 'in_progress', comment: 'Toilette encore accompagnée' }],
    ]);
    const audit = await sql.query(`select details from audit_event where action = 'plan.review' and resource_id = $1`, [p.id]);
    expect(audit.rows[0].details).toMatchObject({ in_progress: 1, achieved: 0 });
  });

  it('keeps the version in force followable while its review prepares version 2; the list shows both (issue 19, item 5)', async () => {
    const person = await newPerson('Gelee');
    let p = await saved(coord, await newPlan(person), content());
    p = await step(coord, await step(coord, p, 'propose'), 'agree', agreement({ agreedOn: monthsAgo(3), copyHandedOn: monthsAgo(3) }));
    p = await step(coord, p, 'activate', { startDate: monthsAgo(3) });
    const r = await coord.req('POST', `/api/v1/plans/${p.id}/reviews`, {
      body: { reviewedOn: today(), outcomes: [{ goalId: p.goals[0]!.id, outcome: 'partly' }] },
    });
    expect(r.statusCode).toBe(201);
    let v2 = r.json() as Plan;
    let v1 = (await coord.req('GET', `/api/v1/plans/${p.id}?version=1`)).json() as Plan;
    expect([v1.version.status, v1.access.can.follow, v2.access.can.follow]).toEqual(['under_review', true, false]);
    const homeHelp = v1.goals.flatMap((g) => g.actions).find((a) => a.description === 'Aide à domicile pour la toilette')!;
    const moved = await coord.req('POST', `/api/v1/plans/${p.id}/actions/${homeHelp.id}/status`, {
      body: { status: 'in_progress', note: 'Passages repris' },
      headers: ifMatch(v1),
    });
    expect(moved.statusCode).toBe(200);
    v1 = moved.json() as Plan;
    expect([v1.version.number, v1.version.status, v1.goals[0]!.actions.find((a) => a.id === homeHelp.id)!.status]).toEqual([
      1,
      'under_review',
      'in_progress',
    ]);
    // The draft is edited, not followed.
    const draftAction = v2.goals[0]!.actions[0]!;
    const onDraft = await coord.req('POST', `/api/v1/plans/${p.id}/actions/${draftAction.id}/status`, {
      body: { status: 'done' },
      headers: ifMatch(v2),
    });
    make.expectProblem(onDraft, 409, 'plan.action_not_in_effect');
    // The list shows the draft being prepared and the version in force.
    const list = (await coord.req('GET', `/api/v1/plans?personId=${person}`)).json() as { items: PlanSummary[] };
    expect(list.items.map((x) => [x.versionNumber, x.status, x.inForceNumber, x.inForceStatus, x.startDate])).toEqual([
      [2, 'draft', 1, 'under_review', monthsAgo(3)],
    ]);
    // Once version 2 is agreed, version 1 is closed and no longer followed.
    v2 = await step(coord, await step(coord, v2, 'propose'), 'agree', agreement());
    v1 = (await coord.req('GET', `/api/v1/plans/${p.id}?version=1`)).json() as Plan;
    const late = await coord.req('POST', `/api/v1/plans/${p.id}/actions/${homeHelp.id}/status`, {
      body: { status: 'done' },
      headers: ifMatch(v1),
    });
    expect([late.statusCode, v1.version.status, v1.access.can.follow]).toEqual([409, 'closed', false]);
    const after = (await coord.req('GET', `/api/v1/plans?personId=${person}`)).json() as { items: PlanSummary[] };
    expect(after.items.map((x) => [x.versionNumber, x.status, x.inForceNumber, x.inForceStatus])).toEqual([[2, 'agreed', 2, 'agreed']]);
  });

  it('revises an agreed plan into a new draft; only one at a time', async () => {
    const person = await newPerson('Nouvelle');
    let p = await saved(coord, await newPlan(person), content());
    p = await step(coord, await step(coord, p, 'propose'), 'agree', agreement());
    const r = await coord.req('POST', `/api/v1/plans/${p.id}/versions`);
    expect(r.statusCode).toBe(201);
    const v2 = r.json() as Plan;
    expect(v2.version).toMatchObject({ number: 2, status: 'draft' });
    expect(v2.goals.map((g) => g.key)).toEqual(p.goals.map((g) => g.key));
    make.expectProblem(await coord.req('POST', `/api/v1/plans/${p.id}/versions`), 409, 'plan.revision_in_progress');
    const cmp = (await coord.req('GET', `/api/v1/plans/${p.id}/compare?a=1&b=2`)).json() as PlanComparison;
    expect([cmp.goals.added, cmp.goals.removed, cmp.goals.changed, cmp.actions.changed]).toEqual([[], [], [], []]);
    const closed = await step(coord, v2, 'close', { reason: 'Révision abandonnée' });
    expect(closed.version).toMatchObject({ status: 'closed', closeReason: 'withdrawn' });
    expect(closed.versions.map((v) => v.status)).toEqual(['agreed', 'closed']);
  });
});

describe('following the plan in effect', () => {
  it('moves an action under way, done or cancelled (with the reason) while the plan is in effect; the owner moves their own; every move kept and audited', async () => {
    const person = await newPerson('Suivi');
    await coord.req('POST', `/api/v1/people/${person}/care-team`, {
      body: { userId: org.users.external_partner!.id, function: 'nurse', startDate: daysAgo(400) },
    });
    expect((await consentToHealth(person)).statusCode).toBe(201);
    let p = await saved(coord, await newPlan(person), content({ partnerId: org.users.external_partner!.id }));
    p = await step(coord, await step(coord, p, 'propose'), 'agree', agreement());
    const actionOf = (x: Plan, description: string) => x.goals.flatMap((g) => g.actions).find((a) => a.description === description)!;
    const homeHelp = actionOf(p, 'Aide à domicile pour la toilette');
    const move = (c: Client, x: Plan, actionId: string, body: unknown, headers: Record<string, string> = ifMatch(x)) =>
      c.req('POST', `/api/v1/plans/${x.id}/actions/${actionId}/status`, { body, headers });

    // Agreed but not yet in effect: nothing to follow.
    expect(p.access.can.follow).toBe(false);
    const early = await move(coord, p, homeHelp.id, { status: 'in_progress' });
    make.expectProblem(early, 409, 'plan.action_not_in_effect');
    p = await step(coord, p, 'activate', { startDate: today() });
    expect(p.access.can.follow).toBe(true);
    const apaBefore = p.budget!.sources.find((x) => x.source === 'apa')!.monthlyCents;

    // Bad input, stale or missing If-Match, unknown action: precise errors, nothing written.
    expect(paths(await move(coord, p, homeHelp.id, { status: 'finished' }))).toEqual(['body.status']);
    expect(paths(await move(coord, p, homeHelp.id, { status: 'cancelled', note: '  ' }))).toEqual(['body.note']);
    expect((await move(coord, p, homeHelp.id, { status: 'done' }, { 'if-match': '"1"' })).statusCode).toBe(412);
    expect((await move(coord, p, homeHelp.id, { status: 'done' }, {})).statusCode).toBe(428);
    expect((await move(coord, p, newId(), { status: 'done' })).statusCode).toBe(404);
    make.expectProblem(await move(coord, p, homeHelp.id, { status: 'planned' }), 409, 'plan.action_same_status');

    // The coordinator starts the home help; the plan shows who and when; the ETag moves.
    const started = await move(coord, p, homeHelp.id, { status: 'in_progress', note: 'Premier passage lundi' });
    expect(started.statusCode).toBe(200);
    const afterStart = planSchema.parse(started.json());
    expect(started.headers.etag).toBe(`"${afterStart.version.version}"`);
    expect(afterStart.version.version).toBe(p.version.version + 1);
    expect(actionOf(afterStart, 'Aide à domicile pour la toilette')).toMatchObject({
      status: 'in_progress',
      statusChange: { byName: expect.any(String), note: 'Premier passage lundi' },
    });
    // The next read sees it too (the built plan is not reused after a change).
    const reread = (await coord.req('GET', `/api/v1/plans/${p.id}`)).json() as Plan;
    expect(actionOf(reread, 'Aide à domicile pour la toilette').status).toBe('in_progress');
    // Then cancels it, saying why: it no longer counts in the budget.
    const cancelled = await move(coord, afterStart, homeHelp.id, { status: 'cancelled', note: "Refus de l'aide par Mme, revu en réunion" });
    expect(cancelled.statusCode).toBe(200);
    const afterCancel = cancelled.json() as Plan;
    expect(afterCancel.budget!.sources.find((x) => x.source === 'apa')!.monthlyCents).toBeLessThan(apaBefore);

    // The partner moves their own action, and only theirs.
    const partnerView = (await partner.req('GET', `/api/v1/plans/${p.id}`)).json() as Plan;
    const own = partnerView.goals.flatMap((g) => g.actions).find((a) => a.own)!;
    expect(own.description).toBe('Passage infirmier pour les soins et la toilette');
    const done = await move(partner, partnerView, own.id, { status: 'done' });
    expect(done.statusCode).toBe(200);
    expect((done.json() as Plan).access.view).toBe('partner');
    expect((done.json() as Plan).goals[0]!.actions[0]!.status).toBe('done');
    expect((await move(partner, done.json() as Plan, homeHelp.id, { status: 'planned' })).statusCode).toBe(404);

    // Every move is kept, in order, with who made it; the version stays frozen; each move audited.
    const history = await sql.query<{ from_status: string; to_status: string; note: string | null; recorded_by: string }>(
      `select from_status, to_status, note, recorded_by from plan_action_progress where plan_id = $1 order by recorded_at, id`,
      [p.id],
    );
    expect(history.rows.map((r) => [r.from_status, r.to_status, r.recorded_by])).toEqual([
      ['planned', 'in_progress', org.users.coordinator!.id],
      ['in_progress', 'cancelled', org.users.coordinator!.id],
      ['planned', 'done', org.users.external_partner!.id],
    ]);
    const audits = await sql.query<{ n: number }>(
      `select count(*)::int as n from audit_event where resource_id = $1 and action = 'plan.action_status'`,
      [p.id],
    );
    expect(audits.rows[0]!.n).toBe(3);
    await expect(t.server.deps.pool.query('update plan_action_progress set note = null')).rejects.toThrow(/permission denied/);
    await expect(t.server.deps.pool.query('delete from plan_action_progress')).rejects.toThrow(/permission denied/);
    const db = await t.server.deps.pool.connect();
    try {
      await db.query('begin');
      await db.query(`select set_config('app.tenant_id', $1, true)`, [org.id]);
      await expect(db.query(`update plan_action set description = 'modifié' where id = $1`, [homeHelp.id])).rejects.toThrow(/frozen/);
      await db.query('rollback');
    } finally {
      db.release();
    }
  });

  it('carries the status of each action into the next version', async () => {
    const person = await newPerson('Reprise');
    let p = await saved(coord, await newPlan(person), content());
    p = await step(coord, await step(coord, p, 'propose'), 'agree', agreement());
    p = await step(coord, p, 'activate', { startDate: today() });
    const tele = p.goals.flatMap((g) => g.actions).find((a) => a.description === 'Téléassistance')!;
    const res = await coord.req('POST', `/api/v1/plans/${p.id}/actions/${tele.id}/status`, {
      body: { status: 'done' },
      headers: ifMatch(p),
    });
    expect(res.statusCode).toBe(200);
    const v2 = await coord.req('POST', `/api/v1/plans/${p.id}/versions`);
    expect(v2.statusCode).toBe(201);
    const next = v2.json() as Plan;
    expect(next.goals.flatMap((g) => g.actions).find((a) => a.key === tele.key)!.status).toBe('done');
    // A draft is not followed: its actions are edited.
    expect(next.access.can.follow).toBe(false);
  });
});

describe('partners and access', () => {
  it('shows a partner only their own actions, in the categories the consent allows, and nothing after an objection', async () => {
    const person = await newPerson('Partenaire');
    const team = await coord.req('POST', `/api/v1/people/${person}/care-team`, {
      body: { userId: org.users.external_partner!.id, function: 'nurse', startDate: daysAgo(400) },
    });
    expect(team.statusCode).toBe(201);
    let p = await saved(coord, await newPlan(person), content({ partnerId: org.users.external_partner!.id }));
    p = await step(coord, await step(coord, p, 'propose'), 'agree', agreement());
    // No consent yet: not even the plan exists for the partner.
    expect((await partner.req('GET', `/api/v1/plans/${p.id}`)).statusCode).toBe(404);
    const consent = await consentToHealth(person);
    expect(consent.statusCode).toBe(201);
    const res = await partner.req('GET', `/api/v1/plans/${p.id}`);
    expect(res.statusCode).toBe(200);
    const seen = res.json() as Plan;
    expect(seen.access.view).toBe('partner');
    // Their health action only: not the nurse's, not their own social one (the consent does not cover social information).
    expect(seen.goals.map((g) => [g.wording, g.actions.map((a) => [a.description, a.own])])).toEqual([
      ['Faire sa toilette en sécurité chaque jour', [['Passage infirmier pour les soins et la toilette', true]]],
    ]);
    // The needs the goal answers, in words: a partner reads no need list, and never a code (issue 19 item 15).
    expect(seen.goals[0]!.needLabels).toEqual(['Aide à la toilette', 'Soins infirmiers à domicile']);
    expect([seen.budget, seen.coherence, seen.needs, seen.version.expectations, seen.version.agreement]).toEqual([
      null,
      null,
      [],
      null,
      null,
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/Groupe de parole|Aide à domicile|Téléassistance|rester chez moi/);
    const list = (await partner.req('GET', '/api/v1/plans')).json() as { items: PlanSummary[] };
    expect(list.items.map((i) => i.id)).toContain(p.id);
    expect((await partner.req('GET', `/api/v1/plans/${p.id}/compare?a=1&b=1`)).statusCode).toBe(404);
    make.expectProblem(await partner.req('GET', `/api/v1/plans/${p.id}/pdf?form=person`), 403, 'plan.partner_form_only');
    const pdf = await partner.req('GET', `/api/v1/plans/${p.id}/pdf?form=professional`);
    expect(pdf.statusCode).toBe(200);
    expect((await partner.req('PUT', `/api/v1/plans/${p.id}/content`, { body: content(), headers: ifMatch(seen) })).statusCode).toBe(403);
    // An objection takes effect at the next request (FR-04).
    await coord.req('POST', `/api/v1/people/${person}/consents`, {
      body: {
        decision: 'objection',
        informedAt: today(),
        method: 'oral',
        infoCategories: ['health'],
        professionalCategories: ['health'],
        means: ['shared_record'],
        securityMeasuresExplained: true,
        copyGiven: false,
        givenBy: 'person',
      },
    });
    expect((await partner.req('GET', `/api/v1/plans/${p.id}`)).statusCode).toBe(404);
    expect(((await partner.req('GET', '/api/v1/plans')).json() as { items: PlanSummary[] }).items.map((i) => i.id)).not.toContain(p.id);
  });

  it('gives 404 outside the care team and in another organisation; audits reads', async () => {
    const person = await newPerson('Horsequipe');
    const p = await newPlan(person);
    const other = await make.organisation(t, { roles: ['coordinator'] });
    const stranger = await make.asRole(t, other, 'coordinator', '10.50.0.3');
    for (const url of [`/api/v1/plans/${p.id}`, `/api/v1/plans/${p.id}/pdf`, `/api/v1/plans/${p.id}/compare?a=1&b=1`]) {
      expect((await stranger.req('GET', url)).statusCode, url).toBe(404);
    }
    expect((await stranger.req('PUT', `/api/v1/plans/${p.id}/content`, { body: content(), headers: ifMatch(p) })).statusCode).toBe(404);
    expect(((await stranger.req('GET', '/api/v1/plans')).json() as { items: unknown[] }).items).toEqual([]);
    await coord.req('GET', `/api/v1/plans/${p.id}`);
    const audit = await sql.query(
      `select action, info_category, person_id from audit_event where resource_id = $1 and action like 'plan.%' order by id`,
      [p.id],
    );
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(['plan.create', 'plan.read']);
    expect(audit.rows[1]).toMatchObject({ person_id: person });
  });

  it('reads a plan again as it is now: same answer twice, a rename, an edit and another reader seen at once; each read audited', async () => {
    const person = await newPerson('Relecture');
    const p = await saved(coord, await newPlan(person), content());
    const read = async (c: Client) => {
      const res = await c.req('GET', `/api/v1/plans/${p.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers.etag).toBe(`"${(res.json() as Plan).version.version}"`);
      return planSchema.parse(res.json());
    };
    const first = await read(coord);
    expect(first.goals).toHaveLength(3);
    expect(await read(coord)).toEqual(first);
    // As a browser asks for it: gzipped, the same plan.
    const zipped = await coord.req('GET', `/api/v1/plans/${p.id}`, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(zipped.rawPayload.length).toBeLessThan(JSON.stringify(first).length / 3);
    expect(planSchema.parse(JSON.parse(gunzipSync(zipped.rawPayload).toString()))).toEqual(first);

    // The person's name changes: the next read shows it.
    const rec = (await coord.req('GET', `/api/v1/people/${person}`)).json() as { version: number };
    const renamed = await coord.req('PATCH', `/api/v1/people/${person}`, {
      body: { usedName: 'Nouveaunom' },
      headers: { 'if-match': `"${rec.version}"` },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await read(coord)).personName).toBe('NOUVEAUNOM Odette');

    // The draft is edited by another coordinator: the next read shows the edit and the new version.
    const edited = await saved(coord2, first as Plan, { ...contentOf(first as Plan), expectations: 'Voir ma petite-fille le dimanche.' });
    const after = await read(coord);
    expect(after.version.expectations).toBe('Voir ma petite-fille le dimanche.');
    expect(after.version.version).toBe(edited.version.version);

    // Another reader sees only her categories, and her own rights, whatever the coordinator read before.
    const bySocial = await read(social);
    expect(bySocial.goals.map((g) => g.category)).not.toContain('health');
    expect(bySocial.goals.length).toBeLessThan(after.goals.length);
    expect(bySocial.access.categories).not.toContain('health');

    const audit = await sql.query(`select count(*)::int as n from audit_event where action = 'plan.read' and resource_id = $1`, [p.id]);
    expect(audit.rows[0].n).toBe(6);
  });

  it('prints the plan in French for the person and for the professionals', async () => {
    const person = await newPerson('Imprime');
    const p = await saved(coord, await newPlan(person), content());
    const forPerson = await coord.req('GET', `/api/v1/plans/${p.id}/pdf?form=person`);
    const forPros = await coord.req('GET', `/api/v1/plans/${p.id}/pdf?form=professional`);
    for (const r of [forPerson, forPros]) {
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(forPros.headers['content-disposition']).toContain('professionnels');
    const audit = await sql.query(
      `select details->>'form' as form, purpose from audit_event where action = 'plan.pdf' and resource_id = $1 order by id`,
      [p.id],
    );
    expect(audit.rows).toEqual([
      { form: 'person', purpose: 'export' },
      { form: 'professional', purpose: 'export' },
    ]);
  });
  it("names the referent coordinator and the next review for the person, speaks of the person to the professionals, and quotes the person's words once (issue 19, item 17)", async () => {
    const person = await newPerson('Contact');
    // The coordinator who recorded the person is their referent; a phone number is on record for them in the care team.
    await sql.query(`update care_team_member set external_phone = '04 75 12 34 56' where person_id = $1 and is_referent`, [person]);
    let p = await saved(coord, await newPlan(person), { ...content(), expectations: '« Rester chez moi, avec mon chat »' });
    p = await step(coord, await step(coord, p, 'propose'), 'agree', agreement());
    p = await step(coord, p, 'activate', { startDate: today() });
    const text = async (form: string) => {
      const r = await coord.req('GET', `/api/v1/plans/${p.id}/pdf?form=${form}`);
      expect(r.statusCode).toBe(200);
      return (await pdfText(r.rawPayload)).replace(/\s+/g, ' ');
    };
    const fr = (d: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
    const forPerson = await text('person');
    const coordName = (await sql.query(`select display_name from app_user where id = $1`, [org.users.coordinator!.id])).rows[0]
      .display_name;
    expect(forPerson).toContain(
      `Votre coordinateur référent : ${coordName} — téléphone : 04 75 12 34 56, courriel : ${org.users.coordinator!.email}.`,
    );
    expect(forPerson).toContain(
      `Prochain point sur votre projet : le ${fr(addMonths(today(), 3))}. Puis le ${fr(addMonths(today(), 6))}, puis le ${fr(addMonths(today(), 12))}.`,
    );
    expect(forPerson).toContain(`Un exemplaire vous a été remis le ${fr(daysAgo(1))}.`);
    expect(forPerson).toContain('« Rester chez moi, avec mon chat »');
    expect(forPerson).not.toContain('« «');
    const forPros = await text('professional');
    expect(forPros).toContain(
      `Ce projet a été accepté par la personne le ${fr(daysAgo(1))} (document signé). Un exemplaire a été remis à la personne le ${fr(daysAgo(1))}.`,
    );
    expect(forPros).not.toContain('vous a été remis');
    expect(forPros).toContain('« Rester chez moi, avec mon chat »');
    expect(forPros).not.toContain('« «');
    // Words typed without quotation marks are quoted once.
    const other = await newPerson('Guillemets');
    const q = await saved(coord, await newPlan(other), { ...content(), expectations: 'Sortir au marché le samedi' });
    const r = await coord.req('GET', `/api/v1/plans/${q.id}/pdf?form=person`);
    const plain = (await pdfText(r.rawPayload)).replace(/\s+/g, ' ');
    expect(plain).toContain('« Sortir au marché le samedi »');
    expect(plain).toContain('La date du prochain point sera fixée avec vous quand votre projet commencera.');
  });
});
