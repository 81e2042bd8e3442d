import { Anchor, AppShell, Badge, Burger, Container, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconLink } from '@tabler/icons-react';
import { Link, useMatchRoute, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from './LanguageSwitcher';
import classes from './layout.module.css';
import { allows, type NavEntry } from './navigation';
import { OrganisationSwitcher, type LayoutOrganisationChoice } from './OrganisationSwitcher';
import { UserMenu, type LayoutUser } from './UserMenu';

export type { LayoutUser } from './UserMenu';

export interface LayoutOrganisation {
  /** Set when the organisation can be switched (see `organisations`). */
  id?: string;
  name: string;
}

export interface LayoutProps {
  /** The signed-in user; the user menu is shown only when set (filled by the identity module). */
  user?: LayoutUser | undefined;
  /** The user's organisation, shown next to the product name. */
  organisation?: LayoutOrganisation | undefined;
  /** The instance mode from `GET /api/v1/meta`; `demo` shows a "Démonstration" badge. */
  mode?: 'demo' | 'production' | undefined;
  /** Adds "Se déconnecter" to the user menu. */
  onSignOut?: (() => void) | undefined;
  /** The user's organisations; with two or more and `onSwitchOrganisation`, the header offers to switch. */
  organisations?: readonly LayoutOrganisationChoice[] | undefined;
  onSwitchOrganisation?: ((organisationId: string) => void) | undefined;
  /** The user's permissions: modules needing others are left out of the navigation. All modules when absent. */
  permissions?: readonly string[] | undefined;
  /** The modules' navigation entries, in menu order (see `modules.ts`). */
  navigation: readonly NavEntry[];
  /** No module links (e.g. while a mandatory MFA set-up is pending). */
  hideNavigation?: boolean | undefined;
  /** Shown in the header before the user menu (e.g. the notifications bell), signed in only. */
  headerActions?: ReactNode;
  children: ReactNode;
}

const NAVBAR_ID = 'app-navigation';
const MAIN_ID = 'main';

export function Layout({
  user,
  organisation,
  mode,
  onSignOut,
  organisations,
  onSwitchOrganisation,
  permissions,
  navigation,
  hideNavigation = false,
  headerActions,
  children,
}: LayoutProps) {
  const { t } = useTranslation();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  // Under `md` (62em = 992px), a 768 px tablet included, the navbar is an off-canvas panel behind the burger, so pages
  // and tables get the whole width; it must not be focusable while it is hidden.
  const isDesktop = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const mainRef = useRef<HTMLElement>(null);
  useFocusMainOnNavigation(mainRef);

  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
    mainRef.current?.scrollIntoView();
  };

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: { md: 220, lg: 260 }, breakpoint: 'md', collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <a href={`#${MAIN_ID}`} className={classes.skipLink} onClick={skipToMain}>
        {t('app.skipToContent')}
      </a>

      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={navOpened}
              onClick={toggleNav}
              hiddenFrom="md"
              size="sm"
              aria-label={navOpened ? t('nav.close') : t('nav.open')}
              aria-expanded={navOpened}
              aria-controls={NAVBAR_ID}
            />
            <Anchor component={Link} to="/" className={classes.brand} underline="never">
              <IconLink size={22} aria-hidden />
              {t('app.name')}
            </Anchor>
            {organisation?.id && onSwitchOrganisation && organisations && organisations.length > 1 ? (
              <OrganisationSwitcher
                current={{ id: organisation.id, name: organisation.name }}
                organisations={organisations}
                onSwitch={onSwitchOrganisation}
              />
            ) : organisation ? (
              <Text c="dimmed" truncate="end" visibleFrom="xs">
                {organisation.name}
              </Text>
            ) : null}
            {mode === 'demo' ? (
              <Badge variant="light" color="orange">
                {t('app.demoBadge')}
              </Badge>
            ) : null}
          </Group>
          <Group gap="xs" wrap="nowrap">
            {/* Signed in, the language is chosen in the user menu. */}
            {user ? headerActions : null}
            {user ? <UserMenu user={user} onSignOut={onSignOut} /> : <LanguageSwitcher />}
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar id={NAVBAR_ID} p="sm" aria-label={t('nav.label')} inert={!isDesktop && !navOpened}>
        {hideNavigation ? null : <MainNavigation entries={navigation} onNavigate={closeNav} permissions={permissions} />}
      </AppShell.Navbar>

      <AppShell.Main id={MAIN_ID} ref={mainRef} tabIndex={-1} className={classes.main} bg="gray.0">
        <Container size="lg" px={0}>
          {children}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

function MainNavigation({
  entries,
  onNavigate,
  permissions,
}: {
  entries: readonly NavEntry[];
  onNavigate: () => void;
  permissions: readonly string[] | undefined;
}) {
  const { t } = useTranslation();
  const matchRoute = useMatchRoute();
  const visible = permissions ? entries.filter((entry) => allows(permissions, entry.anyOf)) : entries;
  return visible.map(({ id, path, labelKey, icon: ModuleIcon, badge: Badge }) => {
    const active = Boolean(matchRoute({ to: path, fuzzy: path !== '/' }));
    return (
      <NavLink
        key={id}
        component={Link}
        to={path}
        label={t(labelKey)}
        leftSection={ModuleIcon ? <ModuleIcon size={20} stroke={1.75} aria-hidden /> : null}
        rightSection={Badge ? <Badge /> : undefined}
        active={active}
        aria-current={active ? 'page' : undefined}
        onClick={onNavigate}
      />
    );
  });
}

/** After a client-side navigation, moves focus to <main> so keyboard and screen-reader users start on the new page. */
export function useFocusMainOnNavigation(mainRef: RefObject<HTMLElement | null>) {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname, mainRef]);
}
