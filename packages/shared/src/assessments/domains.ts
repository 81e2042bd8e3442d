import type { InfoCategory } from '../people/categories.ts';

// Vocabulary of the multidimensional needs assessment (DESIGN.md §2 `assessments`). Codes are
// persisted and sent over the API (STYLE.md 7): never renamed. Labels are the French wording shown
// to professionals and printed for the person.

/** The domains an assessment covers, in the order of the form. */
export const assessmentDomains = [
  'health',
  'autonomy',
  'cognition',
  'personal',
  'family',
  'social',
  'housing',
  'education',
  'employment',
  'finances',
  'legal',
] as const;
export type AssessmentDomain = (typeof assessmentDomains)[number];

export const assessmentDomainLabels: Record<AssessmentDomain, string> = {
  health: 'Santé',
  autonomy: 'Autonomie et vie quotidienne',
  cognition: 'Cognition et santé psychique',
  personal: 'Vie personnelle',
  family: 'Famille et aidants',
  social: 'Situation sociale et droits',
  housing: 'Logement et environnement',
  education: 'Éducation et formation',
  employment: 'Emploi et insertion professionnelle',
  finances: 'Ressources et budget',
  legal: 'Situation juridique',
};

/** Categories an assessment's parts can carry: never `administrative` (it is all about the person's needs) nor `restricted`. */
export type AssessmentCategory = Extract<InfoCategory, 'health' | 'social'>;

/**
 * Information category of each domain section (DESIGN.md §4.2, SEC-DP-01). Health, autonomy and
 * cognition describe the person's body and mind (diagnoses, dependence in daily acts, memory,
 * mental health): they fall under health secrecy and are read by health professionals only. The
 * other domains describe the person's life, entourage, rights and means: `social`, read by
 * social workers and coordinators as well.
 */
export const domainCategory = {
  health: 'health',
  autonomy: 'health',
  cognition: 'health',
  personal: 'social',
  family: 'social',
  social: 'social',
  housing: 'social',
  education: 'social',
  employment: 'social',
  finances: 'social',
  legal: 'social',
} as const satisfies Record<AssessmentDomain, AssessmentCategory>;

/**
 * The AGGIR grid describes the person's functional state variable by variable: it is `health`.
 * The GIR it yields is what an APA file, a social worker or a funder needs, and it says far less
 * (one number, 1–6): it is readable with `social` as well, so that a social worker preparing an
 * APA request sees the GIR without seeing the grid.
 */
export const aggirGridCategory: AssessmentCategory = 'health';
export const girCategory: AssessmentCategory = 'social';

/** Why the assessment was made. */
export const assessmentContexts = ['admission', 'periodic_review', 'change_of_situation', 'hospital_discharge'] as const;
export type AssessmentContext = (typeof assessmentContexts)[number];
export const assessmentContextLabels: Record<AssessmentContext, string> = {
  admission: 'Admission',
  periodic_review: 'Réévaluation périodique',
  change_of_situation: 'Changement de situation',
  hospital_discharge: "Sortie d'hospitalisation",
};

export const assessmentPlaces = ['home', 'office', 'hospital', 'institution', 'phone', 'video'] as const;
export type AssessmentPlace = (typeof assessmentPlaces)[number];
export const assessmentPlaceLabels: Record<AssessmentPlace, string> = {
  home: 'À domicile',
  office: 'Dans nos locaux',
  hospital: "À l'hôpital",
  institution: 'En établissement',
  phone: 'Par téléphone',
  video: 'En visioconférence',
};

/**
 * draft → signed (frozen) → superseded (once a correction of it is signed). A draft entered in
 * error is discarded, never deleted (DESIGN.md §4.5).
 */
export const assessmentStatuses = ['draft', 'signed', 'superseded', 'discarded'] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

export const needPriorities = ['low', 'medium', 'high'] as const;
export type NeedPriority = (typeof needPriorities)[number];
export const needPriorityLabels: Record<NeedPriority, string> = { low: 'Faible', medium: 'Moyenne', high: 'Élevée' };

