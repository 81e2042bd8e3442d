import type { Permission } from '@maillon/shared/identity';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
  useRouter,
  type ErrorComponentProps,
} from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { BreakGlassReviewPage } from '../modules/access/BreakGlassReviewPage';
import {
  AdmissionSettingsPage,
  CommitteePage,
  CommitteesPage,
  NewReferralPage,
  OccupancyPage,
  ReferralPage,
  ReferralsInboxPage,
  SentReferralsPage,
  WaitingListPage,
} from '../modules/admissions/public';
import { DpoAccessReportPage } from '../modules/access/DpoAccessReportPage';
import { RightOfAccessPage } from '../modules/access/RightOfAccessPage';
import { AssessmentPage, ComparePage, InstrumentsAdminPage, NewAssessmentPage, PersonAssessmentsPage } from '../modules/assessments/public';
import { EmergencyAccessPage } from '../modules/access/EmergencyAccessPage';
import { AuditPage } from '../modules/audit/AuditPage';
import { HomePage } from '../modules/home/HomePage';
import { ForgotPasswordPage } from '../modules/identity/ForgotPasswordPage';
import { InvitationPage } from '../modules/identity/InvitationPage';
import { LoginPage } from '../modules/identity/LoginPage';
import { MfaChallengePage } from '../modules/identity/MfaChallengePage';
import { MfaSetupPage } from '../modules/identity/MfaSetupPage';
import { OrganisationPage } from '../modules/identity/OrganisationPage';
import { ProfilePage } from '../modules/identity/ProfilePage';
import { ResetPasswordPage } from '../modules/identity/ResetPasswordPage';
import { isSignedIn, meQueryOptions, safeRedirect } from '../modules/identity/public';
import { UsersAdminPage } from '../modules/identity/UsersAdminPage';
import { HandoverPage, ServiceJournalPage } from '../modules/coordination/public';
import { NewPersonPage } from '../modules/people/NewPersonPage';
import { PeopleListPage } from '../modules/people/PeopleListPage';
import {
  ComparePage as PlanComparePage,
  NewPlanPage,
  PlanEditorPage,
  PlanPage,
  PlansListPage,
  ReviewPage as PlanReviewPage,
} from '../modules/plans/public';
import { isPersonTab, PersonPage, type PersonTab } from '../modules/people/PersonPage';
import { ErrorState } from '../ui/ErrorState';
import { NotFoundPage } from '../ui/NotFoundPage';
import { PageHeader } from '../ui/PageHeader';
import { AppLayout } from './AppLayout';
import { MODULE_ACCESS } from './modules';
import { PublicLayout } from './PublicLayout';
import { queryClient } from './queryClient';
import { watchSession } from './session';

export interface RouterContext {
  queryClient: QueryClient;
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

/** `?redirect=/where/the/user/was`, kept through the sign-in steps. */
const redirectSearch = (search: Record<string, unknown>): { redirect?: string } =>
  typeof search.redirect === 'string' ? { redirect: search.redirect } : {};

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

// --- signed out ------------------------------------------------------------------------------------------------------

const publicRoute = createRoute({ getParentRoute: () => rootRoute, id: 'public', component: PublicLayout });

const loginRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login',
  validateSearch: redirectSearch,
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions());
    // `throw: true`: TanStack throws its redirect object itself (it is not an Error).
    if (isSignedIn(me)) redirect({ href: safeRedirect(search.redirect), throw: true });
  },
  component: LoginPage,
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
  component: MfaChallengePage,
});

const forgotPasswordRoute = createRoute({ getParentRoute: () => publicRoute, path: '/forgot-password', component: ForgotPasswordPage });
// The token is in the fragment (`#token=…`): never sent to the server, read and removed by the page.
const resetPasswordRoute = createRoute({ getParentRoute: () => publicRoute, path: '/reset-password', component: ResetPasswordPage });
const invitationRoute = createRoute({ getParentRoute: () => publicRoute, path: '/invitation', component: InvitationPage });

// --- signed in -------------------------------------------------------------------------------------------------------

