import { IconHome } from '@tabler/icons-react';
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/shell';
import { defineModule, type NavEntry } from '../../app/navigation';

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./HomePage'), 'HomePage'),
});

const navigation: readonly NavEntry[] = [{ id: 'home', path: '/', labelKey: 'nav.home', icon: IconHome, order: 0 }];

export const homeModule = defineModule({
  id: 'home',
  routes: [homeRoute],
  navigation,
  i18nNamespaces: ['home'],
});
