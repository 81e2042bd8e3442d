import { journalKinds, type JournalKind } from '@maillon/shared/coordination';
import { infoCategories, type InfoCategory } from '@maillon/shared/people';
import type { TFunction } from 'i18next';
import { isApiError } from '../../ui/api';
import { describeError } from '../../ui/errors';
import { notify } from '../../ui/notify';
import { isProfession, isRole, professionLabel, roleLabel } from '../identity/public';

/** French (or English) words of the journal's vocabulary; the codes themselves are never shown. */

export const kindLabel = (t: TFunction, kind: JournalKind) => t(`journal.kinds.${kind}`);
export const kindOptions = (t: TFunction) => journalKinds.map((value) => ({ value, label: kindLabel(t, value) }));

export const categoryLabel = (t: TFunction, category: InfoCategory) => t(`journal.categories.${category}`);
export const categoryOptions = (t: TFunction, only?: readonly InfoCategory[]) =>
  infoCategories.filter((c) => !only || only.includes(c)).map((value) => ({ value, label: categoryLabel(t, value) }));

export const categoryColor: Record<InfoCategory, string> = {
  administrative: 'gray',
  social: 'grape',
  health: 'blue',
  restricted: 'red',
};

/** "Infirmier", else the role ("Aide-soignant"), else nothing: what the reader needs to weigh a transmission. */
export function authorTitle(t: TFunction, author: { profession: string | null; role: string | null }): string | null {
  if (isProfession(author.profession)) return professionLabel(t, author.profession);
  if (isRole(author.role)) return roleLabel(t, author.role);
  return null;
}

/** A refusal in the UI language (the code's sentence of the shared catalogue, never the server's `detail`), worded for the journal when stale or asking for step-up. */
export function journalErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 412) return t('journal.errors.stale');
    if (error.code === 'step_up_required') return t('journal.errors.stepUp');
  }
  return describeError(error, t).message;
}

/** A toast for a refused or failed journal action, worded by `journalErrorMessage`. */
export function notifyJournalError(t: TFunction, error: unknown): void {
  const { correlationId } = describeError(error, t);
  const message = journalErrorMessage(t, error);
  notify({
    color: 'red',
    title: t('state.errorTitle'),
    message: correlationId ? `${message} ${t('state.correlationId')} ${correlationId}` : message,
    autoClose: false,
  });
}
