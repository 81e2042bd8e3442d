import { assessmentCreateSchema, type AggirCode, type AggirInput } from '@maillon/shared/assessments';
import type { z } from 'zod';
import type { Ctx } from '../plugins/context.ts';
import { createAssessment } from '../modules/assessments/assessment.service.ts';
import { signAssessment } from '../modules/assessments/lifecycle.service.ts';

/**
 * Demo assessments, written through the assessments service as the demo coordinator would (same
 * checks, same GIR computation, same audit rows): a history for three people of the caseload, so
 * that the GIR chart, the comparison and the needs summary show something at first start.
 */

type Grid = [
  coherence: AggirCode,
  orientation: AggirCode,
  toilette: AggirCode,
  habillage: AggirCode,
  alimentation: AggirCode,
  elimination: AggirCode,
  transferts: AggirCode,
  deplacementInterieur: AggirCode,
  deplacementExterieur: AggirCode,
  communication: AggirCode,
];

/** An AGGIR grid from its ten discriminant codes, in the order of the form (and a few illustrative ones). */
export function grid(
  codes: Grid,
  illustrative: Partial<Record<'gestion' | 'cuisine' | 'menage' | 'transports' | 'achats', AggirCode>> = {},
): AggirInput {
  const [coherence, orientation, toilette, habillage, alimentation, elimination, transferts, inside, outside, remote] = codes;
  return {
    discriminant: {
      coherence: { code: coherence },
      orientation: { code: orientation },
      toilette: { code: toilette },
      habillage: { code: habillage },
      alimentation: { code: alimentation },
      elimination: { code: elimination },
      transferts: { code: transferts },
      deplacement_interieur: { code: inside },
      deplacement_exterieur: { code: outside },
      communication_a_distance: { code: remote },
    },
    illustrative: Object.fromEntries(Object.entries(illustrative).map(([k, v]) => [k, { code: v }])),
  };
}

interface DemoAssessment {
  person: string;
  body: z.input<typeof assessmentCreateSchema>;
  sign: boolean;
}