/** How soon the domain's needs must be answered. */
export const urgencyLevels = ['none', 'planned', 'priority', 'immediate'] as const;
export type UrgencyLevel = (typeof urgencyLevels)[number];
export const urgencyLabels: Record<UrgencyLevel, string> = {
  none: "Pas d'urgence",
  planned: 'À programmer',
  priority: 'Prioritaire',
  immediate: 'Immédiate',
};

/** Who voiced the wishes written in the section: the person's own words are kept apart from the professionals' view. */
export const wishSources = ['person', 'relative', 'legal_representative'] as const;
export type WishSource = (typeof wishSources)[number];

/** Strengths and resources: the person's own, their entourage's, services already in place. */
export const strengthKinds = ['personal', 'entourage', 'service'] as const;
export type StrengthKind = (typeof strengthKinds)[number];
export const strengthKindLabels: Record<StrengthKind, string> = {
  personal: 'Ressources personnelles',
  entourage: 'Entourage',
  service: 'Services déjà en place',
};

export const riskKinds = [
  'falls',
  'undernutrition',
  'dehydration',
  'isolation',
  'abuse',
  'breakdown_of_care',
  'caregiver_exhaustion',
  'medication',
  'wandering',
  'pressure_ulcers',
  'self_neglect',
  'domestic_accident',
  'suicide',
  'addiction',
  'financial_precarity',
  'housing_loss',
  'other',
] as const;
export type RiskKind = (typeof riskKinds)[number];
export const riskKindLabels: Record<RiskKind, string> = {
  falls: 'Chutes',
  undernutrition: 'Dénutrition',
  dehydration: 'Déshydratation',
  isolation: 'Isolement',
  abuse: 'Maltraitance',
  breakdown_of_care: "Rupture d'accompagnement",
  caregiver_exhaustion: "Épuisement de l'aidant",
  medication: 'Médicaments (erreurs, iatrogénie)',
  wandering: 'Errance, fugue',
  pressure_ulcers: 'Escarres',
  self_neglect: 'Incurie',
  domestic_accident: 'Accident domestique',
  suicide: 'Risque suicidaire',
  addiction: 'Conduites addictives',
  financial_precarity: 'Précarité financière',
  housing_loss: 'Perte du logement',
  other: 'Autre risque',
};

export const riskLevels = ['low', 'moderate', 'high'] as const;
export type RiskLevel = (typeof riskLevels)[number];
export const riskLevelLabels: Record<RiskLevel, string> = { low: 'Faible', moderate: 'Modéré', high: 'Élevé' };

/** Kinds of standard instruments: the licensed Zarit scale (texts held by the organisation), and the organisation's own questionnaires. */
export const instrumentKinds = ['zarit', 'questionnaire'] as const;
export type InstrumentKind = (typeof instrumentKinds)[number];

/** A need of the taxonomy, by code (persisted in assessments). */
export interface NeedTypeDefault {
  readonly domain: AssessmentDomain;
  readonly code: string;
  readonly label: string;
}

const needs = (domain: AssessmentDomain, list: readonly (readonly [string, string])[]): NeedTypeDefault[] =>
  list.map(([code, label]) => ({ domain, code, label }));

/**
 * The needs taxonomy an organisation starts with (its administrator adds, renames and retires
 * needs; codes stay). Usual answers of home support and coordination in France.
 */
