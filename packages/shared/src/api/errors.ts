/**
 * The catalogue of error codes: every refusal a user can meet has a stable code here, with its HTTP status and an
 * English title for developers. The server throws only these codes (`AppError` takes an `ErrorCode`), and the web
 * shows the sentence of `errors.<code>` in the user's language (a test fails on a code without French and English
 * text). Codes are an API contract: never renamed, never reused with another meaning (STYLE.md 4, 7).
 *
 * Generic codes (`not_found`, `forbidden`, `validation_failed`…) come first; domain refusals are dotted by module
 * (`plan.already_open`, `referral.service_full`). `detail` stays the English developer text and is never shown.
 */
export interface ErrorEntry {
  readonly status: number;
  /** English, for developers and logs (the problem body's `title`). */
  readonly title: string;
}

export const errorCatalogue = {
  // --- generic ------------------------------------------------------------------------------------------------------
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  not_found: { status: 404, title: 'Not found' },
  route_not_found: { status: 404, title: 'No such API route' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  session_expired: { status: 401, title: 'The session has expired' },
  forbidden: { status: 403, title: 'You are not allowed to do this' },
  csrf_rejected: { status: 403, title: 'Cross-site request refused' },
  mfa_required: { status: 403, title: 'Two-factor authentication required' },
  step_up_required: { status: 403, title: 'Please confirm your identity again' },
  precondition_required: { status: 428, title: 'If-Match header required' },
  precondition_failed: { status: 412, title: 'The resource was changed by someone else' },
  idempotency_in_progress: { status: 409, title: 'The same request is still being processed' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used with a different request' },
  /** A unique constraint of the database the code did not foresee: prefer a precise code. */
  conflict: { status: 409, title: 'This already exists' },
  /** A change of status the transition table of the resource does not allow (`move()` of a state machine). */
  invalid_transition: { status: 409, title: 'This change of status is not allowed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  service_unavailable: { status: 503, title: 'Service temporarily unavailable' },
  internal: { status: 500, title: 'Internal error' },

  // --- identity: sign-in, members, organisation ---------------------------------------------------------------------
  'auth.no_code_expected': { status: 409, title: 'No authentication code is expected for this session' },
  'auth.mfa_setup_not_started': { status: 409, title: 'The two-factor set-up was not started' },
  'member.already_member': { status: 409, title: 'Already a member of the organisation' },
  'member.own_role': { status: 409, title: 'An administrator cannot change their own role' },
  'member.self_deactivation': { status: 409, title: 'An administrator cannot deactivate themselves' },
  'service.name_taken': { status: 409, title: 'A service with this name already exists' },

  // --- people and access ----------------------------------------------------------------------------------------------
  'person.possible_duplicates': { status: 409, title: 'Possible duplicates of this person' },
  'person.merged': { status: 409, title: 'The record was merged into another one' },
  'person.already_merged': { status: 409, title: 'The record was already merged' },
  'care_team.already_member': { status: 409, title: 'Already in the care team' },
  'access.emergency_not_needed': { status: 409, title: 'Emergency access is not needed' },
  'access.emergency_read_only': { status: 403, title: 'Emergency access is read-only' },

  // --- documents ------------------------------------------------------------------------------------------------------
  'document.already_archived': { status: 409, title: 'The document is already archived' },

  // --- assessments ----------------------------------------------------------------------------------------------------
  'assessment.aggir_incomplete': { status: 409, title: 'The AGGIR grid is incomplete' },
  'assessment.still_draft': { status: 409, title: 'The assessment is still a draft' },
  'assessment.signed_frozen': { status: 409, title: 'A signed assessment cannot change' },
  'assessment.superseded': { status: 409, title: 'The assessment was replaced by a correction' },
  'assessment.discarded': { status: 409, title: 'The draft was withdrawn' },
  'assessment.not_signed': { status: 409, title: 'The assessment is not signed' },
  'assessment.correction_in_progress': { status: 409, title: 'A correction is already being drafted' },
  'assessment.correction_outdated': { status: 409, title: 'The corrected assessment is no longer the current one' },
  'instrument.draft_pending': { status: 409, title: 'A draft version of the instrument already exists' },
  'instrument.version_published': { status: 409, title: 'The instrument version is published and frozen' },
  'need.code_taken': { status: 409, title: 'A need with this code already exists' },

  // --- plans ----------------------------------------------------------------------------------------------------------
  'plan.already_open': { status: 409, title: 'The person already has a plan' },
  'plan.no_goals': { status: 409, title: 'The plan has no goal' },
  'plan.already_closed': { status: 409, title: 'The plan is already closed' },
  'plan.revision_in_progress': { status: 409, title: 'A new version of the plan is already being prepared' },
  'plan.not_in_force': { status: 409, title: 'The plan is not in force' },
  'plan.proposed_locked': { status: 409, title: 'A proposed plan cannot change' },
  'plan.version_closed': { status: 409, title: 'The plan version is closed' },
  'plan.version_frozen': { status: 409, title: 'An agreed plan version is frozen' },
  'plan.action_not_in_effect': { status: 409, title: 'The action belongs to a version not in effect' },
  'plan.action_same_status': { status: 409, title: 'The action already has this status' },
  'plan.action_owner_only': { status: 403, title: 'Only the owner or a coordinator moves the action' },
  'plan.partner_form_only': { status: 403, title: 'Partners print the professional form only' },

  // --- admissions -----------------------------------------------------------------------------------------------------
  'referral.not_handler': { status: 403, title: 'Only the service’s coordinators and directors handle this request' },
  'referral.changed_meanwhile': { status: 409, title: 'The request changed while it was being updated' },
  'referral.service_locked': { status: 409, title: 'The service can no longer change' },
  'referral.link_too_late': { status: 409, title: 'The person can no longer be linked' },
  'referral.person_not_linked': { status: 409, title: 'The person is not linked to the request' },
  'referral.file_closed': { status: 409, title: 'The pre-admission file is closed' },
  'referral.committee_decides': { status: 409, title: 'The admission committee decides' },
  'referral.service_full': { status: 409, title: 'The service is full' },
  'home_visit.closed': { status: 409, title: 'The home visit is already recorded or cancelled' },
  'waiting_list.not_waiting': { status: 409, title: 'The person is no longer on the waiting list' },
  'committee.session_held': { status: 409, title: 'The committee session was held' },
  'committee.case_closed': { status: 409, title: 'The case is no longer on the agenda' },

  // --- coordination: journal ---------------------------------------------------------------------------------------------
  'journal.not_author': { status: 403, title: 'Only the author of the entry or a coordinator may do this' },
  'journal.already_in_error': { status: 409, title: 'This entry is already marked as entered in error' },
  'journal.in_error': { status: 409, title: 'An entry entered in error cannot be corrected' },
  'journal.read_only': { status: 403, title: 'Emergency access is read-only' },
  'journal.not_recipient': { status: 403, title: 'This entry does not ask you to acknowledge it' },
  'journal.recipient_cannot_read': { status: 422, title: 'A recipient may not read this entry' },
  'journal.no_recipient': { status: 422, title: 'Nobody of this team may read this entry' },
  'journal.link_not_found': { status: 422, title: 'The linked goal, action, assessment or referral is not of this person' },
  'journal.attachment_not_found': { status: 422, title: 'The attached document is not one of this person’s documents you may read' },
  'journal.category_not_allowed': { status: 403, title: 'You may not write in this information category for this person' },
  'journal.period_invalid': { status: 400, title: 'The period ends before it starts' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof errorCatalogue;

/** Every code, in catalogue order (the problem schema's enum). */
export const errorCodes = Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]];

export function errorEntry(code: ErrorCode): ErrorEntry {
  return errorCatalogue[code];
}