const assessments: DemoAssessment[] = [
  {
    person: 'Lucienne Chabert',
    sign: true,
    body: {
      assessedOn: '2025-09-12',
      context: 'admission',
      place: 'home',
      participants: 'Mme Morel, sa fille Sylvie',
      aggir: grid(['A', 'A', 'B', 'B', 'A', 'A', 'A', 'A', 'B', 'A'], { menage: 'B', achats: 'B', transports: 'C' }),
      sections: {
        health: {
          observations: 'Arthrose des genoux, HTA traitée. Pilulier préparé par la pharmacie.',
          needs: [{ code: 'suivi_medical', priority: 'medium' }],
          risks: [{ kind: 'falls', level: 'moderate', comment: 'Tapis et baignoire' }],
          urgency: 'planned',
        },
        autonomy: {
          observations: 'Toilette partielle seule, aide pour le dos et les pieds. Sort peu depuis l’hiver.',
          needs: [
            { code: 'aide_toilette', priority: 'medium' },
            { code: 'aide_courses', priority: 'low' },
          ],
          wishes: 'Je veux rester chez moi le plus longtemps possible.',
          wishesExpressedBy: 'person',
          strengths: [{ kind: 'entourage', description: 'Sa fille passe deux fois par semaine' }],
        },
        housing: {
          observations: 'Appartement au 2e avec ascenseur, baignoire.',
          needs: [{ code: 'amenagement_logement', priority: 'medium', comment: 'Remplacer la baignoire par une douche' }],
        },
        social: { observations: 'APA à domicile depuis 2024 (GIR 4).', needs: [] },
      },
    },
  },
  {
    person: 'Lucienne Chabert',
    sign: true,
    body: {
      assessedOn: '2026-03-10',
      context: 'periodic_review',
      place: 'home',
      participants: 'Mme Morel',
      aggir: grid(['A', 'B', 'C', 'B', 'B', 'B', 'B', 'B', 'C', 'A'], { menage: 'C', achats: 'C', transports: 'C' }),
      sections: {
        health: {
          observations: 'Perte de 3 kg en six mois. Oublis de traitement signalés par l’infirmier.',
          needs: [
            { code: 'suivi_medical', priority: 'medium' },
            { code: 'aide_prise_medicaments', priority: 'high' },
            { code: 'suivi_nutritionnel', priority: 'medium' },
          ],
          risks: [
            { kind: 'falls', level: 'moderate' },
            { kind: 'undernutrition', level: 'moderate', comment: 'IMC 20,5' },
            { kind: 'medication', level: 'moderate' },
          ],
          urgency: 'planned',
        },
        autonomy: {
          observations: 'Aide à la toilette et à l’habillage le matin. Ne fait plus ses courses.',
          needs: [
            { code: 'aide_toilette', priority: 'high' },
            { code: 'aide_habillage', priority: 'medium' },
            { code: 'portage_repas', priority: 'medium' },
            { code: 'aide_courses', priority: 'medium' },
          ],
          wishes: 'Rester chez moi, avec mes habitudes.',
          wishesExpressedBy: 'person',
          strengths: [{ kind: 'service', description: 'SAAD deux passages par jour' }],
        },
        family: {
          observations: 'Sylvie, fille unique, travaille à temps plein et se dit fatiguée.',
          needs: [{ code: 'soutien_aidants', priority: 'medium' }],
          risks: [{ kind: 'caregiver_exhaustion', level: 'moderate' }],
        },
        housing: { observations: 'Douche installée en janvier.', needs: [] },
      },
    },
  },
  {
    person: 'Lucienne Chabert',
    sign: true,
    body: {
      assessedOn: '2026-10-05',
      context: 'hospital_discharge',
      place: 'home',
      participants: 'Mme Morel, Sylvie Morel, infirmier du SSIAD',
      aggir: grid(['B', 'B', 'C', 'C', 'B', 'C', 'C', 'B', 'C', 'B'], { menage: 'C', achats: 'C', transports: 'C', gestion: 'B' }),
      sections: {
        health: {
          observations: 'Retour à domicile après fracture du col du fémur (CH de Valence, 12 jours). Kinésithérapie prescrite.',
          needs: [
            { code: 'soins_infirmiers', priority: 'high' },
            { code: 'reeducation', priority: 'high' },
            { code: 'aide_prise_medicaments', priority: 'high' },
          ],
          risks: [
            { kind: 'falls', level: 'high', comment: 'Chute avec fracture en septembre' },
            { kind: 'pressure_ulcers', level: 'moderate' },
          ],
          urgency: 'priority',
        },
        autonomy: {
          observations: 'Transferts avec aide, déambulateur à l’intérieur.',
          needs: [
            { code: 'aide_toilette', priority: 'high' },
            { code: 'aide_habillage', priority: 'high' },
            { code: 'aide_deplacements', priority: 'high' },
            { code: 'aides_techniques', priority: 'high', comment: 'Lit médicalisé, fauteuil garde-robe' },
            { code: 'teleassistance', priority: 'medium' },
          ],
          wishes: 'Je ne veux pas aller en maison de retraite.',
          wishesExpressedBy: 'person',
        },
        family: {
          observations: 'Sylvie a posé des congés pour le retour ; relais nécessaire ensuite.',
          needs: [{ code: 'repit_aidant', priority: 'medium' }],
          risks: [{ kind: 'caregiver_exhaustion', level: 'high' }],
          urgency: 'planned',
        },
      },
    },
  },
  {
    person: 'Marcel Faure',
    sign: true,
    body: {
      assessedOn: '2026-02-18',
      context: 'admission',
      place: 'home',
      participants: 'M. et Mme Faure',
      aggir: grid(['B', 'B', 'B', 'B', 'A', 'B', 'B', 'B', 'C', 'B']),
      sections: {
        health: {
          observations: 'Maladie de Parkinson évoluée, troubles de la déglutition débutants.',
          needs: [{ code: 'soins_infirmiers', priority: 'high' }],
          risks: [{ kind: 'falls', level: 'high' }],
          urgency: 'planned',
        },
        family: {
          observations: 'Denise, son épouse, 91 ans, assure l’essentiel de l’aide.',
          needs: [{ code: 'soutien_aidants', priority: 'high' }],
          risks: [{ kind: 'caregiver_exhaustion', level: 'high' }],
          strengths: [{ kind: 'entourage', description: 'Couple très uni, voisins présents' }],
        },
      },
    },
  },
  {
    person: 'Marcel Faure',
    sign: true,
    body: {
      assessedOn: '2026-08-26',
      context: 'change_of_situation',
      place: 'home',
      participants: 'M. et Mme Faure, fils (téléphone)',
      aggir: grid(['B', 'B', 'C', 'C', 'B', 'C', 'C', 'C', 'C', 'B']),
      sections: {
        health: {
          observations: 'Alitement partiel depuis juillet. Escarre talonnière en cours de cicatrisation.',
          needs: [
            { code: 'soins_infirmiers', priority: 'high' },
            { code: 'hospitalisation_domicile', priority: 'medium' },
          ],
          risks: [
            { kind: 'pressure_ulcers', level: 'high' },
            { kind: 'falls', level: 'moderate' },
          ],
          urgency: 'priority',
        },
        family: {
          observations: 'Mme Faure épuisée ; accepte un hébergement temporaire pour elle-même une semaine.',
          needs: [{ code: 'repit_aidant', priority: 'high' }],
          risks: [{ kind: 'caregiver_exhaustion', level: 'high' }],
          wishes: 'Qu’on l’aide à garder son mari à la maison.',
          wishesExpressedBy: 'relative',
        },
      },
    },
  },
  {
    person: 'Monique Roux',
    sign: false,
    body: {
      assessedOn: '2026-11-18',
      context: 'periodic_review',
      place: 'home',
      participants: 'Mme Garcia, sa fille Isabelle',
      aggir: grid(['A', 'A', 'B', 'B', 'A', 'A', 'A', 'A', 'B', 'A']),
      sections: {
        autonomy: {
          observations: 'Vit chez sa fille. Aide partielle pour la toilette.',
          needs: [{ code: 'aide_toilette', priority: 'medium' }],
        },
      },
    },
  },
];

/** Writes the demo assessments as the demo coordinator (`ctx`), inside the seeding transaction. */
export async function seedDemoAssessments(ctx: Ctx, people: Map<string, string>): Promise<void> {
  for (const a of assessments) {
    const personId = people.get(a.person);
    if (!personId) throw new Error(`demo assessment: no demo person named ${a.person}`);
    const created = await createAssessment(ctx, personId, assessmentCreateSchema.parse(a.body));
    if (a.sign) await signAssessment(ctx, created.id, created.version);
  }
}
