import type { Content } from 'pdfmake/interfaces';
import type {
  Committee,
  CommitteeCase,
  CommitteeFunction,
  Decision,
  DecisionOutcome,
  ReferralSource,
  ReferralUrgency,
} from '@maillon/shared/admissions';
import { frDate, frDateTime, renderPdf } from '../../lib/pdf.ts';

// The minutes of an admission committee, in French: who sat, each case presented and its
// reasoned decision (facts, needs, capacity, conditions of admission and of integration).

const functionFr: Record<CommitteeFunction, string> = {
  director: 'Direction',
  coordinator: 'Coordination',
  doctor: 'Médecin coordonnateur',
  psychologist: 'Psychologue',
  social_referent: 'Référent social',
  nurse: 'Infirmier(ère)',
  other: 'Autre',
};
const outcomeFr: Record<DecisionOutcome, string> = {
  accepted: 'Admission prononcée',
  refused: 'Admission refusée',
  redirected: 'Orientation vers un autre service',
  waiting_list: "Inscription sur la liste d'attente",
};
const sourceFr: Record<ReferralSource, string> = {
  hospital: 'Établissement de santé',
  partner: 'Partenaire',
  family: 'Famille ou entourage',
  self: 'La personne elle-même',
  other: 'Autre',
};
const urgencyFr: Record<ReferralUrgency, string> = { routine: 'non urgente', priority: 'prioritaire', urgent: 'urgente' };
const priorityFr = { urgent: 'urgente', high: 'haute', normal: 'normale' } as const;

const h2 = (text: string): Content => ({ text, fontSize: 13, bold: true, margin: [0, 14, 0, 4] });
const field = (label: string, value: string | null | undefined): Content[] =>
  value ? [{ text: [{ text: `${label} : `, bold: true }, value], margin: [0, 2, 0, 2] }] : [];

function capacityLine(d: Decision): string {
  const base =
    d.capacity === null
      ? `${d.occupied} personnes accompagnées (capacité non renseignée)`
      : `${d.occupied} personnes accompagnées pour ${d.capacity} places`;
  return `${base}, ${d.waiting} en liste d'attente au moment de la décision${d.capacityNote ? `. ${d.capacityNote}` : ''}`;
}

function decisionContent(d: Decision): Content[] {
  return [
    {
      text: [
        { text: 'Décision : ', bold: true },
        {
          text:
            d.outcome === 'accepted' && (d.admissionConditions || d.integrationConditions)
              ? `${outcomeFr.accepted}, sous conditions`
              : outcomeFr[d.outcome],
          bold: true,
          color: '#1a4d8f',
        },
      ],
      margin: [0, 6, 0, 2],
    },
    ...field('Faits', d.facts),
    ...field('Besoins de la personne', d.needs),
    ...field('Capacité du service', capacityLine(d)),
    ...field("Conditions d'admission", d.admissionConditions),
    ...field("Conditions d'intégration (à préparer avant l'arrivée)", d.integrationConditions),
    ...field('Motifs du refus', d.refusalReasons),
    ...field('Orientation vers', d.redirectedTo),
    ...field("Motifs de l'orientation", d.redirectReason),
    ...field('Priorité sur la liste d’attente', d.waitingPriority ? priorityFr[d.waitingPriority] : null),
    ...field("Motif de l'inscription", d.waitingReason),
    ...field('Message transmis à la personne ou au service demandeur', d.referrerMessage),
    {
      text: `Décision enregistrée le ${frDateTime(d.decidedAt)} par ${d.decidedBy.displayName}.`,
      italics: true,
      color: '#444',
      margin: [0, 2, 0, 0],
    },
  ];
}

function caseContent(c: CommitteeCase, i: number): Content[] {
  const out: Content[] = [
    h2(`${i + 1}. Dossier ${c.reference} — ${c.personName}, né(e) le ${frDate(c.birthDate)}`),
    ...field('Service', c.service.name),
    ...field('Demande', `${sourceFr[c.source]}${c.sourceOrganisation ? ` (${c.sourceOrganisation})` : ''}, ${urgencyFr[c.urgency]}`),
    ...field('Présentation', c.summary),
    ...field('Présenté par', c.presentedBy?.displayName),
  ];
  if (c.decision) out.push(...decisionContent(c.decision));
  else if (c.status === 'postponed') out.push(...field('Décision', `ajournée — ${c.postponeReason ?? ''}`));
  else if (c.status === 'withdrawn') out.push(...field('Décision', 'demande retirée avant la décision'));
  else out.push(...field('Décision', 'pas encore rendue'));
  return out;
}

/** The committee's minutes as a PDF (only the cases the caller may see). */
export function minutesPdf(d: { committee: Committee; organisation: string }): Promise<Buffer> {
  const c = d.committee;
  const present = c.members.filter((m) => m.present);
  const absent = c.members.filter((m) => !m.present);
  const content: Content[] = [
    { text: d.organisation, color: '#444' },
    { text: "Compte rendu de la commission d'admission", fontSize: 18, bold: true, margin: [0, 2, 0, 4] },
    { text: `Séance du ${frDateTime(c.scheduledAt)}${c.location ? ` — ${c.location}` : ''}`, margin: [0, 0, 0, 8] },
    h2('Membres'),
    { ul: present.map((m) => `${m.name} (${functionFr[m.function]})`) },
    ...(absent.length
      ? [{ text: `Excusé(e)s : ${absent.map((m) => `${m.name} (${functionFr[m.function]})`).join(', ')}`, margin: [0, 4, 0, 0] } as Content]
      : []),
    h2(`Dossiers examinés (${c.cases.filter((x) => x.status !== 'withdrawn').length})`),
  ];
  const cases = c.cases.filter((x) => x.status !== 'withdrawn');
  if (!cases.length) content.push({ text: "Aucun dossier n'a été inscrit à l'ordre du jour." });
  cases.forEach((x, i) => content.push(...caseContent(x, i)));
  if (c.notes) content.push(h2('Observations de la commission'), { text: c.notes });
  content.push({
    text: [
      c.hiddenCases ? `${c.hiddenCases} dossier(s) d'autres services ne figurent pas dans cette édition. ` : '',
      'Document confidentiel : il contient des informations couvertes par le secret professionnel partagé. ',
      `Édité le ${frDateTime(new Date().toISOString())}.`,
    ],
    fontSize: 8,
    color: '#555',
    margin: [0, 20, 0, 0],
  });
  return renderPdf({ info: { title: "Compte rendu de la commission d'admission" }, content });
}
