import { dpoPersonSearchSchema } from '@maillon/shared/people';
import { Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconFileText, IconSearch, IconUserSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay, todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { notifyError } from '../../ui/notify';
import { ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { searchForDpo } from './api';

/**
 * Droit d'accès (issue 19 item 6): the DPO finds a person by name and exact birth date — seeing only name, birth
 * date and service, never the record — and opens that person's access report to answer the request.
 */
export function RightOfAccessPage() {
  const { t } = useTranslation();
  const resultsId = useId();
  const form = useZodForm({
    initialValues: { name: '', birthDate: '' },
    schema: dpoPersonSearchSchema,
    messages: { name: t('access.rightOfAccess.errors.name'), birthDate: t('access.rightOfAccess.errors.birthDate') },
  });
  const search = useMutation({ mutationFn: searchForDpo });

  const submit = form.onSubmit(async (body) => {
    try {
      await search.mutateAsync(body);
    } catch (error) {
      if (!applyLocalisedServerErrors(form, error, { fields: ['name', 'birthDate'] })) notifyError(error);
    }
  });

  return (
    <>
      <PageHeader title={t('access.rightOfAccess.title')} description={t('access.rightOfAccess.description')} />
      <Stack gap="lg">
        <Card component="section" withBorder padding="lg" aria-label={t('access.rightOfAccess.searchTitle')}>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <Title order={2} size="h3">
                {t('access.rightOfAccess.searchTitle')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <TextInput
                  label={t('access.rightOfAccess.name')}
                  description={t('access.rightOfAccess.nameHelp')}
                  required
                  autoComplete="off"
                  {...form.getInputProps('name')}
                />
                <TextInput
                  type="date"
                  label={t('access.rightOfAccess.birthDate')}
                  required
                  max={todayDay()}
                  {...form.getInputProps('birthDate')}
                />
              </SimpleGrid>
              <Group>
                <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />} loading={search.isPending}>
                  {t('access.rightOfAccess.search')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
        <section aria-labelledby={resultsId}>
          <Title order={2} size="h3" id={resultsId} mb="sm">
            {t('access.rightOfAccess.results')}
          </Title>
          <div role="status" aria-live="polite">
            {search.isSuccess ? (
              <Text size="sm" mb="sm">
                {t('access.rightOfAccess.found', { count: search.data.length })}
              </Text>
            ) : null}
          </div>
          {search.isError && !isApiError(search.error) ? <ErrorState error={search.error} /> : null}
          {search.isSuccess && search.data.length === 0 ? (
            <EmptyState
              icon={<IconUserSearch aria-hidden />}
              title={t('access.rightOfAccess.none')}
              description={t('access.rightOfAccess.noneHelp')}
            />
          ) : null}
          {search.isSuccess && search.data.length > 0 ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {search.data.map((match) => (
                <Card component="li" key={match.id} withBorder padding="md" radius="md">
                  <Stack gap={6}>
                    <Text fw={600}>{match.name}</Text>
                    <Text size="sm">{t('access.rightOfAccess.bornOn', { date: formatDay(match.birthDate) })}</Text>
                    <Text size="sm" c="dimmed">
                      {match.serviceName ?? t('access.rightOfAccess.noService')}
                    </Text>
                    <Group>
                      <ButtonLink
                        to="/access/reports/$personId"
                        params={{ personId: match.id }}
                        variant="light"
                        size="xs"
                        leftSection={<IconFileText size={14} aria-hidden />}
                        aria-label={t('access.rightOfAccess.openReportFor', { name: match.name })}
                      >
                        {t('access.rightOfAccess.openReport')}
                      </ButtonLink>
                    </Group>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          ) : null}
        </section>
      </Stack>
    </>
  );
}
