import { IconFileText, IconLockOpen, IconShieldCheck } from '@tabler/icons-react';
import { createRoute } from '@tanstack/react-router';
import { defineModule, type NavEntry } from '../../app/navigation';
import { appRoute, lazyPage } from '../../app/shell';

const access = {
  emergencyAccess: ['breakglass.use'],
  breakGlassReview: ['breakglass.review'],
  accessReports: ['accessreport.read'],
} as const;

const DpoAccessReportPage = lazyPage(() => import('./DpoAccessReportPage'), 'DpoAccessReportPage');

const emergencyAccessRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/access/emergency',
  staticData: { anyOf: access.emergencyAccess },
  component: lazyPage(() => import('./EmergencyAccessPage'), 'EmergencyAccessPage'),
});
const breakGlassReviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/access/break-glass',
  staticData: { anyOf: access.breakGlassReview },
  component: lazyPage(() => import('./BreakGlassReviewPage'), 'BreakGlassReviewPage'),
});
const rightOfAccessRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/access/reports',
  staticData: { anyOf: access.accessReports },
  component: lazyPage(() => import('./RightOfAccessPage'), 'RightOfAccessPage'),
});
const dpoAccessReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/access/reports/$personId',
  staticData: { anyOf: access.accessReports },
  component: function DpoAccessReportRoute() {
    const { personId } = dpoAccessReportRoute.useParams();
    return <DpoAccessReportPage key={personId} personId={personId} />;
  },
});

const navigation: readonly NavEntry[] = [
  {
    id: 'emergency-access',
    path: '/access/emergency',
    labelKey: 'nav.emergencyAccess',
    icon: IconLockOpen,
    anyOf: access.emergencyAccess,
    order: 50,
  },
  {
    id: 'break-glass-review',
    path: '/access/break-glass',
    labelKey: 'nav.breakGlassReview',
    icon: IconShieldCheck,
    anyOf: access.breakGlassReview,
    order: 60,
  },
  {
    id: 'right-of-access',
    path: '/access/reports',
    labelKey: 'nav.rightOfAccess',
    icon: IconFileText,
    anyOf: access.accessReports,
    order: 70,
  },
];

export const accessModule = defineModule({
  id: 'access',
  routes: [emergencyAccessRoute, breakGlassReviewRoute, rightOfAccessRoute, dpoAccessReportRoute],
  navigation,
  i18nNamespaces: ['access', 'notifications'],
});
