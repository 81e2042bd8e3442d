import { sql } from 'drizzle-orm';
import type { Content, TableCell } from 'pdfmake/interfaces';
import {
  actionStatusLabels,
  actionTypeLabels,
  agreementFormLabels,
  costPeriodLabels,
  formatEuros,
  fundingSourceLabels,
  goalHorizonLabels,
  goalPriorityLabels,
  planComponentLabels,
  planComponents,
  planStatusLabels,
  reviewOutcomeLabels,
  todayIso,
  type Plan,
  type PlanAction,
  type PlanGoal,
  type PdfForm,
} from '@maillon/shared/plans';
import { assessmentDomainLabels, needPriorityLabels } from '@maillon/shared/assessments';
import { AppError } from '../../lib/errors.ts';
import { frDate, frDateTime, renderPdf } from '../../lib/pdf.ts';
import type { Ctx } from '../../plugins/context.ts';
import { activeMembershipSql } from '../access/public.ts';
import { getPlan } from './plan.service.ts';
import { isPartner } from './policy.ts';

/** Whom the person contacts about their plan: the referent of their care team, with the means of reaching them on record. */
interface PlanContact {
  name: string;
  organisation: string | null;
  phone: string | null;
  email: string | null;
}
interface PlanPdfData {
  plan: Plan;
  form: PdfForm;
  generatedAt: string;
  /** Only for the person's form */
  contact: PlanContact | null;
}

/** The referent of the person's care team now (issue 19, item 17): a member of staff or an outside contact. */
async function referentContact(ctx: Ctx, personId: string): Promise<PlanContact | null> {
  const r = await ctx.tx.execute<{ name: string | null; organisation: string | null; phone: string | null; email: string | null }>(sql`
    select coalesce(u.display_name, c.external_name) as name, c.external_organisation as organisation, c.external_phone as phone,
      coalesce(c.external_email, u.email) as email
    from care_team_member c left join app_user u on u.id = c.user_id
    where c.person_id = ${personId} and c.is_referent and ${activeMembershipSql(sql`c`)}
    order by c.start_date desc limit 1`);
  const x = r.rows[0];
  return x?.name ? { name: x.name, organisation: x.organisation, phone: x.phone, email: x.email } : null;
}

/** The plan as the caller may read it, for the PDF; the export is audited (SEC-LOG-02). */
export async function planPdfData(ctx: Ctx, planId: string, form: PdfForm, version?: number): Promise<PlanPdfData> {
  // A partner's copy holds their own actions only: the document written for the person is not theirs to print.
  if (form === 'person' && isPartner(ctx))
    throw new AppError('plan.partner_form_only', 'Partners print the professional form of their part of the plan.');
  const plan = await getPlan(ctx, planId, version);
  await ctx.audit({
    action: 'plan.pdf',
    resourceType: 'plan',
    resourceId: planId,
    personId: plan.personId,
    infoCategory: plan.goals.some((g) => g.category === 'health') ? 'health' : 'social',
    purpose: 'export',
    details: { form, version: plan.version.number, partner: isPartner(ctx) },
  });
  const contact = form === 'person' ? await referentContact(ctx, plan.personId) : null;
  return { plan, form, generatedAt: new Date().toISOString(), contact };
}

const h1 = (text: string): Content => ({ text, fontSize: 18, bold: true, margin: [0, 0, 0, 4] });
const h2 = (text: string): Content => ({ text, fontSize: 13, bold: true, margin: [0, 14, 0, 4] });
const h3 = (text: string): Content => ({ text, bold: true, margin: [0, 8, 0, 2] });
const small = (text: string): Content => ({ text, fontSize: 8, color: '#555', margin: [0, 16, 0, 0] });
// The PDF's font (Roboto) has no narrow no-break space, which French number formatting uses: a no-break space instead.
const euros = (c: number) => formatEuros(c).replace(/\u202f/g, '\u00a0');

const when = (g: PlanGoal) =>
  g.horizon === 'date' && g.targetDate ? `d'ici le ${frDate(g.targetDate)}` : goalHorizonLabels[g.horizon].toLowerCase();
const period = (a: PlanAction) =>
  a.startDate && a.endDate
    ? `du ${frDate(a.startDate)} au ${frDate(a.endDate)}`
    : a.startDate
      ? `à partir du ${frDate(a.startDate)}`
      : 'dates à préciser';
