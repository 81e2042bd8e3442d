import { useQuery, type QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Outlet, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { metaQueryOptions } from '../modules/home/api';
import { HomePage } from '../modules/home/HomePage';
import { ErrorState } from '../ui/ErrorState';
import { NotFoundPage } from '../ui/NotFoundPage';
import { PageHeader } from '../ui/PageHeader';
import { Layout } from './Layout';
import { queryClient } from './queryClient';

export interface RouterContext {
  queryClient: QueryClient;
}

function RootLayout() {
  // Until the identity module provides the user and organisation, the header shows what /api/v1/meta says.
  const meta = useQuery(metaQueryOptions());
  return (
    <Layout mode={meta.data?.mode}>
      <Outlet />
    </Layout>
  );
}

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

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFoundPage,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

// Each module adds its routes here and an entry in `modules.ts` for the navigation.
const routeTree = rootRoute.addChildren([homeRoute]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultErrorComponent: RouteError,
  defaultNotFoundComponent: NotFoundPage,
  defaultPreload: 'intent',
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
