import { sql } from 'drizzle-orm';
import { assessmentCreateSchema } from '@maillon/shared/assessments';
import { agreementInputSchema, planContentSchema, reviewInputSchema, type Plan, type PlanContent } from '@maillon/shared/plans';
import type { Tx } from '../db/tx.ts';
import { newId } from '../lib/ids.ts';
import type { Ctx } from '../plugins/context.ts';
import { careTeamMember } from '../modules/access/tables.ts';
import { createAssessment } from '../modules/assessments/assessment.service.ts';
import { signAssessment } from '../modules/assessments/lifecycle.service.ts';
import { grid } from './demo-assessments.ts';
import { activatePlan, agreePlan, createPlan, moveActionStatus, proposePlan, reviewPlan, saveContent } from '../modules/plans/public.ts';

// Demo personal plans (issue 7), built through the services like a coordinator would, so that
// every rule applies: a plan in effect for Lucienne Morel whose first review is due today, with
// an action entrusted to the hospital partner and a one-off envelope exceeded; and a plan already
// reviewed once for Marcel Faure, whose two versions can be compared.

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const monthsAgo = (n: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};

async function personId(tx: Tx, birthName: string): Promise<string> {
  const r = await tx.execute<{ id: string }>(sql`select id from person where birth_name = ${birthName} limit 1`);
  return r.rows[0]!.id;
}

async function contact(tx: Tx, person: string, name: string, organisation: string, coordinator: string): Promise<string> {
  const id = newId();
  await tx.insert(careTeamMember).values({
    id,
    personId: person,
    externalName: name,
    externalOrganisation: organisation,
    function: 'other',
    startDate: monthsAgo(6),
    createdBy: coordinator,
  });
  return id;
}

