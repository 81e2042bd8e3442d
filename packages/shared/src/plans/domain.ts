import { canMove, type TransitionTable } from '../api/lifecycle.ts';

// Vocabulary of the personal plan (projet personnalisé / PPS, DESIGN.md §2 `plans`). Codes are
// persisted and sent over the API (STYLE.md 7): never renamed. Labels are the French wording
// printed in the plan's PDF; the web has its own catalogue (fr/en) for the screens.

/** The components of the plan (seed 000, domain A: projet de soins, projet de vie, projet social, projet professionnel). */
export const planComponents = ['care', 'life', 'social', 'professional'] as const;
export type PlanComponent = (typeof planComponents)[number];
export const planComponentLabels: Record<PlanComponent, string> = {
  care: 'Projet de soins',
  life: 'Projet de vie',
  social: 'Projet social',
  professional: 'Projet éducatif ou professionnel',
};

/**
 * The life of one version of a plan. A draft is worked on and proposed to the person; their
 * agreement freezes it; it is then put into effect, reviewed, and closed when a newer version is
 * agreed or support ends. `closed` is final.
 */
export const planStatuses = ['draft', 'proposed', 'agreed', 'active', 'under_review', 'closed'] as const;
export type PlanStatus = (typeof planStatuses)[number];
export const planStatusLabels: Record<PlanStatus, string> = {
  draft: 'Brouillon',
  proposed: 'Proposé à la personne',
  agreed: 'Accepté',
  active: 'En cours',
  under_review: 'En révision',
  closed: 'Clos',
};
/** Statuses whose content can still change: every later one is frozen (also by a trigger in the database). */
export const editableStatuses: readonly PlanStatus[] = ['draft', 'proposed'];
/** Statuses of the version in force (agreed by the person, not yet replaced). */
export const inForceStatuses: readonly PlanStatus[] = ['agreed', 'active', 'under_review'];

/** Allowed changes of status by a command; anything else is refused with 409. */
export const planTransitions: TransitionTable<PlanStatus> = {
  draft: ['proposed', 'closed'],
  proposed: ['draft', 'agreed', 'closed'],
  agreed: ['active', 'closed'],
  active: ['under_review', 'closed'],
  under_review: ['active', 'closed'],
  closed: [],
};
export const canTransition = (from: PlanStatus, to: PlanStatus): boolean => canMove(planTransitions, from, to);

export const closeReasons = ['superseded', 'ended', 'withdrawn'] as const;
export type CloseReason = (typeof closeReasons)[number];

/** When a goal should be reached: 3, 6 or 12 months after the plan starts, or a date. */
export const goalHorizons = ['3m', '6m', '12m', 'date'] as const;
export type GoalHorizon = (typeof goalHorizons)[number];
export const goalHorizonLabels: Record<GoalHorizon, string> = {
  '3m': 'À 3 mois',
  '6m': 'À 6 mois',
  '12m': 'À 12 mois',
  date: 'À une date',
};
export const horizonMonths: Record<Exclude<GoalHorizon, 'date'>, number> = { '3m': 3, '6m': 6, '12m': 12 };

export const goalPriorities = ['high', 'medium', 'low'] as const;
export type GoalPriority = (typeof goalPriorities)[number];
export const goalPriorityLabels: Record<GoalPriority, string> = { high: 'Haute', medium: 'Moyenne', low: 'Basse' };

export const actionTypes = [
  'care',
  'personal_help',
  'support',
  'social',
  'housing',
  'equipment',
  'home_adaptation',
  'administrative',
  'employment',
  'education',
  'leisure',
  'other',
] as const;
export type ActionType = (typeof actionTypes)[number];
export const actionTypeLabels: Record<ActionType, string> = {
  care: 'Soins',
  personal_help: 'Aide humaine',
  support: 'Accompagnement',
  social: 'Social',
  housing: 'Logement',
  equipment: 'Aide technique, matériel',
  home_adaptation: 'Aménagement du lieu de vie',
  administrative: 'Démarches administratives',
  employment: 'Emploi',
  education: 'Éducation, formation',
  leisure: 'Loisirs, vie sociale',
  other: 'Autre',
};
/** Living-place adaptations and technical aids: they need a prescriber and a funding (issue 7, item 5). */
export const prescribedActionTypes: readonly ActionType[] = ['equipment', 'home_adaptation'];

export const actionStatuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const actionStatusLabels: Record<ActionStatus, string> = {
  planned: 'Prévue',
  in_progress: 'En cours',
  done: 'Réalisée',
  cancelled: 'Annulée',
};

export const fundingSources = [
  'apa',
  'pch',
  'health_insurance',
  'departement',
  'municipality',
  'mutual_insurance',
  'own_contribution',
  'other',
] as const;
export type FundingSource = (typeof fundingSources)[number];
export const fundingSourceLabels: Record<FundingSource, string> = {
  apa: 'APA',
  pch: 'PCH',
  health_insurance: 'Assurance maladie',
  departement: 'Département',
  municipality: 'Commune, CCAS',
  mutual_insurance: 'Mutuelle',
  own_contribution: 'Participation de la personne',
  other: 'Autre financement',
};

/** How often the cost of an action is spent. */
export const costPeriods = ['once', 'week', 'month', 'year'] as const;
export type CostPeriod = (typeof costPeriods)[number];
export const costPeriodLabels: Record<CostPeriod, string> = { once: 'une fois', week: 'par semaine', month: 'par mois', year: 'par an' };

export const agreementForms = ['signed', 'oral', 'electronic'] as const;
export type AgreementForm = (typeof agreementForms)[number];
export const agreementFormLabels: Record<AgreementForm, string> = {
  signed: 'Document signé',
  oral: 'Accord oral recueilli',
  electronic: 'Accord électronique',
};
export const agreementGivers = ['person', 'legal_representative'] as const;
export type AgreementGiver = (typeof agreementGivers)[number];

export const expectationSources = ['person', 'relative', 'legal_representative'] as const;
export type ExpectationSource = (typeof expectationSources)[number];

/** A goal's result at a review; `in_progress` for a goal still being worked on (not yet due, or not yet judged). */
export const reviewOutcomes = ['achieved', 'partly', 'not_achieved', 'in_progress', 'abandoned'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];
export const reviewOutcomeLabels: Record<ReviewOutcome, string> = {
  achieved: 'Atteint',
  in_progress: 'En cours',
  partly: 'Partiellement atteint',
  not_achieved: 'Non atteint',
  abandoned: 'Abandonné',
};
/** Goals carried into the version that follows a review: those still to be reached. */
export const carriedOutcomes: readonly ReviewOutcome[] = ['partly', 'not_achieved', 'in_progress'];
/** Statuses of a version whose actions are followed: in effect, and still while its review prepares the next one (issue 19, item 5). */
export const followedStatuses: readonly PlanStatus[] = ['active', 'under_review'];

/** Information categories a goal and its actions can carry (health secrecy: health professionals only). */
export const planCategories = ['health', 'social'] as const;
export type PlanCategory = (typeof planCategories)[number];

/**
 * The category of a goal and its actions: `health` for the care project or when it answers a
 * need of a health domain of the assessment; `social` otherwise. Stored with each row so that
 * reads filter on it in SQL (STYLE.md 6).
 */
export function goalCategory(component: PlanComponent, needCategories: readonly PlanCategory[]): PlanCategory {
  return component === 'care' || needCategories.includes('health') ? 'health' : 'social';
}

export const PDF_FORMS = ['person', 'professional'] as const;
export type PdfForm = (typeof PDF_FORMS)[number];
