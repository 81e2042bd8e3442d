import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCalendarPlus, IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { committeeCreateSchema } from '@maillon/shared/admissions';
import { TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { AnchorLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { useMe } from '../identity/public';
import { admissionKeys, committeesQueryOptions, createCommittee } from './api';
import { AdmissionsNav } from './AdmissionsNav';

/** `/admissions/committees`: the sessions to come and those held, and scheduling a new one. */
export function CommitteesPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [planning, setPlanning] = useState(false);
  return (
    <>
      <PageHeader
        title={t('admissions.committees.title')}
        description={t('admissions.committees.description')}
        actions={
          me?.permissions.includes('referral.update') && !planning ? (
            <Button leftSection={<IconCalendarPlus size={18} aria-hidden />} onClick={() => setPlanning(true)}>
              {t('admissions.committees.plan')}
            </Button>
          ) : null
        }
      />
      <AdmissionsNav current="committees" />
      <Stack gap="lg">
        {planning ? <PlanForm onDone={() => setPlanning(false)} /> : null}
        <SessionList when="upcoming" />
        <SessionList when="past" />
      </Stack>
    </>
  );
}

function PlanForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  const form = useZodForm({
    initialValues: { scheduledAt: '', location: '' },
    schema: committeeCreateSchema,
    prepare: (v) => ({ scheduledAt: v.scheduledAt ? new Date(v.scheduledAt).toISOString() : '', location: v.location.trim() || null }),
    messages: { scheduledAt: t('admissions.committees.whenNeeded') },
  });
  const m = useMutation({
    mutationFn: (body: { scheduledAt: string; location?: string | null }) => createCommittee(body, key.keyFor(body)),
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="plan-title">
      <Title order={2} size="h4" id="plan-title" mb="md">
        {t('admissions.committees.plan')}
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit(async (data) => {
          try {
            const c = await m.mutateAsync(data);
            key.reset();
            onDone();
            void queryClient.invalidateQueries({ queryKey: admissionKeys.all });
            notify({ message: t('admissions.committees.planned') });
            await navigate({ to: '/admissions/committees/$committeeId', params: { committeeId: c.id } });
          } catch (error) {
            if (!applyLocalisedServerErrors(form, error)) notifyError(error);
          }
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput type="datetime-local" label={t('admissions.committees.when')} required {...form.getInputProps('scheduledAt')} />
          <TextInput label={t('admissions.committees.where')} {...form.getInputProps('location')} />
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="xs">
          {t('admissions.committees.membersHelp')}
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onDone}>
            {t('state.cancel')}
          </Button>
          <Button type="submit" loading={m.isPending}>
            {t('admissions.committees.create')}
          </Button>
        </Group>
      </form>
    </Card>
  );
}

function SessionList({ when }: { when: 'upcoming' | 'past' }) {
  const { t } = useTranslation();
  const q = useQuery(committeesQueryOptions(when));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={`sessions-${when}`}>
      <Title order={2} size="h4" id={`sessions-${when}`} mb="md">
        {t(`admissions.committees.${when}`)}
      </Title>
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState icon={<IconUsersGroup aria-hidden />} title={t('admissions.committees.empty')} />
      ) : (
        <TableScroll label={t(`admissions.committees.${when}`)} minWidth={600}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('admissions.committees.when')}</Table.Th>
                <Table.Th scope="col">{t('admissions.committees.where')}</Table.Th>
                <Table.Th scope="col">{t('admissions.committees.cases')}</Table.Th>
                <Table.Th scope="col">{t('admissions.fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <AnchorLink to="/admissions/committees/$committeeId" params={{ committeeId: s.id }} fw={600} size="sm">
                      {formatDateTime(s.scheduledAt, false)}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{s.location ?? '—'}</Table.Td>
                  <Table.Td>{t('admissions.committees.decidedOf', { decided: s.decided, cases: s.cases })}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s.status === 'held' ? 'teal' : 'blue'}>
                      {t(`admissions.committees.statuses.${s.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Card>
  );
}
