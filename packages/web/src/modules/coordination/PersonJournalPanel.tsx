import type { JournalEvent } from '@maillon/shared/coordination';
import type { InfoCategory } from '@maillon/shared/people';
import { Alert, Group, Stack, VisuallyHidden } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../identity/public';
import { careTeamChoicesQueryOptions, personJournalQueryOptions } from './api';
import { ExportPdfButton } from './ExportPdfButton';
import { EntryList, useJournalFilters } from './JournalTimeline';
import { authorTitle, kindLabel } from './labels';
import { useJournalEvents } from './live';
import { QuickEntry } from './QuickEntry';

export interface PersonJournalPanelProps {
  personId: string;
  /** The categories the caller reads for this person (`person.access.categories`). */
  categories: readonly InfoCategory[];
  /** Emergency (break-glass) access: reading only. */
  readOnly: boolean;
}

/** The person's record, tab "Journal": the quick-entry box, the filters, the timeline (live), the PDF of a period. */
export function PersonJournalPanel({ personId, categories, readOnly }: PersonJournalPanelProps) {
  const { t } = useTranslation();
  const me = useMe().data;
  const permissions = me?.permissions ?? [];
  const canWrite = permissions.includes('journal.write') && !readOnly;
  const coordinator = permissions.includes('careteam.manage');
  const { filters, bar, active } = useJournalFilters();
  const timeline = useInfiniteQuery({ ...personJournalQueryOptions(personId, filters), placeholderData: keepPreviousData });
  const team = useQuery(careTeamChoicesQueryOptions(personId));
  const [announcement, setAnnouncement] = useState('');

  // A new entry about this person arrives on the live stream: the timeline refreshes (live.ts), and it is said aloud.
  useJournalEvents(
    useCallback(
      ({ change, entry }: JournalEvent) => {
        if (entry.person.id !== personId || change !== 'created' || entry.author.id === me?.user.id) return;
        const title = authorTitle(t, entry.author);
        setAnnouncement(
          t('journal.live.newEntry', {
            kind: kindLabel(t, entry.kind),
            author: title ? `${entry.author.displayName}, ${title}` : entry.author.displayName,
          }),
        );
      },
      [personId, me?.user.id, t],
    ),
  );

  const authors = (team.data ?? []).map((m) => ({ value: m.userId, label: m.displayName }));
  return (
    <Stack gap="md">
      <VisuallyHidden role="status" aria-live="polite" data-testid="journal-live">
        {announcement}
      </VisuallyHidden>
      {readOnly ? (
        <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
          {t('journal.readOnly')}
        </Alert>
      ) : null}
      {canWrite ? <QuickEntry personId={personId} writable={categories} /> : null}
      <Group justify="flex-end">
        <ExportPdfButton personId={personId} categories={categories} />
      </Group>
      {bar({ authors, authorsLoading: team.isPending, withInError: true })}
      <EntryList
        query={timeline}
        filtered={active}
        showReaders={coordinator}
        writableCategories={categories}
        emptyText={t('journal.timeline.empty')}
      />
    </Stack>
  );
}
