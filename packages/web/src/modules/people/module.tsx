import { IconUsersGroup } from '@tabler/icons-react';
import { createRoute } from '@tanstack/react-router';
import { defineModule, type NavEntry } from '../../app/navigation';
import { appRoute, lazyPage } from '../../app/shell';
import { isPersonTab, type PersonTab } from './tabs';

const access = { people: ['person.read'], newPerson: ['person.create'] } as const;

const PersonPage = lazyPage(() => import('./PersonPage'), 'PersonPage');

const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  staticData: { anyOf: access.people },
  component: lazyPage(() => import('./PeopleListPage'), 'PeopleListPage'),
});
const newPersonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/new',
  staticData: { anyOf: access.newPerson },
  component: lazyPage(() => import('./NewPersonPage'), 'NewPersonPage'),
});
// Only the record's id is in the URL, never a name (SEC-DP-02); the tab is a search parameter.
const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$personId',
  staticData: { anyOf: access.people },
  validateSearch: (search: Record<string, unknown>): { tab?: PersonTab } => (isPersonTab(search.tab) ? { tab: search.tab } : {}),
  component: function PersonRoute() {
    const { personId } = personRoute.useParams();
    const { tab } = personRoute.useSearch();
    // A new page for each record: nothing typed in one record's forms is shown in another's.
    return <PersonPage key={personId} personId={personId} tab={tab ?? 'summary'} />;
  },
});

const navigation: readonly NavEntry[] = [
  { id: 'people', path: '/people', labelKey: 'nav.people', icon: IconUsersGroup, anyOf: access.people, order: 10 },
];

export const peopleModule = defineModule({
  id: 'people',
  routes: [peopleRoute, newPersonRoute, personRoute],
  navigation,
  i18nNamespaces: ['people'],
});
