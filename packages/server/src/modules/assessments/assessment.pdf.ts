import { sql } from 'drizzle-orm';
import type { Content } from 'pdfmake/interfaces';
import {
  assessmentContextLabels,
  assessmentDomainLabels,
  assessmentDomains,
  assessmentPlaceLabels,
  needPriorityLabels,
  riskKindLabels,
  riskLevelLabels,
  strengthKindLabels,
  urgencyLabels,
  ZARIT_TOTAL_MAX,
  type Assessment,
  type Section,
  type WishSource,
} from '@maillon/shared/assessments';
import { frDate, frDateTime, renderPdf } from '../../lib/pdf.ts';
import type { Ctx } from '../../plugins/context.ts';
import { openAssessment, toAssessment } from './assessment.service.ts';
import { mostSensitive } from '../access/public.ts';
import { readableCategories } from './policy.ts';

interface AssessmentPdfData {
  assessment: Assessment;
  person: { name: string; birthDate: string } | null;
  generatedAt: string;
}

/** The assessment as the caller may read it, for the PDF; the export is audited. */
export async function assessmentPdfData(ctx: Ctx, id: string): Promise<AssessmentPdfData> {
  const { row, access } = await openAssessment(ctx, id);
  const a = await toAssessment(ctx, row, access);
  const p = access.categories.has('administrative')
    ? (
        await ctx.tx.execute<{ first_names: string; birth_name: string; used_name: string | null; birth_date: string }>(
          sql`select first_names, birth_name, used_name, birth_date::text as birth_date from person where id = ${row.personId}`,
        )
      ).rows[0]
    : undefined;
  const cats = readableCategories(access);
  await ctx.audit({
    action: 'assessment.pdf',
    resourceType: 'assessment',
    resourceId: id,
    personId: row.personId,
    infoCategory: mostSensitive(cats, 'social'),
    purpose: 'export',
    details: { categories: cats },
  });
  return {
    assessment: a,
    person: p ? { name: `${p.first_names} ${p.used_name ?? p.birth_name}`, birthDate: p.birth_date } : null,
    generatedAt: new Date().toISOString(),
  };
}

const said: Record<WishSource, string> = {
  person: 'dit par vous',
  relative: 'rapporté par un proche',
  legal_representative: 'rapporté par votre représentant légal',
};

const h2 = (text: string): Content => ({ text, fontSize: 13, bold: true, margin: [0, 14, 0, 4] });
const h3 = (text: string): Content => ({ text, bold: true, margin: [0, 6, 0, 2] });

function sectionContent(s: Section): Content[] {
  const out: Content[] = [h2(assessmentDomainLabels[s.domain])];
  if (s.wishes) {
    out.push(h3('Ce que vous souhaitez'), {
      text: [{ text: `« ${s.wishes} »`, italics: true }, s.wishesExpressedBy ? ` (${said[s.wishesExpressedBy]})` : ''],
    });
  }
  if (s.observations) out.push(h3('Ce que nous avons observé'), { text: s.observations });
  if (s.strengths.length) {
    out.push(h3('Vos forces et vos ressources'), { ul: s.strengths.map((x) => `${strengthKindLabels[x.kind]} : ${x.description}`) });
  }
  if (s.needs.length) {
    out.push(h3('Vos besoins'), {
      table: {
        headerRows: 1,
        widths: ['*', 60, '*'],
        body: [
          ['Besoin', 'Priorité', 'Précisions'].map((t) => ({ text: t, bold: true })),
          ...s.needs.map((n) => [n.label, needPriorityLabels[n.priority], n.comment ?? '']),
        ],
      },
      layout: 'lightHorizontalLines',
    });
  }
  if (s.risks.length) {
    out.push(h3('Points de vigilance'), {
      ul: s.risks.map(
        (r) => `${riskKindLabels[r.kind]} : risque ${riskLevelLabels[r.level].toLowerCase()}${r.comment ? ` (${r.comment})` : ''}`,
      ),
    });
  }
  if (s.urgency) out.push({ text: [{ text: 'Urgence : ', bold: true }, urgencyLabels[s.urgency]], margin: [0, 6, 0, 0] });
  return out;
}

