import { referralUrgencies, type ReferralStatus } from '@maillon/shared/admissions';
import { Button, Select, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconInbox, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellBadge } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateShort, formatDay, formatTime } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { PagedTable } from '../../ui/PagedTable';
import { useCursorList } from '../../ui/paging';
import { useMe } from '../identity/public';
import { countsQueryOptions, inboxQueryOptions, servicesQueryOptions, type InboxFilters, type ReferralSummary } from './api';
import { AdmissionsNav } from './AdmissionsNav';
import { isOneOf, options, outcomeColor, outcomeLabel, sourceLabel, statusColor, statusLabel, urgencyColor, urgencyLabel } from './labels';

const TABS = ['open', 'received', 'under_review', 'presented', 'decided', 'admitted', 'withdrawn', 'ended'] as const;
type Tab = (typeof TABS)[number];
const OPEN: ReferralStatus[] = ['received', 'under_review', 'presented', 'decided'];

/** The referrals inbox: by status, with the service and urgency filters; names only in the table, never in the URL. */
export function ReferralsInboxPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [tab, setTab] = useState<Tab>('open');
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [urgency, setUrgency] = useState<(typeof referralUrgencies)[number] | null>(null);
  const counts = useQuery(countsQueryOptions());
  const services = useQuery(servicesQueryOptions());
  const count = (s: Tab) => (counts.data ? (s === 'open' ? OPEN.reduce((n, x) => n + counts.data[x], 0) : counts.data[s]) : null);
  const filters: InboxFilters = { status: tab, ...(serviceId ? { serviceId } : {}), ...(urgency ? { urgency } : {}) };

  return (
    <>
      <PageHeader
        title={t('admissions.inbox.title')}
        description={t('admissions.inbox.description')}
        actions={
          me?.permissions.includes('referral.create') ? (
            <Button component={Link} to="/admissions/new" leftSection={<IconPlus size={18} aria-hidden />}>
              {t('admissions.inbox.new')}
            </Button>
          ) : null
        }
      />
      <AdmissionsNav current="inbox" />
      <Stack gap="lg">
        <Tabs value={tab} onChange={(v) => isOneOf(TABS, v) && setTab(v)} keepMounted={false}>
          <Tabs.List aria-label={t('admissions.inbox.byStatus')}>
            {TABS.map((s) => (
              <Tabs.Tab key={s} value={s}>
                {s === 'open' ? t('admissions.inbox.open') : statusLabel(t, s)}
                {count(s) !== null ? ` (${count(s)})` : ''}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" maw={720}>
          <Select
            label={t('admissions.fields.service')}
            placeholder={t('admissions.inbox.allServices')}
            data={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={serviceId}
            onChange={setServiceId}
            clearable
            clearButtonProps={{ 'aria-label': t('state.clear') }}
            comboboxProps={{ withinPortal: false }}
          />
          <Select
            label={t('admissions.fields.urgency')}
            placeholder={t('admissions.inbox.allUrgencies')}
            data={options(referralUrgencies, (u) => urgencyLabel(t, u))}
            value={urgency}
            onChange={(v) => setUrgency(isOneOf(referralUrgencies, v) ? v : null)}
            clearable
            clearButtonProps={{ 'aria-label': t('state.clear') }}
            comboboxProps={{ withinPortal: false }}
          />
        </SimpleGrid>
        <Results filters={filters} />
      </Stack>
    </>
  );
}

function Results({ filters }: { filters: InboxFilters }) {
  const { t } = useTranslation();
  const inbox = useCursorList(inboxQueryOptions(filters));
  return (
    <PagedTable
      list={inbox}
      label={t('admissions.inbox.results')}
      caption={t('admissions.inbox.caption')}
      minWidth={840}
      loadingLabel={t('admissions.inbox.loading')}
      shown={(count) => t('admissions.inbox.shown', { count })}
      empty={<EmptyState icon={<IconInbox aria-hidden />} title={t('admissions.inbox.empty')} />}
      columns={[
        t('admissions.fields.reference'),
        t('admissions.fields.person'),
        t('admissions.fields.status'),
        t('admissions.fields.source'),
        t('admissions.fields.service'),
        t('admissions.fields.urgency'),
        t('admissions.fields.receivedAt'),
      ]}
      row={(r) => <Row key={r.id} r={r} />}
    />
  );
}

function Row({ r }: { r: ReferralSummary }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Table.Tr
      style={{ cursor: 'pointer' }}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a')) return;
        void navigate({ to: '/admissions/referrals/$referralId', params: { referralId: r.id } });
      }}
    >
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.reference}</Table.Td>
      <Table.Td>
        <AnchorLink to="/admissions/referrals/$referralId" params={{ referralId: r.id }} fw={600} size="sm">
          {r.personName}
        </AnchorLink>
        <Text size="xs" c="dimmed">
          {t('admissions.inbox.born', { date: formatDay(r.birthDate) })}
          {r.linked ? '' : ` · ${t('admissions.inbox.notLinked')}`}
        </Text>
      </Table.Td>
      <Table.Td>
        {/* the decision under the status, not beside it */}
        <Stack gap={4} align="flex-start">
          <CellBadge color={statusColor[r.status]} variant="light">
            {statusLabel(t, r.status)}
          </CellBadge>
          {r.outcome ? (
            <CellBadge color={outcomeColor[r.outcome]} variant="light">
              {outcomeLabel(t, r.outcome)}
            </CellBadge>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        {sourceLabel(t, r.source)}
        {r.sourceOrganisation ? (
          <Text size="xs" c="dimmed">
            {r.sourceOrganisation}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>{r.service?.name ?? '—'}</Table.Td>
      <Table.Td>
        <CellBadge color={urgencyColor[r.urgency]} variant="light">
          {urgencyLabel(t, r.urgency)}
        </CellBadge>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {/* the day, and the time under it: the column stays narrow enough to show whole on a tablet */}
        <time dateTime={r.receivedAt}>
          {formatDateShort(r.receivedAt)}
          <Text component="span" display="block" size="xs" c="dimmed">
            {formatTime(r.receivedAt)}
          </Text>
        </time>
      </Table.Td>
    </Table.Tr>
  );
}
