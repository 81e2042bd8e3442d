import { IconClipboardHeart } from '@tabler/icons-react';
import { createRoute } from '@tanstack/react-router';
import { defineModule, type NavEntry } from '../../app/navigation';
import { appRoute, lazyPage, positiveInt } from '../../app/shell';

const access = { plans: ['plan.read'], newPlan: ['plan.write'] } as const;

const NewPlanPage = lazyPage(() => import('./NewPlanPage'), 'NewPlanPage');
const PlanPage = lazyPage(() => import('./PlanPage'), 'PlanPage');
const PlanEditorPage = lazyPage(() => import('./PlanEditorPage'), 'PlanEditorPage');
const PlanComparePage = lazyPage(() => import('./ComparePage'), 'ComparePage');
const PlanReviewPage = lazyPage(() => import('./ReviewPage'), 'ReviewPage');

// Personal plans: only opaque ids and version numbers in URLs (SEC-DP-02).
const plansRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans',
  staticData: { anyOf: access.plans },
  component: lazyPage(() => import('./PlansListPage'), 'PlansListPage'),
});
const newPlanRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans/new',
  staticData: { anyOf: access.newPlan },
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
  staticData: { anyOf: access.plans },
  validateSearch: (search: Record<string, unknown>): { version?: number } => {
    const version = positiveInt(search.version);
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
  staticData: { anyOf: access.newPlan },
  component: function PlanEditRoute() {
    const { planId } = planEditRoute.useParams();
    return <PlanEditorPage key={planId} planId={planId} />;
  },
});
const planCompareRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/plans/$planId/compare',
  staticData: { anyOf: access.plans },
  validateSearch: (search: Record<string, unknown>): { a?: number; b?: number } => {
    const a = positiveInt(search.a);
    const b = positiveInt(search.b);
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
  staticData: { anyOf: access.newPlan },
  component: function PlanReviewRoute() {
    const { planId } = planReviewRoute.useParams();
    return <PlanReviewPage key={planId} planId={planId} />;
  },
});

const navigation: readonly NavEntry[] = [
  { id: 'plans', path: '/plans', labelKey: 'plans.nav.plans', icon: IconClipboardHeart, anyOf: access.plans, order: 40 },
];

export const plansModule = defineModule({
  id: 'plans',
  routes: [plansRoute, newPlanRoute, planRoute, planEditRoute, planCompareRoute, planReviewRoute],
  navigation,
  i18nNamespaces: ['plans'],
});
