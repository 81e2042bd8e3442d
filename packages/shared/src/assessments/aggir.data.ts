// AGGIR (Autonomie Gérontologique Groupes Iso-Ressources) reference data.
//
// Coefficients, rank thresholds and rank → GIR come from the legal text, not from a guide:
// Code de l'action sociale et des familles (CASF), annexe 2-2 « Algorithme de la grille AGGIR »
// (same tables as décret n° 97-427 annexe II and décret n° 2001-1084 annexe II).
// Variable list and coding rules (four adverbs, sub-variables) come from the filling guide,
// CASF annexe 2-1 as replaced by décret n° 2008-821 du 21 août 2008.
// Transcribed from /work/shared/reference/aggir/*.csv; aggir.test.ts re-reads those CSV files
// and checks every combination against them, so an edit here that drifts from the law fails CI.

export const AGGIR_CODES = ['A', 'B', 'C'] as const;
/** A = does alone, B = partially, C = does not (2008 guide). */
export type AggirCode = (typeof AGGIR_CODES)[number];

export const AGGIR_GROUPS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type AggirGroup = (typeof AGGIR_GROUPS)[number];

export type AggirRank = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13;
export type Gir = 1 | 2 | 3 | 4 | 5 | 6;

export const AGGIR_SOURCES = {
  algorithm: 'CASF, annexe 2-2 « Algorithme de la grille AGGIR » ' + '(décret n° 97-427, annexe II ; décret n° 2001-1084, annexe II)',
  guide: 'CASF, annexe 2-1, guide de remplissage de la grille AGGIR ' + '(décret n° 2008-821 du 21 août 2008)',
  subVariableRules:
    'Guide de remplissage 2008 (décret n° 2008-821), combinaison des sous-variables ' +
    "telle qu'appliquée par les programmes de référence de l'administration",
} as const;

/** The 10 discriminant variables, in the order of the grid, with their sub-variables. */
export const AGGIR_DISCRIMINANT_VARIABLES = [
  {
    id: 'coherence',
    label: 'Cohérence',
    subVariables: [
      { id: 'communication', label: 'Communication' },
      { id: 'comportement', label: 'Comportement' },
    ],
  },
  {
    id: 'orientation',
    label: 'Orientation',
    subVariables: [
      { id: 'temps', label: 'Dans le temps' },
      { id: 'espace', label: "Dans l'espace" },
    ],
  },
  {
    id: 'toilette',
    label: 'Toilette',
    subVariables: [
      { id: 'haut', label: 'Haut' },
      { id: 'bas', label: 'Bas' },
    ],
  },
  {
    id: 'habillage',
    label: 'Habillage',
    subVariables: [
      { id: 'haut', label: 'Haut' },
      { id: 'moyen', label: 'Moyen' },
      { id: 'bas', label: 'Bas' },
    ],
  },
  {
    id: 'alimentation',
    label: 'Alimentation',
    subVariables: [
      { id: 'se_servir', label: 'Se servir' },
      { id: 'manger', label: 'Manger' },
    ],
  },
  {
    id: 'elimination',
    label: 'Élimination',
    subVariables: [
      { id: 'urinaire', label: 'Urinaire' },
      { id: 'fecale', label: 'Fécale' },
    ],
  },
  { id: 'transferts', label: 'Transferts', subVariables: [] },
  { id: 'deplacement_interieur', label: "Déplacements à l'intérieur", subVariables: [] },
  { id: 'deplacement_exterieur', label: "Déplacements à l'extérieur", subVariables: [] },
  { id: 'communication_a_distance', label: 'Alerter (communication à distance)', subVariables: [] },
] as const;

type DiscriminantDefinition = (typeof AGGIR_DISCRIMINANT_VARIABLES)[number];
export type DiscriminantVariableId = DiscriminantDefinition['id'];
/** Discriminant variables that the 2008 guide splits into sub-variables. */
export type VariableWithSubVariables = Extract<DiscriminantDefinition, { subVariables: readonly [unknown, ...unknown[]] }>['id'];
export type SubVariableId<V extends VariableWithSubVariables> = Extract<DiscriminantDefinition, { id: V }>['subVariables'][number]['id'];

