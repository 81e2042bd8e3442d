import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Outlet, useMatches, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { NotificationBell } from '../modules/access/NotificationBell';
import { metaQueryOptions } from '../modules/home/api';
import { meQueryOptions, reauthenticate, switchOrganisation, useMe, useSignOut } from '../modules/identity/public';
import { AccessDeniedPage } from '../ui/AccessDeniedPage';
import { LoadingState } from '../ui/LoadingState';
import { notify, notifyError } from '../ui/notify';
import { StepUpProvider } from '../ui/StepUp';
import { Layout } from './Layout';
import { allows } from './navigation';

/**
 * The frame of every signed-in page. The router's guard has loaded `/me` before this renders; a route whose
 * `staticData.anyOf` the user's permissions do not meet shows "Accès refusé" (the server refuses anyway).
 */
export function AppLayout() {
  const me = useMe().data;
  const meta = useQuery(metaQueryOptions());
  const matches = useMatches();
  const signOut = useSignOut();
  const changeOrganisation = useChangeOrganisation();
  const { navigation } = useRouter().options.context;

  // Only between a sign-out and the sign-in page (or while the guard redirects after a 401).
  if (!me) return <LoadingState />;

  const allowed = matches.every((match) => allows(me.permissions, match.staticData.anyOf));
  return (
    <StepUpProvider withCode={me.user.mfaEnabled} reauthenticate={reauthenticate}>
      <Layout
        user={{ displayName: me.user.displayName }}
        organisation={me.organisation ?? undefined}
        organisations={me.organisations}
        onSwitchOrganisation={(id) => void changeOrganisation(id)}
        mode={meta.data?.mode}
        onSignOut={() => void signOut()}
        permissions={me.permissions}
        navigation={navigation}
        hideNavigation={me.session.mfaEnrolmentRequired}
        headerActions={me.session.mfaEnrolmentRequired ? null : <NotificationBell />}
      >
        {allowed ? <Outlet /> : <AccessDeniedPage />}
      </Layout>
    </StepUpProvider>
  );
}

/** Switches organisation: nothing read in the previous one is kept, the user lands on its home page. */
function useChangeOrganisation() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const router = useRouter();
  return async (organisationId: string) => {
    try {
      await switchOrganisation(organisationId);
    } catch (error) {
      notifyError(error);
      return;
    }
    queryClient.clear();
    const me = await queryClient.fetchQuery(meQueryOptions());
    await router.navigate({ to: '/' });
    notify({ message: t('organisationSwitcher.switched', { name: me?.organisation?.name ?? '' }) });
  };
}
