import { createRoute, createRouter, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../ui/ErrorState';
import { NotFoundPage } from '../ui/NotFoundPage';
import { PageHeader } from '../ui/PageHeader';
import { navigation, webModules } from './modules';
import { queryClient } from './queryClient';
import { watchSession } from './session';
import { appRoute, publicRoute, rootRoute } from './shell';

/** Error boundary of every route: a render or loader error shows an ErrorState in place of the page, layout kept. */
function RouteError({ error }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  return (
    <>
      <PageHeader title={t('state.errorTitle')} />
      {/* Reloads the route's data and resets its error boundary. */}
      <ErrorState error={error} title={null} onRetry={() => void router.invalidate()} />
    </>
  );
}

// Unknown paths inside the app: after the guard, with the navigation kept.
const appNotFoundRoute = createRoute({ getParentRoute: () => appRoute, path: '$', component: NotFoundPage });

/** The route tree, assembled from the modules listed in `modules.ts`: no module's route is named here. */
type Modules = typeof webModules;
const routeTree = rootRoute.addChildren([
  publicRoute.addChildren(webModules.flatMap<Modules[number]['publicRoutes'][number]>((module) => module.publicRoutes)),
  appRoute.addChildren([...webModules.flatMap<Modules[number]['routes'][number]>((module) => module.routes), appNotFoundRoute]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient, navigation },
  defaultErrorComponent: RouteError,
  defaultNotFoundComponent: NotFoundPage,
  defaultPreload: 'intent',
  scrollRestoration: true,
});

watchSession(queryClient, router);

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
