import { IconBuildingCommunity, IconUsers } from '@tabler/icons-react';
import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { defineModule, type NavEntry } from '../../app/navigation';
import { appRoute, publicRoute, redirectSearch } from '../../app/shell';
import { isSignedIn, meQueryOptions } from './api';
import { safeRedirect } from './session';

const access = {
  users: ['user.invite', 'user.update'],
  organisation: ['organisation.update'],
} as const;

// --- signed out ----------------------------------------------------------------------------------------------------

const loginRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login',
  validateSearch: redirectSearch,
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions());
    // `throw: true`: TanStack throws its redirect object itself (it is not an Error).
    if (isSignedIn(me)) redirect({ href: safeRedirect(search.redirect), throw: true });
  },
  component: lazyRouteComponent(() => import('./LoginPage'), 'LoginPage'),
});

const mfaChallengeRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login/mfa',
  validateSearch: redirectSearch,
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions());
    if (!me) redirect({ to: '/login', search, throw: true });
    else if (!me.session.mfaPending && me.session.mfaEnrolmentRequired) redirect({ to: '/mfa/setup', search, throw: true });
    else if (!me.session.mfaPending) redirect({ href: safeRedirect(search.redirect), throw: true });
  },
  component: lazyRouteComponent(() => import('./MfaChallengePage'), 'MfaChallengePage'),
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('./ForgotPasswordPage'), 'ForgotPasswordPage'),
});
// The token is in the fragment (`#token=…`): never sent to the server, read and removed by the page.
const resetPasswordRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/reset-password',
  component: lazyRouteComponent(() => import('./ResetPasswordPage'), 'ResetPasswordPage'),
});
const invitationRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/invitation',
  component: lazyRouteComponent(() => import('./InvitationPage'), 'InvitationPage'),
});

// --- signed in -----------------------------------------------------------------------------------------------------

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/profile',
  component: lazyRouteComponent(() => import('./ProfilePage'), 'ProfilePage'),
});
const mfaSetupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/mfa/setup',
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import('./MfaSetupPage'), 'MfaSetupPage'),
});
const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users',
  staticData: { anyOf: access.users },
  component: lazyRouteComponent(() => import('./UsersAdminPage'), 'UsersAdminPage'),
});
const organisationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/organisation',
  staticData: { anyOf: access.organisation },
  component: lazyRouteComponent(() => import('./OrganisationPage'), 'OrganisationPage'),
});

const navigation: readonly NavEntry[] = [
  { id: 'users', path: '/admin/users', labelKey: 'nav.users', icon: IconUsers, anyOf: access.users, order: 80 },
  {
    id: 'organisation',
    path: '/admin/organisation',
    labelKey: 'nav.organisation',
    icon: IconBuildingCommunity,
    anyOf: access.organisation,
    order: 81,
  },
];

export const identityModule = defineModule({
  id: 'identity',
  publicRoutes: [loginRoute, mfaChallengeRoute, forgotPasswordRoute, resetPasswordRoute, invitationRoute],
  routes: [profileRoute, mfaSetupRoute, usersRoute, organisationRoute],
  navigation,
  i18nNamespaces: [
    'auth',
    'login',
    'mfa',
    'forgot',
    'reset',
    'invitation',
    'profile',
    'users',
    'organisation',
    'roles',
    'professions',
    'serviceKinds',
  ],
});
