import type { ErrorCode, FieldError } from '@maillon/shared/api';
import type { AuditAction, AuditResourceType } from '@maillon/shared/audit';
import { journalErrors } from '@maillon/shared/coordination';
import type { InfoCategory } from '@maillon/shared/people';

const titles: Record<ErrorCode, { status: number; title: string }> = {
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
  conflict: { status: 409, title: 'Conflict' },
  invalid_transition: { status: 409, title: 'This change of status is not allowed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  service_unavailable: { status: 503, title: 'Service temporarily unavailable' },
  internal: { status: 500, title: 'Internal error' },
  ...journalErrors,
};

/**
 * The one error type of the server (STYLE.md 4): a stable code, a safe message for users,
 * optional field errors, and optional extra members for the problem body (e.g. `current` on 412).
 */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; current?: unknown; headers?: Record<string, string> } = {},
    internalMessage?: string,
  ) {
    super(internalMessage ?? detail ?? code);
    const t = titles[code];
    this.status = t.status;
    this.title = t.title;
  }
}

export function problemTitle(code: ErrorCode) {
  return titles[code];
}

export const notFound = (what = 'resource') => new AppError('not_found', `This ${what} does not exist or is not visible to you.`);
export const invalid = (errors: FieldError[], detail = 'Some fields are not valid.') =>
  new AppError('validation_failed', detail, { errors });

/** What a refused attempt leaves in the audit log (SEC-LOG-02): references only, as an audit row's fields. */
export interface RefusalTrace {
  action: AuditAction;
  resourceType: AuditResourceType;
  resourceId?: string | null;
  personId?: string | null;
  infoCategory?: InfoCategory | null;
  details?: Record<string, string | number | boolean | null | string[]>;
}

/**
 * A refusal the audit log keeps (SEC-LOG-02). Throwing rolls the unit of work back, audit row
 * included, so `withCtx` writes `trace` as a `denied` row in a transaction of its own, after the
 * rollback. The caller sees the same problem body as for a plain `AppError` of this code.
 */
export class Refusal extends AppError {
  constructor(
    code: 'not_found' | 'forbidden' | 'journal.not_author' | 'journal.read_only' | 'journal.not_recipient' | 'journal.category_not_allowed',
    detail: string,
    readonly trace: RefusalTrace,
  ) {
    super(code, detail);
  }
}

/**
 * The 412 of an optimistic change that lost (REL-05), carrying the current committed state so a
 * retry with its version succeeds. `readCurrent` must run AFTER the failed conditional UPDATE, as
 * a statement of its own: that UPDATE waited for the winner's row lock, so under READ COMMITTED a
 * new statement sees the winner's committed change. A state read before the UPDATE is the one the
 * loser already had (same version), and a retry with it would fail again. Sent with its ETag.
 */
export async function staleVersion(detail: string, readCurrent: () => Promise<unknown>): Promise<AppError> {
  return new AppError('precondition_failed', detail, { current: await readCurrent() });
}
