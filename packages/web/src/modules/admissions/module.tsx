import { IconDoorEnter, IconSend, IconSettingsCog } from '@tabler/icons-react';
import { createRoute } from '@tanstack/react-router';
import { defineModule, type NavEntry } from '../../app/navigation';
import { appRoute, lazyPage } from '../../app/shell';

const access = {
  admissions: ['referral.read'],
  newReferral: ['referral.create'],
  sentReferrals: ['referral.submit'],
  admissionSettings: ['service.update'],
} as const;

const ReferralPage = lazyPage(() => import('./ReferralPage'), 'ReferralPage');
const CommitteePage = lazyPage(() => import('./CommitteePage'), 'CommitteePage');
const WaitingListPage = lazyPage(() => import('./WaitingListPage'), 'WaitingListPage');

// Admissions: opaque ids only in URLs (SEC-DP-02).
const admissionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions',
  staticData: { anyOf: access.admissions },
  component: lazyPage(() => import('./ReferralsInboxPage'), 'ReferralsInboxPage'),
});
const newReferralRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/new',
  staticData: { anyOf: access.newReferral },
  component: lazyPage(() => import('./NewReferralPage'), 'NewReferralPage'),
});
const referralRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/referrals/$referralId',
  staticData: { anyOf: access.admissions },
  component: function ReferralRoute() {
    const { referralId } = referralRoute.useParams();
    return <ReferralPage key={referralId} referralId={referralId} />;
  },
});
const committeesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/committees',
  staticData: { anyOf: access.admissions },
  component: lazyPage(() => import('./CommitteesPage'), 'CommitteesPage'),
});
const committeeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/committees/$committeeId',
  staticData: { anyOf: access.admissions },
  component: function CommitteeRoute() {
    const { committeeId } = committeeRoute.useParams();
    return <CommitteePage key={committeeId} committeeId={committeeId} />;
  },
});
const waitingListRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/waiting-list',
  staticData: { anyOf: access.admissions },
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
  staticData: { anyOf: access.admissions },
  component: lazyPage(() => import('./OccupancyPage'), 'OccupancyPage'),
});
const sentReferralsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admissions/sent',
  staticData: { anyOf: access.sentReferrals },
  component: lazyPage(() => import('./SentReferralsPage'), 'SentReferralsPage'),
});
const admissionSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/admissions',
  staticData: { anyOf: access.admissionSettings },
  component: lazyPage(() => import('./AdmissionSettingsPage'), 'AdmissionSettingsPage'),
});

const navigation: readonly NavEntry[] = [
  { id: 'admissions', path: '/admissions', labelKey: 'admissions.nav.module', icon: IconDoorEnter, anyOf: access.admissions, order: 20 },
  {
    id: 'sent-referrals',
    path: '/admissions/sent',
    labelKey: 'admissions.nav.sent',
    icon: IconSend,
    anyOf: access.sentReferrals,
    order: 30,
  },
  {
    id: 'admission-settings',
    path: '/admin/admissions',
    labelKey: 'admissions.nav.settings',
    icon: IconSettingsCog,
    anyOf: access.admissionSettings,
    order: 90,
  },
];

export const admissionsModule = defineModule({
  id: 'admissions',
  routes: [
    admissionsRoute,
    newReferralRoute,
    referralRoute,
    committeesRoute,
    committeeRoute,
    waitingListRoute,
    occupancyRoute,
    sentReferralsRoute,
    admissionSettingsRoute,
  ],
  navigation,
  i18nNamespaces: ['admissions'],
});
