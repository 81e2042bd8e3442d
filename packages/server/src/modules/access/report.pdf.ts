import { auditLabel } from '@maillon/shared/audit';
import { frDate, frDateTime, renderPdf } from '../../lib/pdf.ts';

interface Report {
  person: { name: string; birthDate: string };
  generatedAt: string;
  entries: {
    occurredAt: string;
    who: string | null;
    role: string | null;
    what: string;
    infoCategory: string | null;
    purpose: string;
    outcome: string;
  }[];
}

/**
 * The access report (FR-07) written for the person: who, when, what, why — in French words, times
 * in Europe/Paris, no code of the application (issue 19 item 15). Columns wide enough that no word
 * is cut.
 */
export function accessReportPdf(r: Report): Promise<Buffer> {
  return renderPdf({
    info: { title: `Rapport des accès — ${r.person.name}` },
    content: [
      { text: 'Qui a consulté votre dossier ?', fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      { text: `${r.person.name}, né(e) le ${frDate(r.person.birthDate)}`, margin: [0, 0, 0, 4] },
      {
        text: `Rapport établi le ${frDateTime(r.generatedAt)}. Chaque consultation et chaque modification de votre dossier est enregistrée. Vous pouvez en demander l’explication au délégué à la protection des données.`,
        color: '#444',
        margin: [0, 0, 0, 12],
      },
      r.entries.length === 0
        ? { text: 'Aucun accès enregistré.' }
        : {
            table: {
              headerRows: 1,
              widths: [72, 90, 80, '*', 95],
              body: [
                ['Date', 'Qui', 'Fonction', 'Quoi', 'Pourquoi'].map((h) => ({ text: h, bold: true })),
                ...r.entries.map((e) => [
                  frDateTime(e.occurredAt),
                  e.who ?? '—',
                  auditLabel.role(e.role)?.toLowerCase() ?? '—',
                  what(e),
                  auditLabel.purpose(e.purpose).toLowerCase(),
                ]),
              ],
            },
            layout: 'lightHorizontalLines',
            fontSize: 9,
          },
    ],
  });
}

function what(e: Report['entries'][number]): string {
  const category = auditLabel.category(e.infoCategory);
  const text = category ? `${e.what} (informations : ${category.toLowerCase()})` : e.what;
  return e.outcome === 'success' ? text : `${text} — ${auditLabel.outcome(e.outcome).toLowerCase()}`;
}