const costLine = (a: PlanAction) =>
  a.unitCostCents === 0
    ? 'sans coût'
    : `${euros(a.cost.periodCents)} ${costPeriodLabels[a.period]}${a.period === 'once' ? '' : `, soit ${euros(a.cost.budgetCents)} sur les 12 mois du plan`}${a.fundingSource ? `, pris en charge par : ${fundingSourceLabels[a.fundingSource]}` : ''}`;

/**
 * Quotes the person's own words once: text they typed already between quotation marks (« », “ ”
 * or " ") keeps theirs, in French marks, and is not wrapped in a second pair (issue 19, item 17).
 */
function quoted(text: string): string {
  const t = text.trim();
  const pair = /^(?:«\s*([\s\S]*?)\s*»|“([\s\S]*?)”|"([\s\S]*?)")$/u.exec(t);
  const inner = pair ? (pair[1] ?? pair[2] ?? pair[3] ?? '') : t;
  if (/[«»]/u.test(inner)) return inner;
  return `«\u00a0${inner}\u00a0»`;
}

/** The agreement, told to the person (`vous`) or to the professionals (`la personne`). */
function agreementLine(plan: Plan, to: 'person' | 'professional'): string {
  const a = plan.version.agreement;
  const you = to === 'person';
  if (!a) {
    if (plan.version.status === 'proposed')
      return you
        ? 'Ce projet vous est proposé : il ne s’appliquera qu’avec votre accord.'
        : 'Projet proposé à la personne : il ne s’appliquera qu’avec son accord.';
    return you
      ? 'Document de travail : ce projet n’a pas encore été proposé à votre accord.'
      : 'Document de travail : ce projet n’a pas encore été proposé à l’accord de la personne.';
  }
  const rep = `${you ? 'votre' : 'son'} représentant légal${a.representative ? `, ${a.representative.name},` : ''}`;
  const who = a.givenBy === 'person' ? (you ? 'vous' : 'la personne') : rep;
  const on = a.copyHandedOn ? ` le ${frDate(a.copyHandedOn)}` : '';
  const copy = a.copyHandedOver ? (you ? ` Un exemplaire vous a été remis${on}.` : ` Un exemplaire a été remis à la personne${on}.`) : '';
  return `Ce projet a été accepté par ${who} le ${frDate(a.agreedOn)} (${agreementFormLabels[a.form].toLowerCase()}).${copy}`;
}

/** When the person and their coordinator take stock next: the first review date not yet passed, else the one overdue. */
function nextReviewLine(plan: Plan): string {
  const today = todayIso();
  const dates = [...new Set(plan.goals.map((g) => g.dueOn).filter((d): d is string => !!d))].sort();
  const ahead = dates.filter((d) => d >= today);
  if (!dates.length) return 'La date du prochain point sera fixée avec vous quand votre projet commencera.';
  if (ahead.length < dates.length && plan.version.status === 'active')
    return `Prochain point sur votre projet : il était prévu le ${frDate(dates[0]!)} ; votre coordinateur vous propose une date.`;
  if (!ahead.length) return 'Prochain point sur votre projet : à fixer avec votre coordinateur.';
  return `Prochain point sur votre projet : le ${frDate(ahead[0]!)}.${ahead.length > 1 ? ` Puis le ${ahead.slice(1).map(frDate).join(', puis le ')}.` : ''}`;
}

function contactLines(c: PlanContact | null): Content[] {
  if (!c) return [{ text: 'Pour toute question, adressez-vous au service qui vous accompagne : il vous dira qui est votre coordinateur.' }];
  const means = [c.phone ? `téléphone : ${c.phone}` : null, c.email ? `courriel : ${c.email}` : null].filter((x): x is string => !!x);
  return [
    {
      text: [
        'Votre coordinateur référent : ',
        { text: c.name, bold: true },
        c.organisation ? ` (${c.organisation})` : '',
        means.length ? ` — ${means.join(', ')}.` : '.',
      ],
    },
  ];
}

