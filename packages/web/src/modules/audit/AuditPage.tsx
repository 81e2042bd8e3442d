import { auditActionLabels } from '@maillon/shared/audit';
import { auditOutcomes } from '@maillon/shared/identity';
import { Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { IconClockHour4, IconDownload, IconHistory, IconLock } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime, localDateToIso } from '../../ui/format';
import { saveBlob } from '../../ui/download';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { isStepUpCancelled, useStepUp } from '../../ui/StepUp';
import { isRole, memberChoicesQueryOptions, roleLabel, useMe } from '../identity/public';
import { auditEventsInfiniteQueryOptions, exportAuditCsv, type AuditEvent, type AuditFilters } from './api';
import { actionLabel, categoryLabel, outcomeColor, outcomeLabel, purposeLabel, resourceLabel } from './labels';

export function AuditPage() {
  const { t } = useTranslation();
  const permissions = useMe().data?.permissions ?? [];
  const stepUp = useStepUp();
  const [userId, setUserId] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const periodInvalid = from !== '' && to !== '' && to < from;

  const filters: AuditFilters = {
    userId: userId ?? undefined,
    action: action ?? undefined,
    outcome: outcome ?? undefined,
    from: localDateToIso(from),
    // The whole last day is included: the API's `to` is exclusive.
    to: periodInvalid ? undefined : localDateToIso(to, 1),
  };

  const exportCsv = useMutation({
    mutationFn: () => stepUp(() => exportAuditCsv(filters)),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename ?? 'journal-audit.csv');
      notify({ message: t('audit.exported') });
    },
    onError: (error) => {
      if (!isStepUpCancelled(error)) notifyError(error);
    },
  });

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        actions={
          permissions.includes('audit.export') ? (
            <Button
              variant="default"
              leftSection={<IconDownload size={18} aria-hidden />}
              loading={exportCsv.isPending}
              onClick={() => exportCsv.mutate()}
            >
              {t('audit.export')}
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        <Card component="section" withBorder padding="lg" aria-label={t('audit.filters')}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="md" style={{ alignItems: 'end' }}>
            {permissions.includes('user.read') ? <UserFilter value={userId} onChange={setUserId} /> : null}
            <ActionFilter value={action} onChange={setAction} />
            <Select
              label={t('audit.columns.outcome')}
              placeholder={t('audit.allOutcomes')}
              data={auditOutcomes.map((o) => ({ value: o, label: outcomeLabel(t, o) }))}
              value={outcome}
              onChange={setOutcome}
              clearable
              clearButtonProps={{ 'aria-label': t('state.clear') }}
              comboboxProps={{ withinPortal: false }}
            />
            <TextInput
              type="date"
              label={t('audit.from')}
              value={from}
              onChange={(event) => setFrom(event.currentTarget.value)}
              max={to || undefined}
            />
            <TextInput
              type="date"
              label={t('audit.to')}
              value={to}
              onChange={(event) => setTo(event.currentTarget.value)}
              min={from || undefined}
              error={periodInvalid ? t('audit.periodInvalid') : undefined}
            />
          </SimpleGrid>
        </Card>
        <EventsSection filters={filters} />
      </Stack>
    </>
  );
}

/** The actions of the shared audit catalogue, in words and in alphabetical order: never a code to type (issue 19 item 15). */
function ActionFilter({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const data = Object.keys(auditActionLabels)
    .map((a) => ({ value: a, label: actionLabel(t, a) }))
    .sort((x, y) => x.label.localeCompare(y.label, i18n.resolvedLanguage));
  return (
    <Select
      label={t('audit.action')}
      placeholder={t('audit.allActions')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('state.clear') }}
      nothingFoundMessage={t('audit.noActionFound')}
      comboboxProps={{ withinPortal: false }}
    />
  );
}

function UserFilter({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const { t } = useTranslation();
  const members = useQuery(memberChoicesQueryOptions());
  const data = (members.data?.items ?? []).map((m) => ({ value: m.userId, label: `${m.displayName} — ${roleLabel(t, m.role)}` }));
  return (
    <Select
      label={t('audit.user')}
      placeholder={members.isPending ? t('state.loading') : t('audit.allUsers')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('state.clear') }}
      nothingFoundMessage={t('audit.noUserFound')}
      error={members.isError ? t('audit.usersUnavailable') : undefined}
      comboboxProps={{ withinPortal: false }}
    />
  );
}

function EventsSection({ filters }: { filters: AuditFilters }) {
  const { t } = useTranslation();
  const headingId = useId();
  const events = useInfiniteQuery({ ...auditEventsInfiniteQueryOptions(filters), placeholderData: keepPreviousData });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  let content;
  if (events.isPending) content = <LoadingState label={t('audit.loading')} />;
  else if (events.isError && items.length === 0)
    content = <ErrorState error={events.error} onRetry={() => void events.refetch()} retrying={events.isFetching} />;
  else if (items.length === 0)
    content = <EmptyState icon={<IconHistory aria-hidden />} title={filtered ? t('audit.emptyFiltered') : t('audit.empty')} />;
  else {
    content = (
      <Stack gap="md">
        <TableScroll label={t('audit.caption')} minWidth={980}>
          <Table verticalSpacing="xs" striped aria-busy={events.isFetching}>
            <Table.Caption>{t('audit.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('audit.columns.when')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.who')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.action')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.resource')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.outcome')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.purpose')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.sealed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((event) => (
                <EventRow key={event.id} event={event} />
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        {events.isError ? <ErrorState error={events.error} onRetry={() => void events.fetchNextPage()} /> : null}
        {events.hasNextPage ? (
          <Group justify="center">
            <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
              {t('state.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  }

  return (
    <Card component="section" aria-labelledby={headingId} withBorder padding="lg">
      <Title order={2} id={headingId} mb="md">
        {t('audit.events')}
      </Title>
      <VisuallyHidden role="status" aria-live="polite">
        {events.isSuccess ? t('audit.shown', { count: items.length }) : ''}
      </VisuallyHidden>
      {content}
    </Card>
  );
}

function EventRow({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const role = event.actorRole ? (isRole(event.actorRole) ? roleLabel(t, event.actorRole) : event.actorRole) : null;
  const who = event.actorName ?? (event.actorUserId ? t('audit.unknownUser') : t('audit.system'));
  const label = actionLabel(t, event.action);
  const category = categoryLabel(t, event.infoCategory);
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {who}
        </Text>
        {role ? (
          <Text size="xs" c="dimmed">
            {role}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{label}</Text>
        {category ? (
          <Text size="xs" c="dimmed">
            {category}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{resourceLabel(t, event.resourceType)}</Text>
        {event.personName ? (
          <Text size="xs" fw={500}>
            {event.personName}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <CellBadge color={outcomeColor(event.outcome)} variant="light">
          {outcomeLabel(t, event.outcome)}
        </CellBadge>
      </Table.Td>
      <Table.Td>{purposeLabel(t, event.purpose)}</Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          {event.sealed ? <IconLock size={16} aria-hidden /> : <IconClockHour4 size={16} aria-hidden />}
          <Text size="xs">{event.sealed ? t('audit.sealed') : t('audit.pendingSeal')}</Text>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