/** The 7 illustrative variables: recorded and shown, never part of the GIR. */
export const AGGIR_ILLUSTRATIVE_VARIABLES = [
  { id: 'gestion', label: 'Gestion' },
  { id: 'cuisine', label: 'Cuisine' },
  { id: 'menage', label: 'Ménage' },
  { id: 'transports', label: 'Transports' },
  { id: 'achats', label: 'Achats' },
  { id: 'suivi_traitement', label: 'Suivi du traitement' },
  { id: 'activites_temps_libre', label: 'Activités du temps libre' },
] as const;
export type IllustrativeVariableId = (typeof AGGIR_ILLUSTRATIVE_VARIABLES)[number]['id'];

export const AGGIR_DISCRIMINANT_VARIABLE_IDS: readonly DiscriminantVariableId[] = AGGIR_DISCRIMINANT_VARIABLES.map((v) => v.id);
export const AGGIR_ILLUSTRATIVE_VARIABLE_IDS: readonly IllustrativeVariableId[] = AGGIR_ILLUSTRATIVE_VARIABLES.map((v) => v.id);

type Coefficients = Readonly<Record<DiscriminantVariableId, number>>;

// Column order of the annexe: COH, ORI, TOI, HAB, ALIM, ELIM, TRANSF, DEPL INT, DEPL EXT, COMM;
// keeping the rows in that order lets a reader compare them line by line with the legal text.
type Row = readonly [
  coh: number,
  ori: number,
  toi: number,
  hab: number,
  alim: number,
  elim: number,
  transf: number,
  deplInt: number,
  deplExt: number,
  comm: number,
];
function row(values: Row): Coefficients {
  const [coh, ori, toi, hab, alim, elim, transf, deplInt, deplExt, comm] = values;
  return {
    coherence: coh,
    orientation: ori,
    toilette: toi,
    habillage: hab,
    alimentation: alim,
    elimination: elim,
    transferts: transf,
    deplacement_interieur: deplInt,
    deplacement_exterieur: deplExt,
    communication_a_distance: comm,
  };
}

/**
 * Value of each variable's modality per group (CASF annexe 2-2). Modality A is always 0, so only
 * C and B are listed. The negative values of group B and the group H transferts row (C < B)
 * are in the official text.
 */
export const AGGIR_COEFFICIENTS: Readonly<Record<AggirGroup, Readonly<Record<'C' | 'B', Coefficients>>>> = {
  A: {
    C: row([2000, 1200, 40, 40, 60, 100, 800, 200, 0, 0]),
    B: row([0, 0, 16, 16, 20, 16, 120, 32, 0, 0]),
  },
  B: {
    C: row([1500, 1200, 40, 40, 60, 100, 800, -80, 0, 0]),
    B: row([320, 120, 16, 16, 0, 16, 120, -40, 0, 0]),
  },
  C: {
    C: row([0, 0, 40, 40, 60, 160, 1000, 400, 0, 0]),
    B: row([0, 0, 16, 16, 20, 20, 200, 40, 0, 0]),
  },
  D: {
    C: row([0, 0, 0, 0, 2000, 400, 2000, 200, 0, 0]),
    B: row([0, 0, 0, 0, 200, 200, 200, 0, 0, 0]),
  },
  E: {
    C: row([400, 400, 400, 400, 400, 800, 800, 200, 0, 0]),
    B: row([0, 0, 100, 100, 100, 100, 100, 0, 0, 0]),
  },
  F: {
    C: row([200, 200, 500, 500, 500, 500, 500, 200, 0, 0]),
    B: row([100, 100, 100, 100, 100, 100, 100, 0, 0, 0]),
  },
  G: {
    C: row([150, 150, 300, 300, 500, 500, 400, 200, 0, 0]),
    B: row([0, 0, 200, 200, 200, 200, 200, 100, 0, 0]),
  },
  H: {
    C: row([0, 0, 3000, 3000, 3000, 3000, 1000, 1000, 0, 0]),
    B: row([0, 0, 2000, 2000, 2000, 2000, 2000, 1000, 0, 0]),
  },
};

