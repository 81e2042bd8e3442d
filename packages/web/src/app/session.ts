import type { QueryClient } from '@tanstack/react-query';
import { meQueryOptions } from '../modules/identity/public';
import { isApiError } from '../ui/api';

/**
 * When any request answers 401 (idle timeout, session ended elsewhere, account deactivated), `/me` is read again;
 * if the session is gone, the router re-runs its guard, which sends the user to the sign-in page and back after.
 * Sign-in steps mark their mutations `meta: { authFlow: true }`: their 401 means "wrong password", not "signed out".
 */
export function watchSession(queryClient: QueryClient, router: { invalidate: () => Promise<unknown> }): void {
  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      const me = await queryClient.fetchQuery({ ...meQueryOptions(), staleTime: 0 });
      if (!me) await router.invalidate();
    } catch {
      // The server is unreachable: the page shows its own error.
    } finally {
      checking = false;
    }
  };
  const meKey = JSON.stringify(meQueryOptions().queryKey);
  const isUnauthenticated = (error: unknown) => isApiError(error) && error.status === 401;

  queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'error') return;
    if (JSON.stringify(event.query.queryKey) !== meKey && isUnauthenticated(event.action.error)) void check();
  });
  queryClient.getMutationCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'error') return;
    if (!event.mutation.meta?.authFlow && isUnauthenticated(event.action.error)) void check();
  });
}
