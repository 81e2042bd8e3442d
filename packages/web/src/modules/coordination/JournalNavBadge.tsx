import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unreadQueryOptions } from './api';
import { useJournalStream } from './live';

/**
 * The count beside "Passation" in the navigation: entries since the last handover, red when one is urgent or waits for
 * the user's acknowledgement. It also keeps the journal's live stream open while the user is signed in.
 */
export function JournalNavBadge() {
  const { t } = useTranslation();
  useJournalStream(true);
  const unread = useQuery(unreadQueryOptions());
  const count = unread.data?.entries ?? 0;
  if (!unread.data || count === 0) return null;
  const alert = unread.data.urgent > 0 || unread.data.toAcknowledge > 0;
  return (
    <Badge
      size="sm"
      circle={count < 10}
      color={alert ? 'red' : 'gray'}
      variant={alert ? 'filled' : 'light'}
      aria-label={t('journal.nav.unread', { count, urgent: unread.data.urgent, toAcknowledge: unread.data.toAcknowledge })}
    >
      {count > 99 ? '99+' : count}
    </Badge>
  );
}
