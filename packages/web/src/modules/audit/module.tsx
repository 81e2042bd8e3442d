import { IconHistory } from '@tabler/icons-react';
import { createRoute } from '@tanstack/react-router';
import { defineModule, type NavEntry } from '../../app/navigation';
import { appRoute, lazyPage } from '../../app/shell';

const access = { audit: ['audit.read'] } as const;

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit',
  staticData: { anyOf: access.audit },
  component: lazyPage(() => import('./AuditPage'), 'AuditPage'),
});

const navigation: readonly NavEntry[] = [
  { id: 'audit', path: '/audit', labelKey: 'nav.audit', icon: IconHistory, anyOf: access.audit, order: 100 },
];

export const auditModule = defineModule({
  id: 'audit',
  routes: [auditRoute],
  navigation,
  i18nNamespaces: ['audit'],
});
