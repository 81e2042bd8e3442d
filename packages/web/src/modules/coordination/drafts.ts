import type { JournalCreateInput } from '@maillon/shared/coordination';
import { deleteSecure, listSecure, putSecure } from '../../ui/secureStore';

/**
 * Journal entries typed while the network was down (issue 20 item 8). They are kept on this device, encrypted in the
 * secure store (SEC-DP-04: a transmission is health information; never in clear in localStorage), with the
 * `Idempotency-Key` of their first attempt: sent again when the network is back, they are written once. Deleted as
 * soon as the server has them, and at sign-out with the key.
 */

const NAMESPACE = 'journal-draft';

export interface PendingEntry {
  /** The record's id in the store (random; never a name). */
  localId: string;
  /** Whose entry: another user signed in on this device is never offered it, nor sends it. */
  userId: string;
  personId: string;
  body: JournalCreateInput;
  idempotencyKey: string;
  savedAt: string;
}

export const savePending = (entry: PendingEntry) => putSecure(NAMESPACE, entry.localId, entry);
export const removePending = (localId: string) => deleteSecure(NAMESPACE, localId);

/** This user's entries waiting on this device, oldest first (sent in the order they were written). */
export async function pendingEntries(userId: string, personId?: string): Promise<PendingEntry[]> {
  const all = await listSecure<PendingEntry>(NAMESPACE);
  return all
    .map((e) => e.value)
    .filter((e) => e.userId === userId && (!personId || e.personId === personId))
    .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}