/** Writes the demo plans as the demo coordinator (`ctx`), inside the seeding transaction. */
export async function seedDemoPlans(ctx: Ctx, ids: { users: Record<string, string> }): Promise<void> {
  const { tx } = ctx;
  const coordinator = ids.users['coordinator']!;
  const nurse = ids.users['nurse']!;
  const social = ids.users['social_worker']!;
  const partner = ids.users['partner']!;

  // --- Lucienne Morel: plan in effect for three months, review due -----------------------------------------------------
  const lucienne = await personId(tx, 'Chabert');
  const admr = await contact(tx, lucienne, 'ADMR Valence Nord', "Service d'aide à domicile", coordinator);
  const a1 = await createAssessment(
    ctx,
    lucienne,
    assessmentCreateSchema.parse({
      assessedOn: day(-110),
      context: 'admission',
      place: 'home',
      participants: 'Mme Morel et sa fille Sylvie',
      // Every signed assessment has its GIR (issue 19 item 21): GIR 3, between March's and October's.
      aggir: grid(['A', 'B', 'C', 'B', 'B', 'B', 'B', 'B', 'C', 'A'], { menage: 'C', achats: 'C', transports: 'C' }),
      sections: {
        health: {
          observations: 'Diabète de type 2 sous antidiabétiques oraux ; oublis de traitement.',
          needs: [
            { code: 'soins_infirmiers', priority: 'high' },
            { code: 'aide_prise_medicaments', priority: 'medium' },
          ],
          urgency: 'planned',
        },
        autonomy: {
          observations: 'Deux chutes dans la salle de bains cet hiver ; toilette difficile seule.',
          needs: [
            { code: 'aide_toilette', priority: 'high' },
            { code: 'teleassistance', priority: 'high' },
            { code: 'portage_repas', priority: 'medium' },
          ],
          risks: [{ kind: 'falls', level: 'high' }],
          urgency: 'priority',
        },
        personal: {
          needs: [{ code: 'lien_social', priority: 'low' }],
          wishes: 'Rester chez moi, rue des Alpes, et continuer à aller au marché le samedi avec ma fille.',
          wishesExpressedBy: 'person',
        },
        family: {
          observations: 'Sa fille Sylvie passe chaque soir après son travail ; elle se dit épuisée.',
          needs: [{ code: 'soutien_aidants', priority: 'medium' }],
          risks: [{ kind: 'caregiver_exhaustion', level: 'moderate' }],
        },
        housing: {
          observations: 'Appartement au 2e avec ascenseur ; baignoire haute.',
          needs: [{ code: 'amenagement_logement', priority: 'high' }],
        },
      },
    }),
  );
  await signAssessment(ctx, a1.id, a1.version);
  let p = await createPlan(ctx, lucienne, { assessmentId: a1.id });
  const start = monthsAgo(3);
  const content: PlanContent = {
    expectations: 'Rester chez moi, rue des Alpes, et continuer à aller au marché le samedi avec ma fille.',
    expectationsBy: 'person',
    budget: [
      { source: 'apa', monthlyCents: 80_000, oneOffCents: null },
      { source: 'departement', monthlyCents: null, oneOffCents: 350_000 },
    ],
    deferredNeeds: [],
    goals: [
      {
        wording: 'Prendre ses traitements et faire sa toilette chaque matin sans chute',
        component: 'care',
        needCodes: ['soins_infirmiers', 'aide_prise_medicaments', 'aide_toilette'],
        horizon: '3m',
        indicator: 'Chutes et oublis de traitement relevés dans les transmissions',
        target: 'Aucune chute, aucun oubli sur un mois',
        priority: 'high',
        actions: [
          {
            description: 'Passage infirmier du SSIAD : pilulier, glycémie, aide à la toilette',
            type: 'care',
            owner: { kind: 'user', userId: nurse },
            frequency: 'tous les matins, 8 h – 8 h 45',
            startDate: start,
            endDate: day(90),
            unitCostCents: 3_900,
            quantity: 30,
            period: 'month',
            fundingSource: 'health_insurance',
          },
          {
            description: 'Bilan gériatrique en hôpital de jour (chutes, diabète)',
            type: 'care',
            owner: { kind: 'user', userId: partner },
            frequency: 'une journée',
            startDate: day(-60),
            endDate: day(-60),
            unitCostCents: 0,
            period: 'once',
          },
        ],
      },
      {
        wording: 'Vivre chez elle en sécurité',
        component: 'life',
        needCodes: ['teleassistance', 'amenagement_logement'],
        horizon: '6m',
        indicator: 'Téléassistance active et douche de plain-pied installée',
        target: 'Les deux avant l’hiver',
        priority: 'high',
        actions: [
          {
            description: 'Téléassistance avec détecteur de chute',
            type: 'equipment',
            owner: { kind: 'user', userId: social },
            prescriber: 'Dr Philippe Arnaud, médecin traitant',
            startDate: start,
            endDate: day(270),
            unitCostCents: 2_890,
            period: 'month',
            fundingSource: 'apa',
          },
          {
            description: 'Remplacement de la baignoire par une douche de plain-pied, barres d’appui',
            type: 'home_adaptation',
            owner: { kind: 'user', userId: social },
            prescriber: 'Ergothérapeute de l’équipe spécialisée Alzheimer',
            frequency: 'travaux en une semaine',
            startDate: day(20),
            endDate: day(27),
            unitCostCents: 420_000,
            period: 'once',
            fundingSource: 'departement',
          },
        ],
      },
      {
        wording: 'Garder une vie sociale et soulager sa fille Sylvie',
        component: 'social',
        needCodes: ['portage_repas', 'lien_social', 'soutien_aidants'],
        horizon: '12m',
        indicator: 'Score de Zarit de Sylvie',
        target: 'Sous 40 (fardeau léger à modéré)',
        priority: 'medium',
        actions: [
          {
            description: 'Aide à domicile : repas du midi et courses',
            type: 'personal_help',
            owner: { kind: 'contact', careTeamMemberId: admr },
            frequency: 'du lundi au vendredi, 11 h – 12 h',
            startDate: start,
            endDate: day(270),
            unitCostCents: 2_458,
            quantity: 21.7,
            period: 'month',
            fundingSource: 'apa',
          },
          {
            description: 'Accueil de jour « Les Tilleuls » le mardi',
            type: 'support',
            owner: { kind: 'user', userId: social },
            frequency: 'le mardi, 10 h – 17 h',
            startDate: start,
            endDate: day(270),
            unitCostCents: 4_500,
            quantity: 4.33,
            period: 'month',
            fundingSource: 'apa',
          },
          {
            description: 'Groupe de parole des aidants de la plateforme de répit',
            type: 'social',
            owner: { kind: 'user', userId: social },
            frequency: 'un jeudi par mois',
            startDate: start,
            endDate: day(270),
            unitCostCents: 0,
            period: 'month',
          },
        ],
      },
    ],
  };
  p = await saveContent(ctx, p.id, p.version.version, planContentSchema.parse(content));
  p = await proposePlan(ctx, p.id, p.version.version);
  p = await agreePlan(
    ctx,
    p.id,
    p.version.version,
    agreementInputSchema.parse({
      agreedOn: start,
      form: 'signed',
      givenBy: 'person',
      copyHandedOver: true,
      copyHandedOn: start,
      note: 'Projet relu avec Mme Morel et sa fille à domicile.',
    }),
  );
  p = await activatePlan(ctx, p.id, p.version.version, { startDate: start });
  // Her follow-up since: the telecare is installed, the nurse and the day care have started.
  const actionOf = (x: Plan, start: string) => x.goals.flatMap((g) => g.actions).find((a) => a.description.startsWith(start))!;
  for (const [what, status, note] of [
    ['Téléassistance', 'done', 'Boîtier installé, appel d’essai concluant avec la fille de Mme Morel.'],
    ['Passage infirmier', 'in_progress', null],
    ['Accueil de jour', 'in_progress', 'Premier mardi passé aux Tilleuls ; Mme Morel souhaite continuer.'],
  ] as const) {
    p = await moveActionStatus(ctx, p.id, actionOf(p, what).id, p.version.version, { status, note });
  }

  // --- Marcel Faure: reviewed once, version 2 in effect -------------------------------------------------------------
  const marcel = await personId(tx, 'Faure');
  const a2 = await createAssessment(
    ctx,
    marcel,
    assessmentCreateSchema.parse({
      assessedOn: day(-250),
      context: 'hospital_discharge',
      place: 'home',
      participants: 'M. et Mme Faure',
      aggir: grid(['B', 'B', 'B', 'B', 'A', 'B', 'B', 'B', 'C', 'B']),
      sections: {
        autonomy: {
          needs: [
            { code: 'aide_deplacements', priority: 'high' },
            { code: 'aide_habillage', priority: 'medium' },
          ],
          urgency: 'priority',
        },
        health: { needs: [{ code: 'reeducation', priority: 'high' }] },
        family: {
          needs: [{ code: 'repit_aidant', priority: 'medium' }],
          wishes: 'Remarcher jusqu’au jardin et que Denise puisse souffler.',
          wishesExpressedBy: 'person',
        },
      },
    }),
  );
  await signAssessment(ctx, a2.id, a2.version);
  let m = await createPlan(ctx, marcel, { assessmentId: a2.id });
  const mStart = monthsAgo(7);
  m = await saveContent(
    ctx,
    m.id,
    m.version.version,
    planContentSchema.parse({
      expectations: 'Remarcher jusqu’au jardin et que Denise puisse souffler.',
      expectationsBy: 'person',
      budget: [{ source: 'apa', monthlyCents: 60_000, oneOffCents: null }],
      deferredNeeds: [],
      goals: [
        {
          wording: 'Remarcher avec un déambulateur jusqu’au jardin',
          component: 'care',
          needCodes: ['reeducation', 'aide_deplacements'],
          horizon: '6m',
          indicator: 'Distance parcourue sans aide',
          target: '50 mètres',
          priority: 'high',
          actions: [
            {
              description: 'Kinésithérapie à domicile',
              type: 'care',
              owner: { kind: 'user', userId: nurse },
              frequency: 'lundi et jeudi',
              startDate: mStart,
              endDate: day(-30),
              unitCostCents: 1_850,
              quantity: 8.67,
              period: 'month',
              fundingSource: 'health_insurance',
            },
          ],
        },
        {
          wording: 'S’habiller seul le matin',
          component: 'life',
          needCodes: ['aide_habillage'],
          horizon: '6m',
          indicator: 'Matins où il s’habille seul par semaine',
          target: '7',
          priority: 'medium',
          actions: [
            {
              description: 'Aide à domicile le matin (habillage)',
              type: 'personal_help',
              owner: { kind: 'user', userId: ids.users['care_staff']! },
              frequency: 'tous les matins, 30 minutes',
              startDate: mStart,
              endDate: day(150),
              unitCostCents: 2_458,
              quantity: 15,
              period: 'month',
              fundingSource: 'apa',
            },
          ],
        },
        {
          wording: 'Offrir du répit à Denise, son épouse',
          component: 'social',
          needCodes: ['repit_aidant'],
          horizon: '12m',
          indicator: 'Demi-journées de répit par mois',
          target: '4',
          priority: 'medium',
          actions: [
            {
              description: 'Hébergement temporaire en EHPAD pendant les vacances de Denise',
              type: 'support',
              owner: { kind: 'user', userId: social },
              startDate: day(30),
              endDate: day(44),
              unitCostCents: 6_800,
              quantity: 14,
              period: 'once',
              fundingSource: 'apa',
            },
          ],
        },
      ],
    }),
  );
  m = await proposePlan(ctx, m.id, m.version.version);
  m = await agreePlan(
    ctx,
    m.id,
    m.version.version,
    agreementInputSchema.parse({ agreedOn: mStart, form: 'oral', givenBy: 'person', copyHandedOver: true, copyHandedOn: mStart }),
  );
  m = await activatePlan(ctx, m.id, m.version.version, { startDate: mStart });
  const [walk, dress, respite] = m.goals;
  m = await reviewPlan(
    ctx,
    m.id,
    reviewInputSchema.parse({
      reviewedOn: day(-25),
      participants: 'M. et Mme Faure, le kinésithérapeute',
      summary: 'Progrès nets à la marche ; l’habillage reste difficile le matin.',
      outcomes: [
        { goalId: walk!.id, outcome: 'achieved', comment: 'Il va seul jusqu’au jardin avec son déambulateur.' },
        { goalId: dress!.id, outcome: 'partly', comment: 'Seul 4 matins sur 7.' },
        { goalId: respite!.id, outcome: 'not_achieved', comment: 'Séjour reporté à l’été.' },
      ],
    }),
  );
  // Version 2: the dressing goal adjusted, then agreed and in effect.
  const v2Start = day(-20);
  const [dress2, respite2] = m.goals;
  m = await saveContent(
    ctx,
    m.id,
    m.version.version,
    planContentSchema.parse({
      expectations: m.version.expectations,
      expectationsBy: 'person',
      budget: [{ source: 'apa', monthlyCents: 60_000, oneOffCents: null }],
      deferredNeeds: [],
      goals: [
        {
          id: dress2!.id,
          wording: 'S’habiller seul le matin',
          component: 'life',
          needCodes: ['aide_habillage'],
          horizon: '3m',
          indicator: 'Matins où il s’habille seul par semaine',
          target: '6',
          priority: 'medium',
          actions: [
            {
              id: dress2!.actions[0]!.id,
              description: 'Aide à domicile le matin (habillage), avec l’ergothérapeute une fois par mois',
              type: 'personal_help',
              owner: { kind: 'user', userId: ids.users['care_staff']! },
              frequency: 'tous les matins, 30 minutes',
              startDate: v2Start,
              endDate: day(150),
              unitCostCents: 2_458,
              quantity: 12,
              period: 'month',
              fundingSource: 'apa',
            },
          ],
        },
        {
          id: respite2!.id,
          wording: 'Offrir du répit à Denise, son épouse',
          component: 'social',
          needCodes: ['repit_aidant'],
          horizon: 'date',
          targetDate: day(120),
          indicator: 'Demi-journées de répit par mois',
          target: '4',
          priority: 'high',
          actions: respite2!.actions.map((a) => ({
            id: a.id,
            description: a.description,
            type: a.type,
            owner: { kind: 'user' as const, userId: social },
            startDate: day(60),
            endDate: day(74),
            unitCostCents: a.unitCostCents,
            quantity: a.quantity,
            period: a.period,
            fundingSource: a.fundingSource,
          })),
        },
      ],
    }),
  );
  m = await proposePlan(ctx, m.id, m.version.version);
  m = await agreePlan(
    ctx,
    m.id,
    m.version.version,
    agreementInputSchema.parse({ agreedOn: v2Start, form: 'signed', givenBy: 'person', copyHandedOver: true, copyHandedOn: v2Start }),
  );
  await activatePlan(ctx, m.id, m.version.version, { startDate: v2Start });
}