export const defaultNeedTypes: readonly NeedTypeDefault[] = [
  ...needs('health', [
    ['soins_infirmiers', 'Soins infirmiers à domicile'],
    ['suivi_medical', 'Suivi médical régulier (médecin traitant)'],
    ['consultation_specialisee', 'Consultation spécialisée'],
    ['aide_prise_medicaments', 'Aide à la prise des médicaments'],
    ['reeducation', 'Rééducation (kinésithérapie, orthophonie…)'],
    ['suivi_nutritionnel', 'Suivi nutritionnel'],
    ['soins_bucco_dentaires', 'Soins bucco-dentaires'],
    ['soins_palliatifs', 'Soins palliatifs'],
    ['hospitalisation_domicile', 'Hospitalisation à domicile (HAD)'],
  ]),
  ...needs('autonomy', [
    ['aide_toilette', 'Aide à la toilette'],
    ['aide_habillage', "Aide à l'habillage"],
    ['aide_repas', 'Aide à la préparation et à la prise des repas'],
    ['portage_repas', 'Portage de repas'],
    ['aide_menagere', 'Aide ménagère'],
    ['aide_courses', 'Aide aux courses'],
    ['aide_deplacements', 'Aide aux transferts et aux déplacements'],
    ['transport_accompagne', 'Transport accompagné'],
    ['aides_techniques', 'Aides techniques (déambulateur, lit médicalisé…)'],
    ['teleassistance', 'Téléassistance'],
    ['garde_nuit', 'Garde de nuit'],
    ['accueil_de_jour', 'Accueil de jour'],
  ]),
  ...needs('cognition', [
    ['bilan_memoire', 'Bilan mémoire (consultation mémoire)'],
    ['stimulation_cognitive', 'Stimulation cognitive'],
    ['equipe_specialisee_alzheimer', 'Équipe spécialisée Alzheimer (ESA)'],
    ['soutien_psychologique', 'Soutien psychologique'],
    ['suivi_psychiatrique', 'Suivi psychiatrique'],
  ]),
  ...needs('personal', [
    ['loisirs_vie_sociale', 'Activités de loisirs et vie sociale'],
    ['lien_social', 'Maintien du lien social (visites, bénévoles)'],
    ['sorties_accompagnees', 'Sorties accompagnées'],
    ['projet_de_vie', 'Accompagnement du projet de vie'],
  ]),
  ...needs('family', [
    ['soutien_aidants', 'Soutien aux aidants'],
    ['repit_aidant', 'Solution de répit (accueil de jour, hébergement temporaire)'],
    ['formation_aidants', 'Formation des aidants'],
    ['mediation_familiale', 'Médiation familiale'],
    ['soutien_parentalite', 'Soutien à la parentalité'],
  ]),
  ...needs('social', [
    ['ouverture_droits_apa', 'Ouverture de droits APA'],
    ['dossier_mdph', 'Dossier MDPH (PCH, AAH, orientation)'],
    ['acces_droits_sante', 'Accès aux droits santé (CSS, ALD…)'],
    ['aide_sociale_hebergement', "Aide sociale à l'hébergement (ASH)"],
    ['aide_demarches', 'Aide aux démarches administratives'],
    ['domiciliation', 'Domiciliation administrative'],
  ]),
  ...needs('housing', [
    ['amenagement_logement', 'Aménagement du logement'],
    ['logement_adapte', "Recherche d'un logement adapté"],
    ['entree_etablissement', 'Entrée en établissement (EHPAD, résidence autonomie…)'],
    ['hygiene_logement', 'Remise en état ou hygiène du logement'],
    ['precarite_energetique', 'Lutte contre la précarité énergétique'],
  ]),
  ...needs('education', [
    ['inclusion_scolaire', 'Scolarisation, inclusion scolaire'],
    ['accompagnement_scolaire', 'Accompagnement scolaire (AESH)'],
    ['formation', 'Formation, apprentissage'],
    ['apprentissage_francais', 'Apprentissage du français, alphabétisation'],
  ]),
  ...needs('employment', [
    ['accompagnement_emploi', "Accompagnement vers l'emploi"],
    ['maintien_emploi', "Maintien dans l'emploi, aménagement du poste"],
    ['rqth', 'Reconnaissance de la qualité de travailleur handicapé (RQTH)'],
    ['orientation_esat', 'Orientation en milieu protégé (ESAT)'],
  ]),
  ...needs('finances', [
    ['gestion_budget', 'Aide à la gestion du budget'],
    ['minima_sociaux', 'Accès aux minima sociaux (RSA, AAH, ASPA)'],
    ['surendettement', 'Dossier de surendettement'],
    ['aides_financieres', 'Aides financières ponctuelles'],
  ]),
  ...needs('legal', [
    ['mesure_protection', 'Mesure de protection juridique'],
    ['mandat_protection_future', 'Information sur le mandat de protection future'],
    ['personne_confiance', 'Désignation de la personne de confiance'],
    ['directives_anticipees', 'Rédaction des directives anticipées'],
    ['acces_au_droit', 'Accès au droit (avocat, conciliateur)'],
  ]),
];
