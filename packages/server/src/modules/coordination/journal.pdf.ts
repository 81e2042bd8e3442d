import type { Content } from 'pdfmake/interfaces';
import { auditLabel } from '@maillon/shared/audit';
import { journalKindLabels, type JournalEntry } from '@maillon/shared/coordination';
import { frDate, frDateTime, renderPdf } from '../../lib/pdf.ts';

export interface JournalPdfData {
  person: string;
  from: string;
  to: string;
  categories: string[];
  generatedAt: string;
  generatedBy: string;
  entries: JournalEntry[];
  truncated: boolean;
}

/**
 * A person's journal for a period, as the caller may read it (issue 20 item 7): in French, times
 * in Europe/Paris, no code of the application; oldest first, as a record is read.
 */
export function journalPdf(d: JournalPdfData): Promise<Buffer> {
  const cats = d.categories.map((c) => auditLabel.category(c)?.toLowerCase()).join(', ');
  return renderPdf({
    info: { title: `Journal de coordination — ${d.person}` },
    content: [
      { text: 'Journal de coordination', fontSize: 16, bold: true, margin: [0, 0, 0, 4] },
      { text: d.person, fontSize: 12, bold: true, margin: [0, 0, 0, 4] },
      { text: `Du ${frDate(d.from)} au ${frDate(d.to)} — informations : ${cats}`, margin: [0, 0, 0, 2] },
      {
        text: `Édité le ${frDateTime(d.generatedAt)} par ${d.generatedBy}. Document confidentiel : il contient des informations couvertes par le secret professionnel.`,
        color: '#444',
        fontSize: 9,
        margin: [0, 0, 0, 10],
      },
      ...(d.truncated
        ? [
            {
              text: 'La période contient plus d’écrits que ce document n’en montre : seuls les 2 000 plus récents y figurent.',
              bold: true,
              margin: [0, 0, 0, 8],
            } as Content,
          ]
        : []),
      ...(d.entries.length === 0 ? [{ text: 'Aucun écrit sur cette période.' } as Content] : d.entries.map(entryBlock)),
    ],
  });
}

function entryBlock(e: JournalEntry): Content {
  const role = auditLabel.role(e.author.role)?.toLowerCase();
  const head = [
    frDateTime(e.factAt),
    journalKindLabels[e.kind].fr,
    `informations : ${auditLabel.category(e.category)?.toLowerCase() ?? ''}`,
    `${e.author.displayName}${role ? ` (${role})` : ''}`,
  ].join(' — ');
  const body: Content[] = [];
  if (e.target) {
    body.push({ text: [{ text: 'Cible : ', bold: true }, e.target.cible] });
    if (e.target.data) body.push({ text: [{ text: 'Données : ', bold: true }, e.target.data] });
    if (e.target.actions) body.push({ text: [{ text: 'Actions : ', bold: true }, e.target.actions] });
    if (e.target.results) body.push({ text: [{ text: 'Résultats : ', bold: true }, e.target.results] });
  }
  if (e.text) body.push({ text: e.text });
  const notes: string[] = [];
  if (e.writtenAt.slice(0, 16) !== e.factAt.slice(0, 16)) notes.push(`écrit le ${frDateTime(e.writtenAt)}`);
  if (e.version > 1) notes.push(`corrigé le ${frDateTime(e.updatedAt)}`);
  if (e.acknowledgement) {
    const done = e.acknowledgement.recipients.filter((r) => r.acknowledgedAt).length;
    notes.push(`à prendre en compte : ${done} sur ${e.acknowledgement.recipients.length} en ont pris connaissance`);
  }
  return {
    stack: [
      { text: [...(e.urgent ? [{ text: 'URGENT — ', bold: true, color: '#b00020' }] : []), { text: head, bold: true }], fontSize: 10 },
      ...body,
      ...(notes.length ? [{ text: notes.join(' ; '), color: '#555', fontSize: 8 } as Content] : []),
    ],
    margin: [0, 0, 0, 10],
    unbreakable: false,
  };
}
