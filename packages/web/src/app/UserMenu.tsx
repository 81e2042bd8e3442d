import { Avatar, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export interface LayoutUser {
  displayName: string;
}

export interface UserMenuProps {
  user: LayoutUser;
  onSignOut?: (() => void) | undefined;
}

/** The signed-in user's menu. The identity module fills it; the language switcher stays beside it in the header. */
export function UserMenu({ user, onSignOut }: UserMenuProps) {
  const { t } = useTranslation();
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
        {onSignOut ? (
          <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={onSignOut}>
            {t('user.signOut')}
          </Menu.Item>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}
