import { waitingPriorities, type WaitingPriority } from '@maillon/shared/admissions';
import { Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconListNumbers } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
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
import {
  admissionKeys,
  changeWaiting,
  occupancyQueryOptions,
  waitingHistoryQueryOptions,
  waitingListQueryOptions,
  type WaitingList,
} from './api';
import { AdmissionsNav } from './AdmissionsNav';
import { isOneOf, options, priorityColor, priorityLabel } from './labels';

type Entry = WaitingList['items'][number];

/** `/admissions/waiting-list?serviceId=`: a service's waiting list in the committee's order; a place's history opens on demand. */
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
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpened((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
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
              {q.data.items.map((e) => {
                const open = opened.has(e.id);
                const historyId = `waiting-history-${e.id}`;
                return (
                  <Fragment key={e.id}>
                    <Table.Tr>
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
                        <Button
                          variant="subtle"
                          size="compact-sm"
                          leftSection={open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
                          aria-expanded={open}
                          aria-controls={open ? historyId : undefined}
                          aria-label={t('admissions.waiting.historyLabel', { count: e.changeCount, name: e.personName })}
                          onClick={() => toggle(e.id)}
                        >
                          {t('admissions.waiting.history', { count: e.changeCount })}
                        </Button>
                        {e.lastChangeAt ? (
                          <Text size="xs" c="dimmed">
                            {t('admissions.waiting.lastChange', { date: formatDateTime(e.lastChangeAt, false) })}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        {me?.permissions.includes('referral.update') ? (
                          <Button size="xs" variant="default" onClick={() => setEditing(e)}>
                            {t('admissions.waiting.change')}
                          </Button>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                    {open ? (
                      <Table.Tr id={historyId}>
                        <Table.Td colSpan={6}>
                          <History entry={e} />
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {editing ? <ChangeModal entry={editing} serviceId={serviceId} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

/** A place's changes, latest first: read from the server when the place is opened. */
function History({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const q = useQuery(waitingHistoryQueryOptions(entry.id));
  if (q.isPending) return <LoadingState label={t('admissions.waiting.historyLoading')} />;
  if (q.isError) {
    return (
      <ErrorState error={q.error} title={t('admissions.waiting.historyError')} onRetry={() => void q.refetch()} retrying={q.isFetching} />
    );
  }
  if (q.data.length === 0) return <Text size="sm">{t('admissions.waiting.historyEmpty')}</Text>;
  return (
    <Stack gap={2} component="ul" aria-label={t('admissions.waiting.historyTitle', { name: entry.personName })} m={0} pl="md">
      {q.data.map((c, i) => (
        <Text size="sm" key={i} component="li">
          {formatDateTime(c.at, false)} — {t(`admissions.waiting.kinds.${c.kind}`)}
          {c.toPriority && c.kind === 'priority'
            ? ` (${priorityLabel(t, c.fromPriority ?? 'normal')} → ${priorityLabel(t, c.toPriority)})`
            : ''}
          {c.reason ? ` : ${c.reason}` : ''}
          {c.by ? ` — ${c.by}` : ''}
        </Text>
      ))}
    </Stack>
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
                  void queryClient.invalidateQueries({ queryKey: admissionKeys.waitingHistory(entry.id) });
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
