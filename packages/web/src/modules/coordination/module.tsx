import { IconMessages, IconNotebook } from '@tabler/icons-react';
import { createRoute } from '@tanstack/react-router';
import { defineModule, type NavEntry } from '../../app/navigation';
import { appRoute, lazyPage } from '../../app/shell';
import { JournalNavBadge } from './JournalNavBadge';

// Coordination journal (issue 20): the handover and the service journal; a person's journal is a tab of the record.
const access = { handover: ['journal.read'], serviceJournal: ['careteam.manage'] } as const;

const handoverRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/journal/handover',
  staticData: { anyOf: access.handover },
  component: lazyPage(() => import('./HandoverPage'), 'HandoverPage'),
});
const serviceJournalRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/journal/service',
  staticData: { anyOf: access.serviceJournal },
  component: lazyPage(() => import('./ServiceJournalPage'), 'ServiceJournalPage'),
});

const navigation: readonly NavEntry[] = [
  {
    id: 'handover',
    path: '/journal/handover',
    labelKey: 'journal.nav.handover',
    icon: IconMessages,
    anyOf: access.handover,
    badge: JournalNavBadge,
    order: 45,
  },
  {
    id: 'service-journal',
    path: '/journal/service',
    labelKey: 'journal.nav.service',
    icon: IconNotebook,
    anyOf: access.serviceJournal,
    order: 46,
  },
];

export const coordinationModule = defineModule({
  id: 'coordination',
  routes: [handoverRoute, serviceJournalRoute],
  navigation,
  i18nNamespaces: ['journal'],
});
