// The persisted words of the admissions module (STYLE.md 7): statuses, sources, outcomes.
// They are an API: never renamed. French labels live in the web's i18n and in the minutes PDF.

/** Who sends the request for support. */
export const referralSources = ['hospital', 'partner', 'family', 'self', 'other'] as const;
export type ReferralSource = (typeof referralSources)[number];

/** How it reached the service. */
export const referralChannels = ['phone', 'email', 'mail', 'secure_messaging', 'in_person', 'app'] as const;
export type ReferralChannel = (typeof referralChannels)[number];

export const referralUrgencies = ['routine', 'priority', 'urgent'] as const;
export type ReferralUrgency = (typeof referralUrgencies)[number];

/** Where the person is when the request is made. */
export const currentPlaces = ['home', 'hospital', 'rehabilitation', 'nursing_home', 'other'] as const;
export type CurrentPlace = (typeof currentPlaces)[number];

/**
 * received → under_review → presented (to a committee) → decided → admitted → ended,
 * or withdrawn on the way. `decided` carries an outcome (see `decisionOutcomes`).
 */
export const referralStatuses = ['received', 'under_review', 'presented', 'decided', 'admitted', 'withdrawn', 'ended'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

/** A reasoned decision: admitted with conditions, refused with reasons, redirected elsewhere, or waiting list. */
export const decisionOutcomes = ['accepted', 'refused', 'redirected', 'waiting_list'] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

/** Who decides for a service: its admission committee, or (SSIAD-like services) the coordinator alone. */
export const decisionModes = ['committee', 'coordinator'] as const;
export type DecisionMode = (typeof decisionModes)[number];

export const waitingPriorities = ['urgent', 'high', 'normal'] as const;
export type WaitingPriority = (typeof waitingPriorities)[number];
/** Rank used by the ordering: lower comes first. */
export const waitingPriorityRank: Record<WaitingPriority, number> = { urgent: 1, high: 2, normal: 3 };

export const waitingStatuses = ['waiting', 'admitted', 'left'] as const;
export type WaitingStatus = (typeof waitingStatuses)[number];
export const waitingChangeKinds = ['added', 'priority', 'admitted', 'left'] as const;
export type WaitingChangeKind = (typeof waitingChangeKinds)[number];

export const placeKinds = ['home', 'establishment'] as const;
export type PlaceKind = (typeof placeKinds)[number];

export const homeVisitStatuses = ['planned', 'done', 'cancelled'] as const;
export type HomeVisitStatus = (typeof homeVisitStatuses)[number];

/** Areas of what must be adapted before arrival, at home or in the establishment. */
export const adaptationAreas = ['access', 'bathroom', 'bedroom', 'kitchen', 'equipment', 'safety', 'other'] as const;
export type AdaptationArea = (typeof adaptationAreas)[number];

/** Functions of the members of an admission committee, as the organisation sets them. */
export const committeeFunctions = ['director', 'coordinator', 'doctor', 'psychologist', 'social_referent', 'nurse', 'other'] as const;
export type CommitteeFunction = (typeof committeeFunctions)[number];

export const committeeStatuses = ['planned', 'held'] as const;
export type CommitteeStatus = (typeof committeeStatuses)[number];
export const committeeCaseStatuses = ['on_agenda', 'decided', 'postponed', 'withdrawn'] as const;
export type CommitteeCaseStatus = (typeof committeeCaseStatuses)[number];

export const checklistItemKinds = ['document', 'information'] as const;
export type ChecklistItemKind = (typeof checklistItemKinds)[number];

/** What the referrer sees of the status: never the file, only where the request stands. */
export const referrerStatuses = ['received', 'in_progress', 'decided', 'admitted', 'withdrawn'] as const;
export type ReferrerStatus = (typeof referrerStatuses)[number];
