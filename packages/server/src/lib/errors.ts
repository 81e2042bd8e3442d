import { errorEntry, type ErrorCode, type FieldError } from '@maillon/shared/api';
import type { AuditAction, AuditResourceType } from '@maillon/shared/audit';
import type { InfoCategory } from '@maillon/shared/people';

/**
 * The one error type of the server (STYLE.md 4): a code of the shared error catalogue (its status and
 * title come from there; the web words it in the user's language), an English `detail` for developers
 * (never shown on screen), optional field errors, and optional extra members for the problem body
 * (e.g. `current` on 412). A new refusal needs its code in `@maillon/shared/api` `errorCatalogue` first.
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
    const t = errorEntry(code);
    this.status = t.status;
    this.title = t.title;
  }
}

export function problemTitle(code: ErrorCode) {
  return errorEntry(code);
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
