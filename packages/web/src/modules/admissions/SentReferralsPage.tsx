import { Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime, formatDay } from '../../ui/format';
import { useIdempotencyKey } from '../../ui/idempotency';
import { LoadingState } from '../../ui/LoadingState';
import { notify } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { admissionKeys, sentQueryOptions, submitReferral, type ReferralSubmit } from './api';
import { outcomeColor, outcomeLabel, referrerStatusLabel } from './labels';
import { ReferralForm } from './ReferralForm';

/**
 * `/admissions/sent`: a referrer from another organisation (partner account) sends requests and
 * follows them — where each stands and the decision as meant for them, never the file.
 */
export function SentReferralsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sent = useQuery(sentQueryOptions());
  const [writing, setWriting] = useState(false);
  const key = useIdempotencyKey();
  const m = useMutation({ mutationFn: (body: ReferralSubmit) => submitReferral(body, key.keyFor(body)) });

  return (
    <>
      <PageHeader
        title={t('admissions.sent.title')}
        description={t('admissions.sent.description')}
        actions={
          writing ? null : (
            <Button leftSection={<IconSend size={18} aria-hidden />} onClick={() => setWriting(true)}>
              {t('admissions.sent.new')}
            </Button>
          )
        }
      />
      <Stack gap="lg">
        {writing ? (
          <ReferralForm
            mode="submit"
            busy={m.isPending}
            onCancel={() => setWriting(false)}
            onSubmit={async (body) => {
              const r = await m.mutateAsync(body as ReferralSubmit);
              key.reset();
              setWriting(false);
              await queryClient.invalidateQueries({ queryKey: admissionKeys.sent });
              notify({ message: t('admissions.sent.sent', { reference: r.reference }) });
            }}
          />
        ) : null}
        <Card withBorder padding="lg" component="section" aria-label={t('admissions.sent.list')}>
          {sent.isPending ? (
            <LoadingState />
          ) : sent.isError ? (
            <ErrorState error={sent.error} onRetry={() => void sent.refetch()} />
          ) : sent.data.length === 0 ? (
            <EmptyState icon={<IconSend aria-hidden />} title={t('admissions.sent.empty')} />
          ) : (
            <TableScroll label={t('admissions.sent.list')} minWidth={760}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('admissions.fields.reference')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.fields.person')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.fields.requestedServices')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.fields.status')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.sent.decision')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sent.data.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        {s.reference}
                        <Text size="xs" c="dimmed">
                          {formatDateTime(s.receivedAt, false)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{s.personName}</Table.Td>
                      <Table.Td>{s.requestedServices.join(', ')}</Table.Td>
                      <Table.Td>
                        <Badge variant="light">{referrerStatusLabel(t, s.status)}</Badge>
                      </Table.Td>
                      <Table.Td>
                        {s.decision ? (
                          <Stack gap={2}>
                            <Group gap={6}>
                              <Badge color={outcomeColor[s.decision.outcome]} variant="light">
                                {outcomeLabel(t, s.decision.outcome)}
                              </Badge>
                              <Text size="xs" c="dimmed">
                                {formatDateTime(s.decision.decidedAt, false)}
                              </Text>
                            </Group>
                            {s.decision.redirectedTo ? (
                              <Text size="sm">{t('admissions.sent.redirectedTo', { to: s.decision.redirectedTo })}</Text>
                            ) : null}
                            {s.decision.message ? <Text size="sm">{s.decision.message}</Text> : null}
                            {s.admittedOn ? (
                              <Text size="sm">{t('admissions.sent.admittedOn', { date: formatDay(s.admittedOn) })}</Text>
                            ) : null}
                          </Stack>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {t('admissions.sent.noDecision')}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </Card>
      </Stack>
    </>
  );
}
