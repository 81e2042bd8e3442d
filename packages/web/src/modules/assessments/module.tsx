import { IconClipboardList } from '@tabler/icons-react';
import { createRoute } from '@tanstack/react-router';
import { defineModule, type NavEntry } from '../../app/navigation';
import { appRoute, lazyPage } from '../../app/shell';

const access = {
  assessments: ['assessment.read'],
  newAssessment: ['assessment.write'],
  instruments: ['instrument.manage'],
} as const;

const PersonAssessmentsPage = lazyPage(() => import('./PersonAssessmentsPage'), 'PersonAssessmentsPage');
const NewAssessmentPage = lazyPage(() => import('./NewAssessmentPage'), 'NewAssessmentPage');
const ComparePage = lazyPage(() => import('./ComparePage'), 'ComparePage');
const AssessmentPage = lazyPage(() => import('./AssessmentPage'), 'AssessmentPage');

// Assessments: only opaque ids in URLs (SEC-DP-02), comparison ids included.
const personAssessmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$personId/assessments',
  staticData: { anyOf: access.assessments },
  component: function PersonAssessmentsRoute() {
    const { personId } = personAssessmentsRoute.useParams();
    return <PersonAssessmentsPage key={personId} personId={personId} />;
  },
});
const newAssessmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$personId/assessments/new',
  staticData: { anyOf: access.newAssessment },
  component: function NewAssessmentRoute() {
    const { personId } = newAssessmentRoute.useParams();
    return <NewAssessmentPage key={personId} personId={personId} />;
  },
});
const compareAssessmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/assessments/compare',
  staticData: { anyOf: access.assessments },
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
  staticData: { anyOf: access.assessments },
  component: function AssessmentRoute() {
    const { assessmentId } = assessmentRoute.useParams();
    return <AssessmentPage key={assessmentId} assessmentId={assessmentId} />;
  },
});
const instrumentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/instruments',
  staticData: { anyOf: access.instruments },
  component: lazyPage(() => import('./admin/InstrumentsAdminPage'), 'InstrumentsAdminPage'),
});

const navigation: readonly NavEntry[] = [
  {
    id: 'instruments',
    path: '/admin/instruments',
    labelKey: 'assessments.nav.instruments',
    icon: IconClipboardList,
    anyOf: access.instruments,
    order: 91,
  },
];

export const assessmentsModule = defineModule({
  id: 'assessments',
  routes: [personAssessmentsRoute, newAssessmentRoute, compareAssessmentsRoute, assessmentRoute, instrumentsRoute],
  navigation,
  i18nNamespaces: ['assessments'],
});
