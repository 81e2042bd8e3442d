import { Badge, Button, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconChecks, IconInbox } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JournalEvent } from '@maillon/shared/coordination';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { AnchorLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { useMe } from '../identity/public';
import { acknowledgeHandover, handoverQueryOptions, journalKeys } from './api';
import { EntryCard } from './EntryCard';
import { kindLabel, notifyJournalError } from './labels';
import { useJournalEvents } from './live';
import { formatParisDateTime } from './paris';

/**
 * "Depuis mon dernier passage" (handover): the entries about the people the user follows written since their last
 * handover, grouped by person, urgent first, with those waiting for their acknowledgement.
 */
export function HandoverPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = useMe().data?.permissions ?? [];
  const coordinator = permissions.includes('careteam.manage');
  const handover = useQuery(handoverQueryOptions());
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
  const done = useMutation({
    mutationFn: (asOf: string) => acknowledgeHandover(asOf),
    onSuccess: () => notify({ message: t('journal.handover.doneToast') }),
    onError: (error) => notifyJournalError(t, error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: journalKeys.all }),
  });

  let content;
  if (handover.isPending) content = <LoadingState label={t('journal.handover.loading')} />;
  else if (handover.isError)
    content = <ErrorState error={handover.error} onRetry={() => void handover.refetch()} retrying={handover.isFetching} />;
  else if (handover.data.people.length === 0)
    content = (
      <EmptyState icon={<IconInbox aria-hidden />} title={t('journal.handover.empty')} description={t('journal.handover.emptyHelp')} />
    );
  else
    content = (
      <Stack gap="lg">
        {handover.data.people.map((group) => (
          <Card
            key={group.person.id}
            component="section"
            withBorder
            padding="md"
            aria-labelledby={`handover-${group.person.id}`}
            bg="gray.0"
          >
            <Stack gap="sm">
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Title order={2} size="h4" id={`handover-${group.person.id}`}>
                  <AnchorLink to="/people/$personId" params={{ personId: group.person.id }} search={{ tab: 'journal' }}>
                    {group.person.displayName}
                  </AnchorLink>
                </Title>
                <Group gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('journal.handover.counts')}>
                  <Badge component="li" variant="light" color="gray" tt="none">
                    {t('journal.handover.count', { count: group.count })}
                  </Badge>
                  {group.urgentCount > 0 ? (
                    <Badge component="li" variant="filled" color="red" tt="none">
                      {t('journal.handover.urgentCount', { count: group.urgentCount })}
                    </Badge>
                  ) : null}
                  {group.toAcknowledgeCount > 0 ? (
                    <Badge component="li" variant="light" color="orange" tt="none">
                      {t('journal.handover.toAcknowledgeCount', { count: group.toAcknowledgeCount })}
                    </Badge>
                  ) : null}
                </Group>
              </Group>
              {group.entries.map((entry) => (
                <EntryCard key={entry.id} entry={entry} showReaders={coordinator} headingOrder={3} />
              ))}
              {group.count > group.entries.length ? (
                <AnchorLink size="sm" to="/people/$personId" params={{ personId: group.person.id }} search={{ tab: 'journal' }}>
                  {t('journal.handover.seeAll', { count: group.count })}
                </AnchorLink>
              ) : null}
            </Stack>
          </Card>
        ))}
      </Stack>
    );

  const data = handover.data;
  return (
    <>
      <PageHeader
        title={t('journal.handover.title')}
        description={
          data
            ? data.since
              ? t('journal.handover.since', { date: formatParisDateTime(data.since) })
              : t('journal.handover.sinceNever')
            : t('journal.handover.description')
        }
        actions={
          data && data.people.length > 0 ? (
            <Button leftSection={<IconChecks size={18} aria-hidden />} loading={done.isPending} onClick={() => done.mutate(data.asOf)}>
              {t('journal.handover.done')}
            </Button>
          ) : null
        }
      />
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      {data && data.people.length > 0 ? (
        <Text size="sm" mb="md">
          {t('journal.handover.totals', {
            entries: data.totals.entries,
            urgent: data.totals.urgent,
            toAcknowledge: data.totals.toAcknowledge,
          })}
        </Text>
      ) : null}
      {content}
    </>
  );
}