/** The plan written for the person, in plain words: what they want, their goals, who does what and when, what it costs and who pays. */
function personContent(plan: Plan, contact: PlanContact | null): Content[] {
  const out: Content[] = [
    h1('Votre projet personnalisé'),
    ...(plan.personName ? [{ text: plan.personName, margin: [0, 0, 0, 6] } as Content] : []),
    { text: agreementLine(plan, 'person'), italics: true, color: '#444' },
    h2('Qui contacter, et quand nous ferons le point'),
    ...contactLines(contact),
    { text: nextReviewLine(plan) },
  ];
  if (plan.version.expectations) {
    out.push(h2('Ce que vous souhaitez'), { text: quoted(plan.version.expectations), italics: true });
  }
  out.push(h2('Vos objectifs'));
  if (!plan.goals.length) out.push({ text: 'Aucun objectif n’est encore inscrit.' });
  for (const comp of planComponents) {
    const goals = plan.goals.filter((g) => g.component === comp);
    if (!goals.length) continue;
    out.push(h3(planComponentLabels[comp]));
    for (const g of goals) {
      out.push({ text: [{ text: g.wording, bold: true }, ` — ${when(g)}`], margin: [0, 4, 0, 2] });
      if (g.indicator)
        out.push({ text: `Comment nous saurons que c’est atteint : ${g.indicator}${g.target ? ` (objectif : ${g.target})` : ''}.` });
      if (g.actions.length) {
        out.push({
          ul: g.actions.map(
            (a) =>
              `${a.description}${a.owner ? ` — par ${a.owner.name}` : ''}${a.frequency ? `, ${a.frequency}` : ''}, ${period(a)} ; ${costLine(a)}.`,
          ),
          margin: [0, 2, 0, 0],
        });
      }
    }
  }
  if (plan.budget) {
    const b = plan.budget;
    out.push(
      h2('Ce que coûte votre accompagnement'),
      { text: `Coût total estimé sur 12 mois : ${euros(b.totals.periodCents)}.`, bold: true },
      {
        text: `Chaque mois, jusqu’à ${euros(b.totals.monthlyCents)}${b.totals.oneOffCents ? `, et ${euros(b.totals.oneOffCents)} de dépenses ponctuelles (matériel, aménagements)` : ''}.`,
      },
      {
        ul: b.sources.filter((s) => s.periodCents > 0).map((s) => `${fundingSourceLabels[s.source]} : ${euros(s.periodCents)} sur 12 mois`),
        margin: [0, 4, 0, 0],
      },
    );
    if (b.overBudget)
      out.push({
        text: 'Attention : certaines dépenses dépassent ce qui est accordé ; votre coordinateur en parle avec vous.',
        color: '#b00',
      });
  }
  out.push(small('Vous pouvez demander à tout moment des explications, des changements, ou une nouvelle rencontre à votre coordinateur.'));
  return out;
}

