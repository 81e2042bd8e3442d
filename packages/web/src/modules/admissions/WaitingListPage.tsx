import { waitingPriorities, type WaitingPriority } from '@maillon/shared/admissions';
import { Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconListNumbers } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime, formatDay } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { useMe } from '../identity/public';
import { admissionKeys, changeWaiting, occupancyQueryOptions, waitingListQueryOptions, type WaitingList } from './api';
import { AdmissionsNav } from './AdmissionsNav';
import { isOneOf, options, priorityColor, priorityLabel } from './labels';

type Entry = WaitingList['items'][number];

/** `/admissions/waiting-list?serviceId=`: a service's waiting list in the committee's order, with each change. */
export function WaitingListPage({ serviceId }: { serviceId: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const services = useQuery(occupancyQueryOptions());
  const chosen = serviceId ?? services.data?.find((s) => s.waiting > 0)?.serviceId ?? services.data?.[0]?.serviceId;
  return (
    <>
      <PageHeader title={t('admissions.waiting.pageTitle')} description={t('admissions.waiting.description')} />
      <AdmissionsNav current="waiting" />
      <Stack gap="lg">
        <Select
          label={t('admissions.fields.service')}
          data={(services.data ?? []).map((s) => ({ value: s.serviceId, label: `${s.name} (${s.waiting})` }))}
          value={chosen ?? null}
          onChange={(v) => v && void navigate({ to: '/admissions/waiting-list', search: { serviceId: v } })}
          allowDeselect={false}
          comboboxProps={{ withinPortal: false }}
          maw={420}
        />
        {chosen ? <List serviceId={chosen} /> : services.isPending ? <LoadingState /> : null}
      </Stack>
    </>
  );
}

function List({ serviceId }: { serviceId: string }) {
  const { t } = useTranslation();
  const q = useQuery(waitingListQueryOptions(serviceId));
  const me = useMe().data;
  const [editing, setEditing] = useState<Entry | null>(null);
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const s = q.data.service;
  return (
    <Card withBorder padding="lg" component="section" aria-label={t('admissions.waiting.pageTitle')}>
      <Text size="sm" mb="md">
        {s.capacity === null
          ? t('admissions.occupancy.noCapacity', { occupied: s.occupied })
          : t('admissions.occupancy.line', { occupied: s.occupied, capacity: s.capacity, free: s.free ?? 0 })}{' '}
        {s.full ? <Badge color="red">{t('admissions.occupancy.full')}</Badge> : null}
      </Text>
      {q.data.items.length === 0 ? (
        <EmptyState icon={<IconListNumbers aria-hidden />} title={t('admissions.waiting.empty')} />
      ) : (
        <TableScroll label={t('admissions.waiting.caption', { service: s.name })} minWidth={860}>
          <Table verticalSpacing="sm">
            <Table.Caption>{t('admissions.waiting.caption', { service: s.name })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('admissions.waiting.rank')}</Table.Th>
                <Table.Th scope="col">{t('admissions.fields.person')}</Table.Th>
                <Table.Th scope="col">{t('admissions.waiting.priority')}</Table.Th>
                <Table.Th scope="col">{t('admissions.waiting.since')}</Table.Th>
                <Table.Th scope="col">{t('admissions.waiting.changes')}</Table.Th>
                <Table.Th scope="col">{t('state.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td fw={700}>{e.rank}</Table.Td>
                  <Table.Td>
                    <AnchorLink to="/admissions/referrals/$referralId" params={{ referralId: e.referralId }} fw={600} size="sm">
                      {e.personName}
                    </AnchorLink>
                    <Text size="xs" c="dimmed">
                      {e.reference} · {t('admissions.inbox.born', { date: formatDay(e.birthDate) })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={priorityColor[e.priority]} variant="light">
                      {priorityLabel(t, e.priority)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDay(e.since)}</Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {e.changes.map((c, i) => (
                        <Text size="xs" key={i}>
                          {formatDateTime(c.at, false)} — {t(`admissions.waiting.kinds.${c.kind}`)}
                          {c.toPriority && c.kind === 'priority'
                            ? ` (${priorityLabel(t, c.fromPriority ?? 'normal')} → ${priorityLabel(t, c.toPriority)})`
                            : ''}
                          {c.reason ? ` : ${c.reason}` : ''}
                          {c.by ? ` — ${c.by}` : ''}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {me?.permissions.includes('referral.update') ? (
                      <Button size="xs" variant="default" onClick={() => setEditing(e)}>
                        {t('admissions.waiting.change')}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {editing ? <ChangeModal entry={editing} serviceId={serviceId} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

function ChangeModal({ entry, serviceId, onClose }: { entry: Entry; serviceId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<WaitingPriority | 'leave'>(entry.priority === 'normal' ? 'high' : 'normal');
  const [reason, setReason] = useState('');
  const m = useMutation({
    mutationFn: () => changeWaiting(entry, action === 'leave' ? { leave: true, reason } : { priority: action, reason }),
  });
  const short = reason.trim().length < 10;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('admissions.waiting.changeTitle', { name: entry.personName })}
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      <Stack gap="md">
        <Select
          label={t('admissions.waiting.action')}
          data={[
            ...options(
              waitingPriorities.filter((p) => p !== entry.priority),
              (p) => t('admissions.waiting.setPriority', { priority: priorityLabel(t, p) }),
            ),
            { value: 'leave', label: t('admissions.waiting.leave') },
          ]}
          value={action}
          onChange={(v) => (v === 'leave' || isOneOf(waitingPriorities, v)) && setAction(v)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: false }}
        />
        <Textarea
          label={t('admissions.waiting.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          autosize
          minRows={2}
          error={reason && short ? t('admissions.validation.reason') : undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('state.cancel')}
          </Button>
          <Button
            disabled={short}
            loading={m.isPending}
            onClick={() =>
              m.mutate(undefined, {
                onSuccess: (list) => {
                  queryClient.setQueryData(admissionKeys.waiting(serviceId), list);
                  void queryClient.invalidateQueries({ queryKey: admissionKeys.occupancy });
                  notify({ message: t('admissions.waiting.changed') });
                  onClose();
                },
                onError: (e) => notifyError(e),
              })
            }
          >
            {t('state.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
