import type { JournalKind } from '@maillon/shared/coordination';
import type { InfoCategory } from '@maillon/shared/people';
import { Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconNotebook, IconSearch } from '@tabler/icons-react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import type { JournalEntry, JournalFilters, JournalPage } from './api';
import { EntryCard } from './EntryCard';
import { categoryOptions, kindOptions } from './labels';
import { formatParisDayHeading, parisDay } from './paris';

export interface FilterChoices {
  authors: { value: string; label: string }[];
  authorsLoading?: boolean;
  services?: { value: string; label: string }[] | undefined;
  /** Offers "show the entries entered in error" (a person's journal). */
  withInError?: boolean;
}

/** The filters of a journal: kind, category, author, period (Paris days), text (full-text search), urgent only. */
export function useJournalFilters(): { filters: JournalFilters; bar: (choices: FilterChoices) => ReactNode; active: boolean } {
  const { t } = useTranslation();
  const [kind, setKind] = useState<JournalKind | null>(null);
  const [category, setCategory] = useState<InfoCategory | null>(null);
  const [authorId, setAuthorId] = useState<string | null>(null);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [q, setQ] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [includeInError, setIncludeInError] = useState(false);
  const [debouncedQ] = useDebouncedValue(q.trim(), 350);
  const periodInvalid = from !== '' && to !== '' && to < from;
  const tooShort = debouncedQ.length === 1;

  const filters: JournalFilters = {
    kind: kind ?? undefined,
    category: category ?? undefined,
    authorId: authorId ?? undefined,
    serviceId: serviceId ?? undefined,
    from: from || undefined,
    to: periodInvalid ? undefined : to || undefined,
    q: debouncedQ.length >= 2 ? debouncedQ : undefined,
    urgent: urgent || undefined,
    includeInError: includeInError || undefined,
  };
  const active = Object.values(filters).some(Boolean);
  const select = { clearable: true, clearButtonProps: { 'aria-label': t('state.clear') }, comboboxProps: { withinPortal: false } };

  const bar = ({ authors, authorsLoading, services, withInError }: FilterChoices) => (
    <Card withBorder padding="md" component="section" aria-label={t('journal.filters.title')}>
      <Stack gap="sm">
        <TextInput
          label={t('journal.filters.search')}
          description={t('journal.filters.searchHelp')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(event) => setQ(event.currentTarget.value)}
          error={tooShort ? t('journal.filters.searchTooShort') : undefined}
          type="search"
        />
        <SimpleGrid cols={{ base: 1, xs: 2, md: services ? 4 : 3 }} spacing="sm">
          <Select
            label={t('journal.filters.kind')}
            placeholder={t('journal.filters.allKinds')}
            data={kindOptions(t)}
            value={kind}
            onChange={(v) => setKind(v)}
            {...select}
          />
          <Select
            label={t('journal.filters.category')}
            placeholder={t('journal.filters.allCategories')}
            data={categoryOptions(t)}
            value={category}
            onChange={(v) => setCategory(v)}
            {...select}
          />
          <Select
            label={t('journal.filters.author')}
            placeholder={authorsLoading ? t('state.loading') : t('journal.filters.allAuthors')}
            data={authors}
            value={authorId}
            onChange={setAuthorId}
            searchable
            nothingFoundMessage={t('journal.filters.noAuthor')}
            {...select}
          />
          {services ? (
            <Select
              label={t('journal.filters.service')}
              placeholder={t('journal.filters.allServices')}
              data={services}
              value={serviceId}
              onChange={setServiceId}
              {...select}
            />
          ) : null}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput type="date" label={t('journal.filters.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput
            type="date"
            label={t('journal.filters.to')}
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={periodInvalid ? t('journal.filters.periodInvalid') : undefined}
          />
        </SimpleGrid>
        <Group gap="lg">
          <Checkbox label={t('journal.filters.urgentOnly')} checked={urgent} onChange={(e) => setUrgent(e.currentTarget.checked)} />
          {withInError && !filters.q ? (
            <Checkbox
              label={t('journal.filters.includeInError')}
              checked={includeInError}
              onChange={(e) => setIncludeInError(e.currentTarget.checked)}
            />
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
  return { filters, bar, active };
}

/** A timeline of entries grouped by Paris day, with "Charger plus" (keyset pages). */
export function EntryList({
  query,
  filtered,
  showPerson = false,
  showReaders = false,
  writableCategories,
  emptyText,
}: {
  query: UseInfiniteQueryResult<InfiniteData<JournalPage>>;
  filtered: boolean;
  showPerson?: boolean;
  showReaders?: boolean;
  writableCategories?: readonly InfoCategory[] | undefined;
  emptyText: string;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];

  let content;
  if (query.isPending) content = <LoadingState label={t('journal.timeline.loading')} />;
  else if (query.isError && items.length === 0)
    content = <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  else if (items.length === 0)
    content = <EmptyState icon={<IconNotebook aria-hidden />} title={filtered ? t('journal.timeline.emptyFiltered') : emptyText} />;
  else {
    const days: { day: string; label: string; entries: JournalEntry[] }[] = [];
    for (const entry of items) {
      const day = parisDay(entry.factAt);
      const last = days.at(-1);
      if (last?.day === day) last.entries.push(entry);
      else days.push({ day, label: formatParisDayHeading(entry.factAt), entries: [entry] });
    }
    content = (
      <Stack gap="lg" aria-busy={query.isFetching}>
        {days.map((d) => (
          <Stack key={d.day} gap="sm" component="section" aria-label={d.label}>
            <Title order={3} size="h5" c="dimmed" tt="capitalize">
              {d.label}
            </Title>
            {d.entries.map((entry) => (
              <EntryCard
                key={entry.id}
                entry={entry}
                showPerson={showPerson}
                showReaders={showReaders}
                writableCategories={writableCategories}
                headingOrder={4}
              />
            ))}
          </Stack>
        ))}
        {query.isError ? <ErrorState error={query.error} onRetry={() => void query.fetchNextPage()} /> : null}
        {query.hasNextPage ? (
          <Group justify="center">
            <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
              {t('state.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        {t('journal.timeline.title')}
      </Title>
      <VisuallyHidden role="status" aria-live="polite">
        {query.isSuccess ? t('journal.timeline.shown', { count: items.length }) : ''}
      </VisuallyHidden>
      {content}
    </Stack>
  );
}