function statusLine(a: Assessment): string {
  switch (a.status) {
    case 'draft':
      return "Document de travail : cette évaluation n'est pas encore validée.";
    case 'signed':
      return `Évaluation validée le ${frDateTime(a.signedAt!)}${a.signedBy?.displayName ? ` par ${a.signedBy.displayName}` : ''}.`;
    case 'superseded':
      return 'Cette évaluation a été remplacée par une version corrigée, qui seule est à jour.';
    case 'discarded':
      return "Ce brouillon a été retiré et n'a pas de valeur.";
  }
}

/** The assessment written for the person, in French: what they said, what was observed, their needs, in plain words. */
export function assessmentPdf(d: AssessmentPdfData): Promise<Buffer> {
  const a = d.assessment;
  const facts = [
    `Date de l'évaluation : ${frDate(a.assessedOn)}`,
    `Motif : ${assessmentContextLabels[a.context]}`,
    ...(a.place ? [`Lieu : ${assessmentPlaceLabels[a.place]}`] : []),
    ...(a.assessedBy.displayName ? [`Réalisée par : ${a.assessedBy.displayName}`] : []),
    ...(a.participants ? [`Avec : ${a.participants}`] : []),
  ];
  const sections = assessmentDomains.map((dom) => a.sections[dom]).filter((s): s is Section => !!s && s.assessed);
  const hidden = assessmentDomains.some((dom) => a.sections[dom] === null);
  const content: Content[] = [
    { text: 'Évaluation de vos besoins', fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
    ...(d.person ? [{ text: `${d.person.name}, né(e) le ${frDate(d.person.birthDate)}`, margin: [0, 0, 0, 8] } as Content] : []),
    { ul: facts, margin: [0, 0, 0, 6] },
    { text: statusLine(a), italics: true, color: '#444' },
    ...(a.correctionReason
      ? [{ text: `Cette version corrige une évaluation précédente : ${a.correctionReason}`, color: '#444' } as Content]
      : []),
  ];
  if (a.gir !== null) {
    content.push(h2('Votre degré d’autonomie'), {
      text: `GIR ${a.gir}, sur une échelle qui va de 1 (besoin d’aide le plus important) à 6 (autonomie dans les actes essentiels de la vie).`,
    });
  } else if (a.aggir && !a.aggir.complete) {
    content.push(h2('Votre degré d’autonomie'), { text: 'La grille d’évaluation de l’autonomie (AGGIR) n’est pas encore complète.' });
  }
  for (const s of sections) content.push(...sectionContent(s));
  if (a.results.length) {
    content.push(h2('Questionnaires et échelles'), {
      ul: a.results.map((r) => {
        const total = r.total === null ? 'sans score' : r.kind === 'zarit' ? `${r.total} sur ${ZARIT_TOTAL_MAX}` : String(r.total);
        return `${r.instrumentTitle} : ${total}${r.band ? ` (${r.band.label})` : ''}`;
      }),
    });
  }
  if (!sections.length) content.push({ text: 'Aucun domaine n’a encore été renseigné.', margin: [0, 12, 0, 0] });
  content.push({
    text: [
      hidden
        ? 'Ce document ne reprend que les parties de l’évaluation que la personne qui l’a imprimé peut consulter : les informations de santé sont réservées aux professionnels de santé. '
        : '',
      'Vous pouvez demander des explications sur cette évaluation, et la faire compléter ou corriger, auprès de votre coordinateur. ',
      `Document édité le ${frDateTime(d.generatedAt)}.`,
    ],
    fontSize: 8,
    color: '#555',
    margin: [0, 20, 0, 0],
  });
  return renderPdf({ info: { title: 'Évaluation de vos besoins' }, content });
}
