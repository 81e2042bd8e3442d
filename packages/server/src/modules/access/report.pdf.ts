import { frDate, frDateTime, renderPdf } from '../../lib/pdf.ts';

const purposes: Record<string, string> = {
  care: 'soins et accompagnement',
  consent: 'consentement',
  break_glass: 'accès d’urgence',
  admin: 'administration',
  export: 'export',
  auth: 'connexion',
};
const roles: Record<string, string> = {
  admin: 'administration',
  director: 'direction',
  coordinator: 'coordination',
  health_professional: 'professionnel de santé',
  social_worker: 'travail social',
  care_staff: 'soins et aide',
  dpo: 'protection des données',
  external_partner: 'partenaire',
};

interface Report {
  person: { name: string; birthDate: string };
  generatedAt: string;
  entries: { occurredAt: string; who: string | null; role: string | null; what: string; purpose: string; outcome: string }[];
}

/** The access report (FR-07) written for the person: who, when, what, why. */
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
              widths: [80, '*', 90, '*', 70],
              body: [
                ['Date', 'Qui', 'Fonction', 'Quoi', 'Pourquoi'].map((h) => ({ text: h, bold: true })),
                ...r.entries.map((e) => [
                  frDateTime(e.occurredAt),
                  e.who ?? '—',
                  e.role ? (roles[e.role] ?? e.role) : '—',
                  e.outcome === 'success' ? e.what : `${e.what} (refusé)`,
                  purposes[e.purpose] ?? e.purpose,
                ]),
              ],
            },
            layout: 'lightHorizontalLines',
          },
    ],
  });
}
