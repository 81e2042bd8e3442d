import { breakGlassReviewSchema } from '@maillon/shared/people';
import { Button, Card, Group, Modal, Radio, SegmentedControl, Stack, Table, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { AnchorLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { useMe } from '../identity/public';
import { accessKeys, breakGlassQueueQueryOptions, reviewBreakGlass, type BreakGlass } from './api';
import { breakGlassReasonLabel, reviewOutcomeLabel, roleName } from './labels';

/** The DPO's review queue of emergency accesses: who, for whom, why, when; each one examined and justified or not. */
export function BreakGlassReviewPage() {
  const { t } = useTranslation();
  const canReadReports = (useMe().data?.permissions ?? []).includes('accessreport.read');
  const [filter, setFilter] = useState<'pending' | 'all'>('pending');
  const [reviewing, setReviewing] = useState<BreakGlass | null>(null);
  const queue = useQuery({ ...breakGlassQueueQueryOptions(filter === 'pending'), placeholderData: keepPreviousData });
  const items = queue.data ?? [];

  let content;
  if (queue.isPending) content = <LoadingState label={t('access.review.loading')} />;
  else if (queue.isError) content = <ErrorState error={queue.error} onRetry={() => void queue.refetch()} retrying={queue.isFetching} />;
  else if (items.length === 0)
    content = (
      <EmptyState
        icon={<IconShieldCheck aria-hidden />}
        title={filter === 'pending' ? t('access.review.emptyPending') : t('access.review.empty')}
      />
    );
  else
    content = (
      <TableScroll label={t('access.review.caption')} minWidth={980}>
        <Table verticalSpacing="sm" aria-busy={queue.isFetching}>
          <Table.Caption>{t('access.review.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('access.review.columns.who')}</Table.Th>
              <Table.Th scope="col">{t('access.review.columns.person')}</Table.Th>
              <Table.Th scope="col">{t('access.review.columns.reason')}</Table.Th>
              <Table.Th scope="col">{t('access.review.columns.period')}</Table.Th>
              <Table.Th scope="col">{t('access.review.columns.review')}</Table.Th>
              <Table.Th scope="col">{t('state.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((access) => (
              <Table.Tr key={access.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {access.userName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {roleName(t, access.userRole) ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{access.personName ?? t('access.review.unknownPerson')}</Text>
                  {canReadReports ? (
                    <AnchorLink to="/access/reports/$personId" params={{ personId: access.personId }} size="xs">
                      {t('access.review.report')}
                      <VisuallyHidden> — {access.personName ?? ''}</VisuallyHidden>
                    </AnchorLink>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{breakGlassReasonLabel(t, access.reasonCode)}</Text>
                  <Text size="xs" c="dimmed" style={{ maxWidth: '22rem' }}>
                    {access.reasonText}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{t('access.review.started', { date: formatDateTime(access.startedAt, false) })}</Text>
                  <Text size="xs" c="dimmed">
                    {t('access.review.ends', { date: formatDateTime(access.expiresAt, false) })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {access.reviewOutcome ? (
                    <Stack gap={2}>
                      <CellBadge color={access.reviewOutcome === 'justified' ? 'teal' : 'red'} variant="light">
                        {reviewOutcomeLabel(t, access.reviewOutcome)}
                      </CellBadge>
                      <Text size="xs" c="dimmed">
                        {t('access.review.reviewedBy', {
                          name: access.reviewedBy ?? '—',
                          date: access.reviewedAt ? formatDateTime(access.reviewedAt, false) : '',
                        })}
                      </Text>
                      {access.reviewComment ? <Text size="xs">{access.reviewComment}</Text> : null}
                    </Stack>
                  ) : (
                    <CellBadge color="orange" variant="light">
                      {t('access.review.pending')}
                    </CellBadge>
                  )}
                </Table.Td>
                <Table.Td>
                  {access.reviewOutcome ? null : (
                    <Button
                      size="xs"
                      onClick={() => setReviewing(access)}
                      aria-label={t('access.review.examineFor', { name: access.userName })}
                    >
                      {t('access.review.examine')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    );

  return (
    <>
      <PageHeader title={t('access.review.title')} description={t('access.review.description')} />
      <Card component="section" withBorder padding="lg" aria-label={t('access.review.queue')}>
        <Stack gap="md">
          <SegmentedControl
            aria-label={t('access.review.filter')}
            value={filter}
            onChange={(value) => setFilter(value === 'all' ? 'all' : 'pending')}
            data={[
              { value: 'pending', label: t('access.review.filters.pending') },
              { value: 'all', label: t('access.review.filters.all') },
            ]}
            maw={420}
          />
          <VisuallyHidden role="status" aria-live="polite">
            {queue.isSuccess ? t('access.review.shown', { count: items.length }) : ''}
          </VisuallyHidden>
          {content}
        </Stack>
      </Card>
      <ReviewModal access={reviewing} onClose={() => setReviewing(null)} />
    </>
  );
}

function ReviewModal({ access, onClose }: { access: BreakGlass | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useZodForm({ initialValues: { outcome: null as string | null, comment: '' }, schema: breakGlassReviewSchema });
  const mutation = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { outcome: 'justified' | 'unjustified'; comment: string } }) =>
      reviewBreakGlass(id, body),
  });
  const close = () => {
    form.reset();
    onClose();
  };
  const submit = form.onSubmit(async (body) => {
    if (!access) return;
    try {
      await mutation.mutateAsync({ id: access.id, body });
      notify({ message: t('access.review.done', { name: access.userName }) });
      close();
    } catch (error) {
      if (!applyLocalisedServerErrors(form, error, { fields: ['outcome', 'comment'] })) notifyError(error);
    } finally {
      await queryClient.invalidateQueries({ queryKey: accessKeys.breakGlass });
    }
  });
  return (
    <Modal
      opened={access !== null}
      onClose={close}
      title={access ? t('access.review.modalTitle', { name: access.userName }) : ''}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      {access ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">
              {t('access.review.modalSummary', {
                name: access.userName,
                person: access.personName ?? t('access.review.unknownPerson'),
                date: formatDateTime(access.startedAt, false),
                reason: breakGlassReasonLabel(t, access.reasonCode),
              })}
            </Text>
            <Text size="sm" fs="italic">
              « {access.reasonText} »
            </Text>
            <Radio.Group label={t('access.review.outcome')} required {...form.getInputProps('outcome')}>
              <Group gap="lg" mt="xs">
                <Radio value="justified" label={reviewOutcomeLabel(t, 'justified')} />
                <Radio value="unjustified" label={reviewOutcomeLabel(t, 'unjustified')} />
              </Group>
            </Radio.Group>
            <Textarea
              label={t('access.review.comment')}
              required
              autosize
              minRows={3}
              maxLength={1000}
              {...form.getInputProps('comment')}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('state.cancel')}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {t('access.review.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