/** The auth guard: signed out → sign-in (then back here); code pending → code; mandatory MFA not set up → set-up. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: AppLayout,
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions());
    const back = { redirect: location.href };
    if (!me) redirect({ to: '/login', search: back, throw: true });
    else if (me.session.mfaPending) redirect({ to: '/login/mfa', search: back, throw: true });
    else if (me.session.mfaEnrolmentRequired && location.pathname !== '/mfa/setup')
      redirect({ to: '/mfa/setup', search: back, throw: true });
  },
});

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });
const profileRoute = createRoute({ getParentRoute: () => appRoute, path: '/profile', component: ProfilePage });
const mfaSetupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/mfa/setup',
  validateSearch: redirectSearch,
  component: MfaSetupPage,
});
const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users',
  staticData: { anyOf: MODULE_ACCESS.users },
  component: UsersAdminPage,
});
const organisationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/organisation',
  staticData: { anyOf: MODULE_ACCESS.organisation },
  component: OrganisationPage,
});
const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit',
  staticData: { anyOf: MODULE_ACCESS.audit },
  component: AuditPage,
});
const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  staticData: { anyOf: MODULE_ACCESS.people },
  component: PeopleListPage,
});
const newPersonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/new',
  staticData: { anyOf: MODULE_ACCESS.newPerson },
  component: NewPersonPage,
});
// Only the record's id is in the URL, never a name (SEC-DP-02); the tab is a search parameter.
const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$personId',
  staticData: { anyOf: MODULE_ACCESS.people },
  validateSearch: (search: Record<string, unknown>): { tab?: PersonTab } => (isPersonTab(search.tab) ? { tab: search.tab } : {}),
  component: function PersonRoute() {
    const { personId } = personRoute.useParams();
    const { tab } = personRoute.useSearch();
    // A new page for each record: nothing typed in one record's forms is shown in another's.
    return <PersonPage key={personId} personId={personId} tab={tab ?? 'summary'} />;
  },
});
const emergencyAccessRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/access/emergency',
  staticData: { anyOf: MODULE_ACCESS.emergencyAccess },
  component: EmergencyAccessPage,
});
const breakGlassReviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/access/break-glass',
  staticData: { anyOf: MODULE_ACCESS.breakGlassReview },
  component: BreakGlassReviewPage,
});
const rightOfAccessRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/access/reports',
  staticData: { anyOf: MODULE_ACCESS.accessReports },
  component: RightOfAccessPage,
});
const dpoAccessReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/access/reports/$personId',
  staticData: { anyOf: MODULE_ACCESS.accessReports },
  component: function DpoAccessReportRoute() {
    const { personId } = dpoAccessReportRoute.useParams();
    return <DpoAccessReportPage key={personId} personId={personId} />;
  },
});
// Assessments: only opaque ids in URLs (SEC-DP-02), comparison ids included.
const personAssessmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$personId/assessments',
  staticData: { anyOf: MODULE_ACCESS.assessments },
  component: function PersonAssessmentsRoute() {
    const { personId } = personAssessmentsRoute.useParams();
    return <PersonAssessmentsPage key={personId} personId={personId} />;
  },
});
const newAssessmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$personId/assessments/new',
  staticData: { anyOf: MODULE_ACCESS.newAssessment },
  component: function NewAssessmentRoute() {
    const { personId } = newAssessmentRoute.useParams();
    return <NewAssessmentPage key={personId} personId={personId} />;
  },
});
const compareAssessmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/assessments/compare',
  staticData: { anyOf: MODULE_ACCESS.assessments },
  validateSearch: (search: Record<string, unknown>): { a?: string; b?: string } => ({
    ...(typeof search.a === 'string' ? { a: search.a } : {}),
    ...(typeof search.b === 'string' ? { b: search.b } : {}),
  }),
  component: function CompareAssessmentsRoute() {
    const { a, b } = compareAssessmentsRoute.useSearch();
    return <ComparePage key={`${a}-${b}`} a={a} b={b} />;
  },
});
const assessmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/assessments/$assessmentId',
  staticData: { anyOf: MODULE_ACCESS.assessments },
  component: function AssessmentRoute() {
    const { assessmentId } = assessmentRoute.useParams();
    return <AssessmentPage key={assessmentId} assessmentId={assessmentId} />;
  },
});
const instrumentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/instruments',
  staticData: { anyOf: MODULE_ACCESS.instruments },
  component: InstrumentsAdminPage,
});
// Admissions: opaque ids only in URLs (SEC-DP-02).
const admissionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions',
  staticData: { anyOf: MODULE_ACCESS.admissions },
  component: ReferralsInboxPage,
});
const newReferralRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/new',
  staticData: { anyOf: MODULE_ACCESS.newReferral },
  component: NewReferralPage,
});
const referralRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/referrals/$referralId',
  staticData: { anyOf: MODULE_ACCESS.admissions },
  component: function ReferralRoute() {
    const { referralId } = referralRoute.useParams();
    return <ReferralPage key={referralId} referralId={referralId} />;
  },
});
const committeesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/committees',
  staticData: { anyOf: MODULE_ACCESS.admissions },
  component: CommitteesPage,
});
const committeeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/committees/$committeeId',
  staticData: { anyOf: MODULE_ACCESS.admissions },
  component: function CommitteeRoute() {
    const { committeeId } = committeeRoute.useParams();
    return <CommitteePage key={committeeId} committeeId={committeeId} />;
  },
});
const waitingListRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/waiting-list',
  staticData: { anyOf: MODULE_ACCESS.admissions },
  validateSearch: (search: Record<string, unknown>): { serviceId?: string } =>
    typeof search.serviceId === 'string' ? { serviceId: search.serviceId } : {},
  component: function WaitingListRoute() {
    const { serviceId } = waitingListRoute.useSearch();
    return <WaitingListPage serviceId={serviceId} />;
  },
});
const occupancyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/occupancy',
  staticData: { anyOf: MODULE_ACCESS.admissions },
  component: OccupancyPage,
});
const sentReferralsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/sent',
  staticData: { anyOf: MODULE_ACCESS.sentReferrals },
  component: SentReferralsPage,
});
const admissionSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/admissions',
  staticData: { anyOf: MODULE_ACCESS.admissionSettings },
  component: AdmissionSettingsPage,
});
// Personal plans: only opaque ids and version numbers in URLs (SEC-DP-02).
const num = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : undefined);
const plansRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans',
  staticData: { anyOf: MODULE_ACCESS.plans },
  component: PlansListPage,
});
const newPlanRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans/new',
  staticData: { anyOf: MODULE_ACCESS.newPlan },
  validateSearch: (search: Record<string, unknown>): { personId?: string } =>
    typeof search.personId === 'string' ? { personId: search.personId } : {},
  component: function NewPlanRoute() {
    const { personId } = newPlanRoute.useSearch();
    return <NewPlanPage key={personId ?? 'new'} personId={personId} />;
  },
});
const planRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans/$planId',
  staticData: { anyOf: MODULE_ACCESS.plans },
  validateSearch: (search: Record<string, unknown>): { version?: number } => {
    const version = num(search.version);
    return version ? { version } : {};
  },
  component: function PlanRoute() {
    const { planId } = planRoute.useParams();
    const { version } = planRoute.useSearch();
    return <PlanPage key={`${planId}-${version ?? 'latest'}`} planId={planId} version={version} />;
  },
});
const planEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans/$planId/edit',
  staticData: { anyOf: MODULE_ACCESS.newPlan },
  component: function PlanEditRoute() {
    const { planId } = planEditRoute.useParams();
    return <PlanEditorPage key={planId} planId={planId} />;
  },
});
const planCompareRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans/$planId/compare',
  staticData: { anyOf: MODULE_ACCESS.plans },
  validateSearch: (search: Record<string, unknown>): { a?: number; b?: number } => {
    const a = num(search.a);
    const b = num(search.b);
    return { ...(a ? { a } : {}), ...(b ? { b } : {}) };
  },
  component: function PlanCompareRoute() {
    const { planId } = planCompareRoute.useParams();
    const { a, b } = planCompareRoute.useSearch();
    return <PlanComparePage key={`${planId}-${a}-${b}`} planId={planId} a={a} b={b} />;
  },
});
const planReviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans/$planId/review',
  staticData: { anyOf: MODULE_ACCESS.newPlan },
  component: function PlanReviewRoute() {
    const { planId } = planReviewRoute.useParams();
    return <PlanReviewPage key={planId} planId={planId} />;
  },
});
// Coordination journal (issue 20): the handover and the service journal; a person's journal is a tab of the record.
const handoverRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/journal/handover',
  staticData: { anyOf: MODULE_ACCESS.handover },
  component: HandoverPage,
});
const serviceJournalRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/journal/service',
  staticData: { anyOf: MODULE_ACCESS.serviceJournal },
  component: ServiceJournalPage,
});
// Unknown paths inside the app: after the guard, with the navigation kept.
const appNotFoundRoute = createRoute({ getParentRoute: () => appRoute, path: '$', component: NotFoundPage });

// Each module adds its routes here and an entry in `modules.ts` for the navigation.
const routeTree = rootRoute.addChildren([
  publicRoute.addChildren([loginRoute, mfaChallengeRoute, forgotPasswordRoute, resetPasswordRoute, invitationRoute]),
  appRoute.addChildren([
    homeRoute,
    profileRoute,
    mfaSetupRoute,
    usersRoute,
    organisationRoute,
    auditRoute,
    peopleRoute,
    newPersonRoute,
    personRoute,
    emergencyAccessRoute,
    breakGlassReviewRoute,
    rightOfAccessRoute,
    dpoAccessReportRoute,
    personAssessmentsRoute,
    newAssessmentRoute,
    compareAssessmentsRoute,
    assessmentRoute,
    instrumentsRoute,
    admissionsRoute,
    newReferralRoute,
    referralRoute,
    committeesRoute,
    committeeRoute,
    waitingListRoute,
    occupancyRoute,
    sentReferralsRoute,
    admissionSettingsRoute,
    plansRoute,
    newPlanRoute,
    planRoute,
    planEditRoute,
    planCompareRoute,
    planReviewRoute,
    handoverRoute,
    serviceJournalRoute,
    appNotFoundRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
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
  interface StaticDataRouteOption {
    /** The route needs one of these permissions; otherwise the app layout shows "Accès refusé". */
    anyOf?: readonly Permission[];
  }
}
