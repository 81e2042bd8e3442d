import { Avatar, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconDevices, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, isLanguage, SUPPORTED_LANGUAGES } from '../i18n';

export interface LayoutUser {
  displayName: string;
}

export interface UserMenuProps {
  user: LayoutUser;
  onSignOut?: (() => void) | undefined;
}

/** The signed-in user's menu: profile, sessions, language and sign out. */
export function UserMenu({ user, onSignOut }: UserMenuProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Menu position="bottom-end" width={240} withinPortal={false} withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <UnstyledButton>
          <Group gap="xs" wrap="nowrap">
            <Avatar name={user.displayName} color="initials" size="sm" aria-hidden />
            {/* Visible name from `md`; the accessible name ("Menu de …") is always there and contains it. */}
            <Text size="sm" fw={500} visibleFrom="md" truncate="end" maw={160} aria-hidden>
              {user.displayName}
            </Text>
            <VisuallyHidden>{t('user.menu', { name: user.displayName })}</VisuallyHidden>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown aria-label={t('user.menu', { name: user.displayName })}>
        <Menu.Label>{user.displayName}</Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} aria-hidden />}>
          {t('user.profile')}
        </Menu.Item>
        <Menu.Item component={Link} to="/profile" hash="sessions" leftSection={<IconDevices size={16} aria-hidden />}>
          {t('user.sessions')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>{t('language.label')}</Menu.Label>
        <Menu.RadioGroup value={language} onChange={(value) => isLanguage(value) && void changeLanguage(value)}>
          {SUPPORTED_LANGUAGES.map((option) => (
            <Menu.RadioItem key={option} value={option} lang={option} closeMenuOnClick>
              {t(`language.${option}`)}
            </Menu.RadioItem>
          ))}
        </Menu.RadioGroup>
        {onSignOut ? (
          <>
            <Menu.Divider />
            <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={onSignOut}>
              {t('user.signOut')}
            </Menu.Item>
          </>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}
