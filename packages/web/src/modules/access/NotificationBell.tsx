import { ActionIcon, Indicator, Menu, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import { notifyError } from '../../ui/notify';
import { accessKeys, markNotificationRead, notificationsQueryOptions, type AppNotification } from './api';

/** Only links inside the app are followed (a notification never sends the user to another site). */
const isAppLink = (link: string | null): link is string => !!link && link.startsWith('/') && !link.startsWith('//');

/** The header's bell: the unread count, the latest notifications; opening one marks it read and follows its link. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notifications = useQuery(notificationsQueryOptions());
  const unread = notifications.data?.unread ?? 0;
  const items = notifications.data?.items ?? [];
  const read = useMutation({
    mutationFn: (n: AppNotification) => (n.read ? Promise.resolve({ ok: true as const }) : markNotificationRead(n.id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKeys.notifications }),
  });

  const open = async (n: AppNotification) => {
    try {
      await read.mutateAsync(n);
    } catch (error) {
      notifyError(error);
    }
    if (isAppLink(n.link)) await navigate({ to: n.link });
  };

  const label = unread > 0 ? t('notifications.labelUnread', { count: unread }) : t('notifications.label');
  return (
    <Menu position="bottom-end" width={340} withinPortal={false} withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={label}>
          <Indicator label={unread > 9 ? '9+' : unread} size={16} color="red" disabled={unread === 0} offset={2}>
            <IconBell size={20} aria-hidden />
          </Indicator>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown aria-label={t('notifications.title')}>
        <Menu.Label>{t('notifications.title')}</Menu.Label>
        {notifications.isError ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            {t('notifications.error')}
          </Text>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            {notifications.isPending ? t('state.loading') : t('notifications.empty')}
          </Text>
        ) : (
          items.slice(0, 10).map((n) => (
            <Menu.Item key={n.id} onClick={() => void open(n)} bg={n.read ? undefined : 'blue.0'}>
              <Stack gap={2}>
                <Text size="sm" fw={n.read ? 400 : 600}>
                  {n.read ? null : <VisuallyHidden>{t('notifications.unread')} </VisuallyHidden>}
                  {n.title}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {n.body}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(n.createdAt, false)}
                </Text>
              </Stack>
            </Menu.Item>
          ))
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
