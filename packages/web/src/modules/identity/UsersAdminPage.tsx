import { Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { membersInfiniteQueryOptions, servicesQueryOptions, useMe, type Member, type MemberStatus, type Role } from './api';
import { EditMemberDrawer } from './EditMemberDrawer';
import { InvitationsSection } from './InvitationsSection';
import { InviteMemberModal } from './InviteMemberModal';
import { isRole, professionLabel, roleLabel, roleOptions } from './labels';
import { MemberStatusModal } from './MemberStatusModal';

const isStatus = (value: unknown): value is MemberStatus => value === 'active' || value === 'deactivated';

export function UsersAdminPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const permissions = me?.permissions ?? [];
  const canInvite = permissions.includes('user.invite');
  const [inviting, setInviting] = useState(false);
  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          canInvite ? (
            <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={() => setInviting(true)}>
              {t('users.invite.open')}
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        <MembersSection
          currentUserId={me?.user.id}
          canUpdate={permissions.includes('user.update')}
          canDeactivate={permissions.includes('user.deactivate')}
        />
        {canInvite ? <InvitationsSection /> : null}
      </Stack>
      {canInvite ? <InviteMemberModal opened={inviting} onClose={() => setInviting(false)} /> : null}
    </>
  );
}

interface MembersSectionProps {
  currentUserId: string | undefined;
  canUpdate: boolean;
  canDeactivate: boolean;
}

function MembersSection({ currentUserId, canUpdate, canDeactivate }: MembersSectionProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [status, setStatus] = useState<MemberStatus | null>(null);
  const [q] = useDebouncedValue(search.trim(), 300);
  const [editing, setEditing] = useState<Member | null>(null);
  const [changingStatus, setChangingStatus] = useState<Member | null>(null);

  const filters = { q: q || undefined, role: role ?? undefined, status: status ?? undefined };
  const members = useInfiniteQuery({ ...membersInfiniteQueryOptions(filters), placeholderData: keepPreviousData });
  const services = useQuery(servicesQueryOptions());
  const serviceNames = useMemo(() => new Map((services.data ?? []).map((s) => [s.id, s.name])), [services.data]);
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(filters.q || filters.role || filters.status);

  let content;
  if (members.isPending) content = <LoadingState label={t('users.loading')} />;
  else if (members.isError && items.length === 0)
    content = <ErrorState error={members.error} onRetry={() => void members.refetch()} retrying={members.isFetching} />;
  else if (items.length === 0)
    content = (
      <EmptyState
        icon={<IconUsers aria-hidden />}
        title={filtered ? t('users.emptyFiltered') : t('users.empty')}
        description={filtered ? t('users.emptyFilteredHelp') : undefined}
      />
    );
  else {
    content = (
      <Stack gap="md">
        <TableScroll label={t('users.caption')} minWidth={860}>
          <Table verticalSpacing="sm" highlightOnHover aria-busy={members.isFetching}>
            <Table.Caption>{t('users.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('users.columns.name')}</Table.Th>
                <Table.Th scope="col">{t('users.columns.roleAndProfession')}</Table.Th>
                <Table.Th scope="col">{t('users.columns.service')}</Table.Th>
                <Table.Th scope="col">{t('users.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('users.columns.mfa')}</Table.Th>
                {canUpdate || canDeactivate ? <Table.Th scope="col">{t('state.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((member) => (
                <Table.Tr key={member.membershipId}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {member.displayName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {member.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{roleLabel(t, member.role)}</Text>
                    {member.profession ? (
                      <Text size="xs" c="dimmed">
                        {professionLabel(t, member.profession)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{member.serviceId ? (serviceNames.get(member.serviceId) ?? '—') : '—'}</Table.Td>
                  <Table.Td>
                    <CellBadge color={member.status === 'active' ? 'teal' : 'gray'} variant="light">
                      {t(`users.status.${member.status}`)}
                    </CellBadge>
                  </Table.Td>
                  <Table.Td>
                    <CellBadge color={member.mfaEnabled ? 'blue' : 'gray'} variant={member.mfaEnabled ? 'light' : 'outline'}>
                      {member.mfaEnabled ? t('users.mfaOn') : t('users.mfaOff')}
                    </CellBadge>
                  </Table.Td>
                  {canUpdate || canDeactivate ? (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {canUpdate ? (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setEditing(member)}
                            aria-label={t('users.editFor', { name: member.displayName })}
                          >
                            {t('state.edit')}
                          </Button>
                        ) : null}
                        {canDeactivate && member.userId !== currentUserId ? (
                          <Button
                            size="xs"
                            variant="default"
                            color={member.status === 'active' ? 'red' : undefined}
                            onClick={() => setChangingStatus(member)}
                            aria-label={
                              member.status === 'active'
                                ? t('users.deactivateFor', { name: member.displayName })
                                : t('users.reactivateFor', { name: member.displayName })
                            }
                          >
                            {member.status === 'active' ? t('users.deactivate') : t('users.reactivate')}
                          </Button>
                        ) : null}
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        {members.isError ? <ErrorState error={members.error} onRetry={() => void members.fetchNextPage()} /> : null}
        {members.hasNextPage ? (
          <Group justify="center">
            <Button variant="default" onClick={() => void members.fetchNextPage()} loading={members.isFetchingNextPage}>
              {t('state.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  }

  return (
    <Card component="section" aria-labelledby={headingId} withBorder padding="lg">
      <Title order={2} id={headingId} mb="md">
        {t('users.members')}
      </Title>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          <TextInput
            type="search"
            label={t('users.search')}
            description={t('users.searchHelp')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
          />
          <Select
            label={t('users.filterRole')}
            placeholder={t('users.allRoles')}
            data={roleOptions(t)}
            value={role}
            onChange={(value) => setRole(isRole(value) ? value : null)}
            clearable
            clearButtonProps={{ 'aria-label': t('state.clear') }}
            comboboxProps={{ withinPortal: false }}
          />
          <Select
            label={t('users.filterStatus')}
            placeholder={t('users.allStatuses')}
            data={[
              { value: 'active', label: t('users.status.active') },
              { value: 'deactivated', label: t('users.status.deactivated') },
            ]}
            value={status}
            onChange={(value) => setStatus(isStatus(value) ? value : null)}
            clearable
            clearButtonProps={{ 'aria-label': t('state.clear') }}
            comboboxProps={{ withinPortal: false }}
          />
        </SimpleGrid>
        <VisuallyHidden role="status" aria-live="polite">
          {members.isSuccess ? t('users.shown', { count: items.length }) : ''}
        </VisuallyHidden>
        {content}
      </Stack>
      <EditMemberDrawer member={editing} currentUserId={currentUserId} onClose={() => setEditing(null)} />
      <MemberStatusModal member={changingStatus} onClose={() => setChangingStatus(null)} />
    </Card>
  );
}
