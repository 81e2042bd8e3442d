import type { Permission } from '@maillon/shared/identity';
import type { Icon } from '@tabler/icons-react';
import type { AnyRoute, LinkProps } from '@tanstack/react-router';
import type { ParseKeys } from 'i18next';
import type { ComponentType } from 'react';

/** One entry of the main navigation, declared by the module that owns the page. */
export interface NavEntry {
  id: string;
  /** A path of the route tree (type-checked against the router). */
  path: NonNullable<LinkProps['to']>;
  /** i18n key of the navigation label (type-checked against fr.json). */
  labelKey: ParseKeys;
  icon?: Icon;
  /** Shown at the end of the link (e.g. an unread count); it names itself for screen readers. */
  badge?: ComponentType;
  /** Shown only to users holding one of these permissions; everyone when absent. The route uses the same list. */
  anyOf?: readonly Permission[];
  /** Place in the menu, smallest first: day-to-day work (10–79), then administration (80–99), then audit (100+). */
  order: number;
}

/**
 * What a web module gives the app: its routes (children of `appRoute` or `publicRoute` from `shell.tsx`, pages
 * loaded lazily), its navigation entries and its i18n namespace (the top-level key of its strings in fr.json/en.json).
 * The app assembles every module listed in `modules.ts`; nothing else is edited to add a module.
 */
export interface WebModule<TRoutes extends readonly AnyRoute[], TPublicRoutes extends readonly AnyRoute[]> {
  id: string;
  /** Signed-in routes (`getParentRoute: () => appRoute`). */
  routes: TRoutes;
  /** Signed-out routes (`getParentRoute: () => publicRoute`), e.g. sign-in. */
  publicRoutes: TPublicRoutes;
  navigation: readonly NavEntry[];
  /** Top-level keys of fr.json/en.json holding the module's strings. */
  i18nNamespaces: readonly string[];
}

export function defineModule<const TRoutes extends readonly AnyRoute[], const TPublicRoutes extends readonly AnyRoute[] = []>(module: {
  id: string;
  routes: TRoutes;
  publicRoutes?: TPublicRoutes;
  navigation?: readonly NavEntry[];
  i18nNamespaces?: readonly string[];
}): WebModule<TRoutes, TPublicRoutes> {
  return {
    id: module.id,
    routes: module.routes,
    publicRoutes: module.publicRoutes ?? ([] as unknown as TPublicRoutes),
    navigation: module.navigation ?? [],
    i18nNamespaces: module.i18nNamespaces ?? [],
  };
}

/** True when a user with `permissions` may open something requiring any of `anyOf` (nothing required: true). */
export function allows(permissions: readonly string[], anyOf: readonly Permission[] | undefined): boolean {
  return !anyOf || anyOf.length === 0 || anyOf.some((permission) => permissions.includes(permission));
}
