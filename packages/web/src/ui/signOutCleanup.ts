import { purgeSecureStore } from './secureStore';

/**
 * What the browser must forget when the user signs out (SEC-DP-04), beyond session and local storage: the encrypted
 * store (offline drafts and their key) always, and whatever a module registers. Called by the identity module's
 * sign-out; safe to call when nothing was stored.
 */
const cleanups = new Set<() => Promise<void> | void>();

/** Registers a cleanup to run at sign-out; returns a function that unregisters it. */
export function onSignOut(cleanup: () => Promise<void> | void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every cleanup; never throws (signing out must always complete). */
export async function runSignOutCleanups(): Promise<void> {
  await Promise.allSettled([purgeSecureStore(), ...[...cleanups].map(async (cleanup) => cleanup())]);
}
