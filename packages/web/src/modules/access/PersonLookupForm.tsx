import { Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconSearch, IconUserSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import type { z } from 'zod';
import { isApiError } from '../../ui/api';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { notifyError } from '../../ui/notify';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';

export interface LookupField<K extends string> {
  name: K;
  label: string;
  description?: string;
  /** A birth date: an `<input type="date">` that offers no day after today. */
  date?: boolean;
}

/** The words of one lookup page (emergency access, right of access): its own, for its own purpose. */
export interface LookupTexts {
  searchTitle: string;
  search: string;
  results: string;
  found: (count: number) => string;
  none: string;
  noneHelp: string;
}

/**
 * Finding a person by name and exact birth date without opening the record (FR-06 emergency
 * access, issue 19 item 6 right of access): the search form, the count read out to screen
 * readers, the empty state and one card per match, whose content and action the page gives.
 */
export function PersonLookupForm<K extends string, M extends { id: string }>({
  fields,
  schema,
  messages,
  search: searchFn,
  texts,
  renderMatch,
}: {
  fields: LookupField<K>[];
  schema: z.ZodType<Record<K, string>>;
  messages?: Partial<Record<K, string>>;
  search: (body: Record<K, string>) => Promise<M[]>;
  texts: LookupTexts;
  renderMatch: (match: M) => ReactNode;
}) {
  const resultsId = useId();
  const form = useZodForm({
    initialValues: Object.fromEntries(fields.map((f) => [f.name, ''])) as Record<K, string>,
    schema,
    messages,
  });
  const search = useMutation({ mutationFn: searchFn });

  const submit = form.onSubmit(async (body) => {
    try {
      await search.mutateAsync(body);
    } catch (error) {
      if (!applyLocalisedServerErrors(form, error, { fields: fields.map((f) => f.name) })) notifyError(error);
    }
  });

  return (
    <>
      <Card component="section" withBorder padding="lg" aria-label={texts.searchTitle}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Title order={2} size="h3">
              {texts.searchTitle}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: fields.length }} spacing="md">
              {fields.map((f) => (
                <TextInput
                  key={f.name}
                  label={f.label}
                  description={f.description}
                  required
                  {...(f.date ? { type: 'date', max: todayDay() } : { autoComplete: 'off' })}
                  {...form.getInputProps(f.name)}
                />
              ))}
            </SimpleGrid>
            <Group>
              <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />} loading={search.isPending}>
                {texts.search}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <section aria-labelledby={resultsId}>
        <Title order={2} size="h3" id={resultsId} mb="sm">
          {texts.results}
        </Title>
        <div role="status" aria-live="polite">
          {search.isSuccess ? (
            <Text size="sm" mb="sm">
              {texts.found(search.data.length)}
            </Text>
          ) : null}
        </div>
        {search.isError && !isApiError(search.error) ? <ErrorState error={search.error} /> : null}
        {search.isSuccess && search.data.length === 0 ? (
          <EmptyState icon={<IconUserSearch aria-hidden />} title={texts.none} description={texts.noneHelp} />
        ) : null}
        {search.isSuccess && search.data.length > 0 ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {search.data.map((match) => (
              <Card component="li" key={match.id} withBorder padding="md" radius="md">
                <Stack gap={6}>{renderMatch(match)}</Stack>
              </Card>
            ))}
          </SimpleGrid>
        ) : null}
      </section>
    </>
  );
}
