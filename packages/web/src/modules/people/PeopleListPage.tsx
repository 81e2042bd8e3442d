import { Button, Card, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultCaseloadScope } from '@maillon/shared/people';
import { CellBadge } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { PagedTable } from '../../ui/PagedTable';
import { useCursorList } from '../../ui/paging';
import { memberChoicesQueryOptions, useMe } from '../identity/public';
import { caseloadInfiniteQueryOptions, serviceChoicesQueryOptions, type CaseloadFilters, type PersonSummary } from './api';
import { birthDateWithAge, birthNameNote, personName } from './format';
import { isOneOf, personStatusColor, personStatusLabel, personStatusOptions, type PersonStatus } from './labels';

const SCOPES = ['mine', 'service', 'all'] as const;
type Scope = (typeof SCOPES)[number];
const SORTS = ['name', 'updated'] as const;
const STATUSES = ['active', 'waiting', 'ended'] as const;

/** The caseload: my people, my service, everyone I may see. Names are searched by POST, never in the URL. */
export function PeopleListPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const permissions = me?.permissions ?? [];
  const [scope, setScope] = useState<Scope>(() =>
    me?.membership ? defaultCaseloadScope(me.membership.role, me.membership.profession, me.membership.serviceId) : 'mine',
  );
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<PersonStatus | null>(null);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [referentUserId, setReferentUserId] = useState<string | null>(null);
  const [sort, setSort] = useState<(typeof SORTS)[number]>('name');

  const filters: CaseloadFilters = {
    scope,
    sort,
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(serviceId ? { serviceId } : {}),
    ...(referentUserId ? { referentUserId } : {}),
  };

  return (
    <>
      <PageHeader
        title={t('people.list.title')}
        description={t('people.list.description')}
        actions={
          permissions.includes('person.create') ? (
            <Button component={Link} to="/people/new" leftSection={<IconUserPlus size={18} aria-hidden />}>
              {t('people.list.new')}
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        <Card component="section" withBorder padding="lg" aria-label={t('people.list.filters')}>
          <Stack gap="md">
            <SegmentedControl
              aria-label={t('people.list.scope')}
              value={scope}
              onChange={(value) => isOneOf(SCOPES, value) && setScope(value)}
              data={SCOPES.map((value) => ({ value, label: t(`people.list.scopes.${value}`) }))}
              fullWidth
              maw={640}
            />
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="md">
              <TextInput
                type="search"
                label={t('people.list.search')}
                description={t('people.list.searchHelp')}
                leftSection={<IconSearch size={16} aria-hidden />}
                value={search}
                onChange={(event) => setSearch(event.currentTarget.value)}
                autoComplete="off"
                spellCheck={false}
              />
              <Select
                label={t('people.list.status')}
                placeholder={t('people.list.allStatuses')}
                data={personStatusOptions(t)}
                value={status}
                onChange={(value) => setStatus(isOneOf(STATUSES, value) ? value : null)}
                clearable
                clearButtonProps={{ 'aria-label': t('state.clear') }}
                comboboxProps={{ withinPortal: false }}
              />
              <ServiceFilter value={serviceId} onChange={setServiceId} />
              {permissions.includes('user.read') ? <ReferentFilter value={referentUserId} onChange={setReferentUserId} /> : null}
              <Select
                label={t('people.list.sort')}
                data={SORTS.map((value) => ({ value, label: t(`people.list.sorts.${value}`) }))}
                value={sort}
                onChange={(value) => isOneOf(SORTS, value) && setSort(value)}
                allowDeselect={false}
                comboboxProps={{ withinPortal: false }}
              />
            </SimpleGrid>
          </Stack>
        </Card>
        <Results filters={filters} />
      </Stack>
    </>
  );
}

function ServiceFilter({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const { t } = useTranslation();
  const services = useQuery(serviceChoicesQueryOptions());
  return (
    <Select
      label={t('people.list.service')}
      placeholder={services.isPending ? t('state.loading') : t('people.list.allServices')}
      data={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
      value={value}
      onChange={onChange}
      clearable
      clearButtonProps={{ 'aria-label': t('state.clear') }}
      error={services.isError ? t('people.list.servicesUnavailable') : undefined}
      comboboxProps={{ withinPortal: false }}
    />
  );
}

function ReferentFilter({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const { t } = useTranslation();
  const members = useQuery(memberChoicesQueryOptions());
  const data = (members.data?.items ?? []).filter((m) => m.status === 'active').map((m) => ({ value: m.userId, label: m.displayName }));
  return (
    <Select
      label={t('people.list.referent')}
      placeholder={members.isPending ? t('state.loading') : t('people.list.allReferents')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('state.clear') }}
      nothingFoundMessage={t('people.list.noReferentFound')}
      error={members.isError ? t('people.list.referentsUnavailable') : undefined}
      comboboxProps={{ withinPortal: false }}
    />
  );
}

function Results({ filters }: { filters: CaseloadFilters }) {
  const { t } = useTranslation();
  const people = useCursorList(caseloadInfiniteQueryOptions(filters));
  const filtered = Boolean(filters.q || filters.status || filters.serviceId || filters.referentUserId);
  return (
    <PagedTable
      list={people}
      label={t('people.list.results')}
      caption={t('people.list.caption')}
      minWidth={900}
      loadingLabel={t('people.list.loading')}
      shown={(count) => t('people.list.shown', { count })}
      empty={
        <EmptyState
          icon={<IconUsersGroup aria-hidden />}
          title={filtered ? t('people.list.emptyFiltered') : t(`people.list.empty.${filters.scope}`)}
          description={filtered ? t('people.list.emptyFilteredHelp') : undefined}
        />
      }
      columns={[
        t('people.list.columns.name'),
        t('people.list.columns.status'),
        t('people.list.columns.birthDate'),
        t('people.list.columns.commune'),
        t('people.list.columns.service'),
        t('people.list.columns.referent'),
        t('people.list.columns.updatedAt'),
      ]}
      row={(person) => <PersonRow key={person.id} person={person} />}
    />
  );
}

/** The whole row opens the record with a mouse; the name is the link for keyboards and screen readers. */
function PersonRow({ person }: { person: PersonSummary }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const note = birthNameNote(t, person);
  return (
    <Table.Tr
      style={{ cursor: 'pointer' }}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('a')) return;
        void navigate({ to: '/people/$personId', params: { personId: person.id } });
      }}
    >
      <Table.Td>
        <AnchorLink to="/people/$personId" params={{ personId: person.id }} fw={600} size="sm">
          {personName(person)}
        </AnchorLink>
        {note ? (
          <Text size="xs" c="dimmed">
            {note}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <CellBadge color={personStatusColor(person.status)} variant="light">
          {personStatusLabel(t, person.status)}
        </CellBadge>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{birthDateWithAge(t, person.birthDate)}</Table.Td>
      <Table.Td>{person.commune ?? '—'}</Table.Td>
      <Table.Td>{person.serviceName ?? '—'}</Table.Td>
      <Table.Td>{person.referentName ?? '—'}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={person.updatedAt}>{formatDateTime(person.updatedAt, false)}</time>
      </Table.Td>
    </Table.Tr>
  );
}
