import { IconHome, type Icon } from '@tabler/icons-react';
import type { LinkProps } from '@tanstack/react-router';
import type { ParseKeys } from 'i18next';

/** One entry of the main navigation. Add an entry here when a module's route is added to `router.tsx`. */
export interface AppModule {
  id: string;
  /** A path of the route tree (type-checked against the router). */
  path: NonNullable<LinkProps['to']>;
  /** i18n key of the navigation label (type-checked against fr.json). */
  labelKey: ParseKeys;
  icon?: Icon;
}

/** Only modules that exist are listed: the navigation never shows a link to an unfinished page. */
export const appModules: readonly AppModule[] = [{ id: 'home', path: '/', labelKey: 'nav.home', icon: IconHome }];
