import type { AssessmentCreate } from '@maillon/shared/assessments';
import { deleteSecure, listSecure, putSecure } from '../../ui/secureStore';
import type { AssessmentForm } from './formState';

/**
 * Assessments being typed on this device (SEC-DP-04): kept encrypted in the secure store while the form is filled,
 * so that a reload, a closed tab or a lost connection during a home visit loses nothing; deleted once the server has
 * the assessment, and at sign-out with the key.
 */

const NAMESPACE = 'assessment-draft';

/** A submission waiting for the network. A creation keeps its exact body: resent with the same key, it is never created twice. */
export type PendingSend = { kind: 'create'; body: AssessmentCreate; resultOrder: string[] } | { kind: 'update' };

export interface LocalDraft {
  /** The record's id in the store (random; never a name). */
  localId: string;
  /** Whose entry: another user signed in on this device is never offered it. */
  userId: string;
  personId: string;
  /** null until the server has created the assessment. */
  assessmentId: string | null;
  /** The server version the entry is based on (`If-Match`), for a draft that exists on the server. */
  baseVersion: number | null;
  /** Generated once per new assessment, kept with the draft. */
  idempotencyKey: string;
  form: AssessmentForm;
  pending: PendingSend | null;
  savedAt: string;
}

export const saveLocalDraft = (draft: LocalDraft) => putSecure(NAMESPACE, draft.localId, draft);
export const removeLocalDraft = (localId: string) => deleteSecure(NAMESPACE, localId);

/** This user's entries kept on the device, latest first; `filter` narrows them (a person, an assessment). */
export async function findLocalDrafts(userId: string, filter: (draft: LocalDraft) => boolean = () => true): Promise<LocalDraft[]> {
  const all = await listSecure<LocalDraft>(NAMESPACE);
  return all
    .map((entry) => entry.value)
    .filter((draft) => draft.userId === userId && filter(draft))
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}
