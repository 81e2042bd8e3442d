import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { currentLanguage, LANGUAGE_STORAGE_KEY } from '../../i18n';
import { isApiError } from '../../ui/api';
import { describeError } from '../../ui/errors';
import { runSignOutCleanups } from '../../ui/signOutCleanup';
import { logout, meQueryOptions, type LoginStatus } from './api';

/** A path of this app to go back to after signing in; anything else (another origin, `//host`) becomes `/`. */
export function safeRedirect(target: unknown): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  if (target.startsWith('/login')) return '/';
  return target;
}

/**
 * Forgets everything this browser holds of the session (SEC-DP-04): session storage, and local storage except the
 * language choice. The server's `Clear-Site-Data: "storage"` also wipes the language, so it is written back.
 */
export function clearBrowserState(): void {
  try {
    globalThis.sessionStorage?.clear();
    const storage = globalThis.localStorage;
    if (!storage) return;
    for (const key of Object.keys(storage)) if (key !== LANGUAGE_STORAGE_KEY) storage.removeItem(key);
    storage.setItem(LANGUAGE_STORAGE_KEY, currentLanguage());
  } catch {
    // Storage unavailable: nothing was stored either.
  }
}

/** Sign out: the server ends the session, then the query cache and browser storage are emptied. */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(async () => {
    try {
      await logout();
    } catch {
      // Even if the server cannot be reached, this browser forgets the session.
    }
    clearBrowserState();
    // Encrypted offline drafts and their key (SEC-DP-04), and what other modules registered.
    await runSignOutCleanups();
    queryClient.setQueryData(meQueryOptions().queryKey, null);
    await router.navigate({ to: '/login' });
    queryClient.clear();
  }, [queryClient, router]);
}

/** After a successful password or code: a fresh cache for the new session, then the next step or the page asked for. */
export function useAfterAuthentication(): (status: LoginStatus, redirect: string | undefined) => Promise<void> {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(
    async (status, redirect) => {
      queryClient.clear();
      await queryClient.fetchQuery(meQueryOptions());
      const target = safeRedirect(redirect);
      if (status === 'mfa_required') await router.navigate({ to: '/login/mfa', search: { redirect: target } });
      else if (status === 'mfa_enrolment_required') await router.navigate({ to: '/mfa/setup', search: { redirect: target } });
      else await router.navigate({ href: target });
    },
    [queryClient, router],
  );
}

/** The message of a failed sign-in step, in the UI language; never says whether the account exists (SEC-AUTHN-09). */
export function authFailureMessage(error: unknown, t: TFunction, invalid: string): string {
  if (isApiError(error) && error.status === 429) return t('auth.rateLimited', { seconds: error.retryAfter ?? 60 });
  if (isApiError(error) && error.status === 401 && error.code === 'unauthenticated') return invalid;
  return describeError(error, t).message;
}

/** While a 429's `Retry-After` runs, the submit button stays disabled. */
export function useRetryAfter(): { blocked: boolean; block: (error: unknown) => void } {
  const [until, setUntil] = useState<number | null>(null);
  useEffect(() => {
    if (until === null) return;
    const timer = setTimeout(() => setUntil(null), Math.max(0, until - Date.now()));
    return () => clearTimeout(timer);
  }, [until]);
  const block = useCallback((error: unknown) => {
    if (isApiError(error) && error.status === 429) setUntil(Date.now() + (error.retryAfter ?? 60) * 1000);
  }, []);
  return { blocked: until !== null, block };
}

/**
 * The `token` of a link's fragment (`/reset-password#token=…`). The fragment never reaches a server or a log; it is
 * read once, then removed from the address bar and the history.
 */
export function useFragmentToken(): string | null {
  const [token] = useState(() => new URLSearchParams(globalThis.location?.hash.slice(1) ?? '').get('token'));
  useEffect(() => {
    const { hash, pathname, search } = window.location;
    if (hash) window.history.replaceState(window.history.state, '', pathname + search);
  }, []);
  return token;
}

export type { QueryClient };
