import { sql } from 'drizzle-orm';
import type { JournalCreateInput } from '@maillon/shared/coordination';
import type { Role } from '@maillon/shared/identity';
import type { Tx } from '../db/tx.ts';
import { acknowledgeEntry, createEntry } from '../modules/coordination/public.ts';
import type { AppDeps } from '../plugins/deps.ts';
import { seedCtx } from './context.ts';

// A week of transmissions between the SSIAD nurse, the care assistant, the social worker and the
// hospital partner about the demo caseload (issue 20 item 8), written through the journal's
// service as each of them, some to acknowledge. Facts are spread over the last seven days.

type Author = 'nurse' | 'care_staff' | 'social_worker' | 'partner';
interface Line {
  by: Author;
  /** days ago, hour (Paris, roughly) */
  at: [number, number];
  entry: JournalCreateInput;
  /** who acknowledges it during the seed (others keep it pending) */
  ackBy?: Author[];
}

const t = (cible: string, data: string, actions: string, results?: string) => ({ cible, data, actions, ...(results ? { results } : {}) });

/** What the team writes about one person who has a nurse (and maybe a social worker, a partner). */
function week(p: { sex: string; social: boolean; partner: boolean }, n: number): Line[] {
  const Mme = p.sex === 'female' ? 'Mme' : 'M.';
  const e = (x: Partial<JournalCreateInput> & Pick<JournalCreateInput, 'kind'>): JournalCreateInput => ({ urgent: false, ...x });
  const lines: Line[] = [
    {
      by: 'care_staff',
      at: [6, 8],
      entry: e({
        kind: 'transmission',
        target: t(
          'Alimentation',
          `${Mme} a pris la moitié de son petit-déjeuner, dit ne pas avoir faim.`,
          'Collation proposée à 10 h, boisson épaissie.',
          'Collation prise en entier.',
        ),
      }),
    },
    {
      by: 'nurse',
      at: [6, 11],
      entry: e({
        kind: 'observation',
        text: `Tension 14/8, pouls 78. Pansement du talon gauche refait : plaie propre, bourgeonnante. Prochain pansement dans 48 h.`,
      }),
    },
    {
      by: 'care_staff',
      at: [5, 19],
      entry: e({
        kind: 'transmission',
        urgent: n % 2 === 0,
        target: t(
          'Risque de chute',
          `${Mme} s’est ${p.sex === 'female' ? 'levée seule' : 'levé seul'} la nuit dernière, déambulateur laissé hors de portée.`,
          'Déambulateur replacé près du lit, veilleuse allumée, famille prévenue.',
        ),
        acknowledge: { careTeam: true },
      }),
      ackBy: ['nurse'],
    },
    {
      by: 'nurse',
      at: [4, 9],
      entry: e({
        kind: 'phone_call',
        text: 'Appel du médecin traitant : arrêt du diurétique le soir, contrôle du poids deux fois par semaine.',
      }),
    },
    {
      by: 'care_staff',
      at: [3, 8],
      entry: e({
        kind: 'transmission',
        target: t(
          'Douleur',
          'Se plaint de douleurs au genou droit à la toilette, EVA 5.',
          'Toilette au lit, installation au fauteuil avec coussin.',
          'EVA 3 après installation.',
        ),
        acknowledge: { careTeam: true },
      }),
      ackBy: [],
    },
    {
      by: 'nurse',
      at: [1, 10],
      entry: e({ kind: 'home_visit', text: 'Passage à domicile : pilulier vérifié, traitement pris correctement. Poids stable à 61 kg.' }),
    },
  ];
  if (p.social) {
    lines.push(
      {
        by: 'social_worker',
        at: [5, 14],
        entry: e({
          kind: 'interview_report',
          text: 'Entretien avec la fille : dossier de révision de l’APA à déposer, justificatifs de ressources à réunir avant le 15.',
        }),
      },
      {
        by: 'social_worker',
        at: [2, 16],
        entry: e({ kind: 'phone_call', text: 'Appel au CCAS : portage de repas possible dès lundi, participation de 4,50 € par repas.' }),
      },
    );
  }
  if (p.partner) {
    lines.push({
      by: 'partner',
      at: [2, 15],
      entry: e({
        kind: 'partner_information',
        urgent: true,
        text: 'Consultation de gériatrie au CH de Valence : bilan chutes programmé le 12, à jeun. Ordonnance de kinésithérapie transmise.',
        acknowledge: { careTeam: true },
      }),
      ackBy: ['care_staff'],
    });
  }
  return lines;
}

export async function seedDemoJournal(
  tx: Tx,
  deps: AppDeps,
  ids: { tenantId: string; users: Record<string, string>; people: { role: Role; profession: string | null; email: string; key: string }[] },
): Promise<void> {
  const people = await tx.execute<{ id: string; sex: string; social: boolean; partner: boolean }>(sql`
    select p.id, p.sex,
      exists (select 1 from care_team_member c where c.person_id = p.id and c.user_id = ${ids.users['social_worker']!}) as social,
      exists (select 1 from care_team_member c where c.person_id = p.id and c.user_id = ${ids.users['partner']!}) as partner
    from person p where p.status = 'active'
      and exists (select 1 from care_team_member c where c.person_id = p.id and c.user_id = ${ids.users['nurse']!})
    order by p.sort_name`);
  const who = (a: Author) => {
    const key = a === 'partner' ? 'partner' : a === 'nurse' ? 'nurse' : a;
    const u = ids.people.find((x) => x.key === key)!;
    return seedCtx(tx, deps, { tenantId: ids.tenantId, userId: ids.users[key]!, role: u.role, profession: u.profession, email: u.email });
  };
  for (const [n, p] of people.rows.entries()) {
    const lines = week(p, n).sort((a, b) => b.at[0] - a.at[0] || a.at[1] - b.at[1]);
    for (const l of lines) {
      const fact = new Date();
      fact.setUTCDate(fact.getUTCDate() - l.at[0]);
      fact.setUTCHours(l.at[1] - 1, (n * 7) % 60, 0, 0);
      const entry = await createEntry(await who(l.by), p.id, { ...l.entry, factAt: fact.toISOString() });
      for (const a of l.ackBy ?? []) {
        if (entry.acknowledgement?.recipients.some((r) => r.userId === ids.users[a === 'partner' ? 'partner' : a])) {
          await acknowledgeEntry(await who(a), entry.id);
        }
      }
    }
  }
}
