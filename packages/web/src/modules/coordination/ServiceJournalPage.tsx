import type { JournalEvent } from '@maillon/shared/coordination';
import { Stack, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { memberChoicesQueryOptions } from '../identity/public';
import { serviceChoicesQueryOptions, serviceJournalQueryOptions } from './api';
import { EntryList, useJournalFilters } from './JournalTimeline';
import { kindLabel } from './labels';
import { useJournalEvents } from './live';

/** The coordinator's journal of the whole service: every person they may read, each entry by category, live. */
export function ServiceJournalPage() {
  const { t } = useTranslation();
  const { filters, bar, active } = useJournalFilters();
  const journal = useInfiniteQuery({ ...serviceJournalQueryOptions(filters), placeholderData: keepPreviousData });
  const members = useQuery(memberChoicesQueryOptions());
  const services = useQuery(serviceChoicesQueryOptions());
  const [announcement, setAnnouncement] = useState('');
  useJournalEvents(
    useCallback(
      ({ change, entry }: JournalEvent) => {
        if (change === 'created')
          setAnnouncement(t('journal.live.newFor', { kind: kindLabel(t, entry.kind), person: entry.person.displayName }));
      },
      [t],
    ),
  );
  const authors = (members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.displayName }));
  return (
    <>
      <PageHeader title={t('journal.service.title')} description={t('journal.service.description')} />
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <Stack gap="md">
        {bar({
          authors,
          authorsLoading: members.isPending,
          services: (services.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        })}
        <EntryList query={journal} filtered={active} showPerson showReaders emptyText={t('journal.service.empty')} />
      </Stack>
    </>
  );
}