/** The plan for the professionals: needs, goals with indicators, actions with owners, costs and funding, budget against allocations, coherence, reviews. */
function professionalContent(plan: Plan): Content[] {
  const v = plan.version;
  const out: Content[] = [
    h1('Projet personnalisé — document de coordination'),
    ...(plan.personName ? [{ text: plan.personName, margin: [0, 0, 0, 4] } as Content] : []),
    {
      ul: [
        `Version ${v.number} — ${planStatusLabels[v.status]}`,
        ...(v.startDate ? [`Début : ${frDate(v.startDate)}`] : []),
        agreementLine(plan, 'professional'),
        ...(plan.reviewSchedule?.nextReviewOn ? [`Prochaine révision : ${frDate(plan.reviewSchedule.nextReviewOn)}`] : []),
      ],
    },
  ];
  if (plan.access.view === 'partner') out.push({ text: 'Vue partenaire : seules vos actions figurent dans ce document.', italics: true });
  if (v.expectations) out.push(h2('Attentes de la personne'), { text: quoted(v.expectations), italics: true });
  if (plan.needs.length) {
    out.push(h2('Besoins issus de l’évaluation'), {
      table: {
        headerRows: 1,
        widths: ['*', 90, 50, '*'],
        body: [
          ['Besoin', 'Domaine', 'Priorité', 'Réponse'].map((t) => ({ text: t, bold: true })),
          ...plan.needs.map((n): TableCell[] => [
            n.label,
            assessmentDomainLabels[n.domain],
            needPriorityLabels[n.priority],
            n.answeredBy.length
              ? plan.goals
                  .filter((g) => n.answeredBy.includes(g.id))
                  .map((g) => g.wording)
                  .join(' ; ')
              : n.deferredReason
                ? `Reporté : ${n.deferredReason}`
                : 'Sans réponse',
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    });
  }
  out.push(h2('Objectifs et actions'));
  for (const g of plan.goals) {
    out.push(h3(`${g.wording} (${planComponentLabels[g.component]}, priorité ${goalPriorityLabels[g.priority].toLowerCase()})`), {
      text: `Échéance : ${when(g)}${g.dueOn ? ` (${frDate(g.dueOn)})` : ''}. Indicateur : ${g.indicator ?? 'à définir'}${g.target ? ` — cible : ${g.target}` : ''}.`,
    });
    if (g.actions.length) {
      out.push({
        table: {
          headerRows: 1,
          widths: ['*', 70, 80, 80, 70, 60],
          body: [
            ['Action', 'Type', 'Responsable', 'Période', 'Coût', 'Financement'].map((t) => ({ text: t, bold: true, fontSize: 8 })),
            ...g.actions.map((a): TableCell[] =>
              [
                `${a.description}${a.frequency ? ` (${a.frequency})` : ''}${a.prescriber ? ` — prescrit par ${a.prescriber}` : ''} [${actionStatusLabels[a.status]}]`,
                actionTypeLabels[a.type],
                a.owner ? (a.owner.organisation ? `${a.owner.name}, ${a.owner.organisation}` : a.owner.name) : 'À désigner',
                period(a),
                a.unitCostCents
                  ? `${euros(a.unitCostCents)} × ${a.quantity} ${costPeriodLabels[a.period]} = ${euros(a.cost.periodCents)}${a.period === 'once' ? '' : `, soit ${euros(a.cost.budgetCents)} sur 12 mois`}`
                  : '—',
                a.fundingSource ? fundingSourceLabels[a.fundingSource] : '—',
              ].map((t) => ({ text: t, fontSize: 8 })),
            ),
          ],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 2, 0, 4],
      });
    }
  }
  if (plan.budget) {
    const b = plan.budget;
    out.push(h2('Budget'), {
      table: {
        headerRows: 1,
        widths: ['*', 70, 70, 70, 70, 70],
        body: [
          ['Financement', 'Par mois', 'Accordé / mois', 'Ponctuel', 'Accordé ponctuel', 'Sur 12 mois'].map((t) => ({
            text: t,
            bold: true,
            fontSize: 8,
          })),
          ...b.sources.map((s): TableCell[] =>
            [
              `${fundingSourceLabels[s.source]}${s.overBudget ? ' — DÉPASSEMENT' : ''}`,
              euros(s.monthlyCents),
              s.allocatedMonthlyCents === null ? '—' : euros(s.allocatedMonthlyCents),
              euros(s.oneOffCents),
              s.allocatedOneOffCents === null ? '—' : euros(s.allocatedOneOffCents),
              euros(s.periodCents),
            ].map((t) => ({ text: t, fontSize: 8, color: s.overBudget ? '#b00' : undefined })),
          ),
          [
            { text: 'Total', bold: true },
            euros(b.totals.monthlyCents),
            '',
            euros(b.totals.oneOffCents),
            '',
            { text: euros(b.totals.periodCents), bold: true },
          ].map((c) => (typeof c === 'string' ? { text: c, fontSize: 8 } : { ...c, fontSize: 8 })),
        ],
      },
      layout: 'lightHorizontalLines',
    });
    out.push({ text: `Coût total estimé sur 12 mois : ${euros(b.totals.periodCents)}`, bold: true, margin: [0, 4, 0, 0] });
    if (b.overBudget) out.push({ text: 'Un ou plusieurs financements sont dépassés : voir les lignes marquées.', color: '#b00' });
  } else if (plan.goals.some((g) => g.actions.some((a) => a.unitCostCents))) {
    const total = plan.goals
      .flatMap((g) => g.actions)
      .filter((a) => a.status !== 'cancelled')
      .reduce((s, a) => s + a.cost.budgetCents, 0);
    out.push(h2('Coût des actions'), { text: `Coût total estimé sur 12 mois : ${euros(total)}`, bold: true });
  }
  if (plan.coherence?.length) out.push(h2('Points de cohérence à revoir'), { ul: plan.coherence.map((c) => c.message) });
  if (plan.reviews.length) {
    out.push(h2('Révisions'));
    for (const r of plan.reviews) {
      out.push(h3(`Révision du ${frDate(r.reviewedOn)} (version ${r.versionNumber})`), {
        ul: r.outcomes.map((o) => `${o.wording} : ${reviewOutcomeLabels[o.outcome]}${o.comment ? ` — ${o.comment}` : ''}`),
      });
    }
  }
  if (plan.hidden.goals) {
    out.push(
      small(`${plan.hidden.goals} objectif(s) relevant d’informations que votre profession ne lit pas ne figurent pas dans ce document.`),
    );
  }
  return out;
}

export function planPdf(d: PlanPdfData): Promise<Buffer> {
  const content = d.form === 'person' ? personContent(d.plan, d.contact) : professionalContent(d.plan);
  content.push(small(`Document édité le ${frDateTime(d.generatedAt)}.`));
  return renderPdf({ info: { title: d.form === 'person' ? 'Votre projet personnalisé' : 'Projet personnalisé' }, content });
}
