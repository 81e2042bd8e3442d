import type { InstrumentDefinition } from './questionnaire.schema.ts';

// Test fixture shared by the questionnaire tests (not exported from the module).

const yesNo = (yes: number, no: number) => [
  { value: 'oui', label: 'Oui', score: yes },
  { value: 'non', label: 'Non', score: no },
];

/** An organisation's home-support screening, fresh for each test. */
export function homeScreening(): InstrumentDefinition {
  return {
    title: 'Repérage des besoins à domicile',
    version: 1,
    items: [
      {
        kind: 'single_choice',
        id: 'vit_seul',
        label: 'Vit seul(e)',
        required: true,
        options: yesNo(2, 0),
      },
      {
        kind: 'single_choice',
        id: 'aidant_present',
        label: 'Un aidant passe chaque jour',
        required: true,
        options: yesNo(0, 3),
        showIf: { item: 'vit_seul', op: 'eq', value: 'oui' },
      },
      {
        kind: 'single_choice',
        id: 'aide_nuit',
        label: "Besoin d'aide la nuit",
        required: false,
        options: yesNo(0, 0),
        showIf: { item: 'aidant_present', op: 'eq', value: 'non' },
      },
      {
        kind: 'number',
        id: 'chutes',
        label: 'Chutes sur 6 mois',
        required: true,
        min: 0,
        max: 50,
        integer: true,
      },
      {
        kind: 'multiple_choice',
        id: 'difficultes',
        label: 'Difficultés',
        required: false,
        options: [
          { value: 'toilette', label: 'Toilette', score: 1 },
          { value: 'repas', label: 'Repas', score: 1 },
          { value: 'courses', label: 'Courses', score: 1 },
        ],
      },
      {
        kind: 'scale',
        id: 'douleur',
        label: 'Douleur',
        required: true,
        min: 0,
        max: 10,
        step: 1,
        showIf: {
          any: [
            { item: 'chutes', op: 'gte', value: 1 },
            { item: 'difficultes', op: 'in', value: ['toilette'] },
          ],
        },
      },
      {
        kind: 'date',
        id: 'derniere_chute',
        label: 'Date de la dernière chute',
        required: false,
        showIf: {
          all: [
            { item: 'chutes', op: 'gte', value: 1 },
            { item: 'vit_seul', op: 'eq', value: 'oui' },
          ],
        },
      },
      { kind: 'text', id: 'commentaire', label: 'Commentaire', required: false, maxLength: 20 },
    ],
    scoring: {
      items: [
        { item: 'vit_seul' },
        { item: 'aidant_present', weight: 2 },
        { item: 'chutes', weight: 0.5 },
        { item: 'difficultes' },
        { item: 'douleur' },
      ],
    },
    bands: [
      { min: 0, max: 4.5, label: 'Besoin faible', severity: 'mild' },
      { min: 5, max: 9.5, label: 'Besoin modéré', severity: 'moderate' },
      { min: 10, max: 100, label: 'Besoin élevé', severity: 'severe' },
    ],
  };
}
