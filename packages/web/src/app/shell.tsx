import type { Permission } from '@maillon/shared/identity';
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { loadModuleStrings } from '../i18n';
import { isSignedIn, meQueryOptions, safeRedirect } from '../modules/identity/public';
import { NotFoundPage } from '../ui/NotFoundPage';
import type { NavEntry } from './navigation';
import { PublicLayout } from './PublicLayout';

/**
 * The three routes every module hangs its own routes on: the root, `publicRoute` (signed out: sign-in, invitation…)
 * and `appRoute` (signed in, behind the auth guard, in the app layout). A module's `module.tsx` creates its routes with
 * `getParentRoute: () => appRoute`; `router.tsx` assembles them. Nothing here knows any module's pages.
 */
export interface RouterContext {
  queryClient: QueryClient;
  /** Every module's navigation entries, in menu order (assembled in `modules.ts`). */
  navigation: readonly NavEntry[];
}

/** `?redirect=/where/the/user/was`, kept through the sign-in steps. */
export const redirectSearch = (search: Record<string, unknown>): { redirect?: string } =>
  typeof search.redirect === 'string' ? { redirect: search.redirect } : {};

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

export const publicRoute = createRoute({ getParentRoute: () => rootRoute, id: 'public', component: PublicLayout });

/** The auth guard: signed out → sign-in (then back here); code pending → code; mandatory MFA not set up → set-up. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  // The signed-in frame (navigation, notifications, user menu) is not part of the sign-in page's JavaScript.
  component: lazyRouteComponent(() => import('./AppLayout'), 'AppLayout'),
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions());
    const back = { redirect: location.href };
    if (!me) redirect({ to: '/login', search: back, throw: true });
    else if (me.session.mfaPending) redirect({ to: '/login/mfa', search: back, throw: true });
    else if (me.session.mfaEnrolmentRequired && location.pathname !== '/mfa/setup')
      redirect({ to: '/mfa/setup', search: back, throw: true });
  },
});

/**
 * A module's page, loaded on first use in its own chunk together with the modules' strings (see i18n/namespaces.ts).
 * Pages needing only the bundled strings (sign-in, home) use `lazyRouteComponent` directly.
 */
export function lazyPage<TModule extends Record<string, unknown>, TKey extends keyof TModule & string>(
  importer: () => Promise<TModule>,
  exportName: TKey,
) {
  return lazyRouteComponent(() => Promise.all([importer(), loadModuleStrings()]).then(([module]) => module), exportName);
}

/** Signed in already: the sign-in pages send the user where they were going. */
export { isSignedIn, meQueryOptions, safeRedirect };

/** A search parameter holding a positive integer (a version number), or nothing. */
export const positiveInt = (v: unknown): number | undefined =>
  typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) || undefined : undefined;

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** The route needs one of these permissions; otherwise the app layout shows "Accès refusé". */
    anyOf?: readonly Permission[];
  }
}