export type GroupThresholds = {
  /** Highest threshold first; the text says "supérieure ou égale", hence inclusive. */
  readonly ranks: readonly { readonly minInclusive: number; readonly rank: AggirRank }[];
  /** What a score below every threshold means: go on to the next group, or (group H) a rank. */
  readonly below: AggirRank | 'next_group';
};

/** Rank thresholds per group (CASF annexe 2-2). */
export const AGGIR_RANK_THRESHOLDS: Readonly<Record<AggirGroup, GroupThresholds>> = {
  A: {
    ranks: [
      { minInclusive: 4380, rank: 1 },
      { minInclusive: 4140, rank: 2 },
      { minInclusive: 3390, rank: 3 },
    ],
    below: 'next_group',
  },
  B: { ranks: [{ minInclusive: 2016, rank: 4 }], below: 'next_group' },
  C: {
    ranks: [
      { minInclusive: 1700, rank: 5 },
      { minInclusive: 1432, rank: 6 },
    ],
    below: 'next_group',
  },
  D: { ranks: [{ minInclusive: 2400, rank: 7 }], below: 'next_group' },
  E: { ranks: [{ minInclusive: 1200, rank: 8 }], below: 'next_group' },
  F: { ranks: [{ minInclusive: 800, rank: 9 }], below: 'next_group' },
  G: { ranks: [{ minInclusive: 650, rank: 10 }], below: 'next_group' },
  H: {
    ranks: [
      { minInclusive: 4000, rank: 11 },
      { minInclusive: 2000, rank: 12 },
    ],
    below: 13,
  },
};

/** Rank → GIR (CASF annexe 2-2). */
export const AGGIR_RANK_TO_GIR: Readonly<Record<AggirRank, Gir>> = {
  1: 1,
  2: 2,
  3: 2,
  4: 2,
  5: 2,
  6: 2,
  7: 2,
  8: 3,
  9: 3,
  10: 4,
  11: 4,
  12: 5,
  13: 6,
};

export type SubVariableRule<V extends VariableWithSubVariables = VariableWithSubVariables> = {
  readonly variable: V;
  /** Order in which the sub-codes are read to build the patterns below. */
  readonly order: readonly SubVariableId<V>[];
  /** Sub-code patterns (in `order`) giving A; e.g. 'AA'. */
  readonly toA: readonly string[];
  /** Sub-code patterns giving C. */
  readonly toC: readonly string[];
  /** Code of every other pattern. */
  readonly otherwise: AggirCode;
  readonly source: string;
};

type SubVariableRules = { readonly [V in VariableWithSubVariables]: SubVariableRule<V> };

/** How sub-variable codes combine into the variable's code (2008 guide). */
export const AGGIR_SUB_VARIABLE_RULES: SubVariableRules = {
  coherence: {
    variable: 'coherence',
    order: ['communication', 'comportement'],
    toA: ['AA'],
    toC: ['CC'],
    otherwise: 'B',
    source: AGGIR_SOURCES.subVariableRules,
  },
  orientation: {
    variable: 'orientation',
    order: ['temps', 'espace'],
    toA: ['AA'],
    toC: ['CC'],
    otherwise: 'B',
    source: AGGIR_SOURCES.subVariableRules,
  },
  toilette: {
    variable: 'toilette',
    order: ['haut', 'bas'],
    toA: ['AA'],
    toC: ['CC'],
    otherwise: 'B',
    source: AGGIR_SOURCES.subVariableRules,
  },
  habillage: {
    variable: 'habillage',
    order: ['haut', 'moyen', 'bas'],
    toA: ['AAA'],
    toC: ['CCC'],
    otherwise: 'B',
    source: AGGIR_SOURCES.subVariableRules,
  },
  alimentation: {
    variable: 'alimentation',
    order: ['se_servir', 'manger'],
    toA: ['AA'],
    toC: ['CC', 'BC', 'CB'],
    otherwise: 'B',
    source: AGGIR_SOURCES.subVariableRules,
  },
  elimination: {
    variable: 'elimination',
    order: ['urinaire', 'fecale'],
    toA: ['AA'],
    toC: ['CC', 'AC', 'CA', 'BC', 'CB'],
    otherwise: 'B',
    source: AGGIR_SOURCES.subVariableRules,
  },
};
