import { journalErrors, type JournalErrorCode } from '@maillon/shared/coordination';
import { AppError, Refusal, type RefusalTrace } from '../../lib/errors.ts';

// The journal's refusals, declared once (codes and statuses in `journalErrors`, shared): the lead
// moves them into the error catalogue as they are.

/** A refusal of the journal that is not an access refusal (409, 422, 400). */
export function journalError(code: JournalErrorCode, detail?: string): AppError {
  return new AppError(code, detail ?? journalErrors[code].title);
}

/** A refused attempt the audit log keeps (SEC-LOG-02): 403 codes of the journal. */
export function journalRefusal(
  code: 'journal.not_author' | 'journal.read_only' | 'journal.not_recipient' | 'journal.category_not_allowed',
  trace: RefusalTrace,
  detail?: string,
): Refusal {
  return new Refusal(code, detail ?? journalErrors[code].title, trace);
}
