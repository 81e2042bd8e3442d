import { Card, Table, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { LoadingState } from '../../ui/LoadingState';
import { invitationsQueryOptions } from './api';
import { roleLabel } from './labels';

/** Invitations sent and not yet accepted (the others are in the audit log). */
export function InvitationsSection() {
  const { t } = useTranslation();
  const headingId = useId();
  const invitations = useQuery(invitationsQueryOptions());
  const pending = invitations.data?.filter((i) => i.status === 'pending') ?? [];

  let content;
  if (invitations.isPending) content = <LoadingState label={t('users.invitations.loading')} />;
  else if (invitations.isError)
    content = <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} retrying={invitations.isFetching} />;
  else if (pending.length === 0) content = <EmptyState icon={<IconMailForward aria-hidden />} title={t('users.invitations.empty')} />;
  else {
    content = (
      <TableScroll label={t('users.invitations.caption')} minWidth={560}>
        <Table verticalSpacing="sm">
          <Table.Caption>{t('users.invitations.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('users.fields.email')}</Table.Th>
              <Table.Th scope="col">{t('users.fields.role')}</Table.Th>
              <Table.Th scope="col">{t('users.invitations.expiresAt')}</Table.Th>
              <Table.Th scope="col">{t('users.columns.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pending.map((invitation) => (
              <Table.Tr key={invitation.id}>
                <Table.Td>{invitation.email}</Table.Td>
                <Table.Td>{roleLabel(t, invitation.role)}</Table.Td>
                <Table.Td>{formatDateTime(invitation.expiresAt, false)}</Table.Td>
                <Table.Td>
                  <CellBadge color="yellow" variant="light">
                    {t('users.invitations.pending')}
                  </CellBadge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    );
  }

  return (
    <Card component="section" aria-labelledby={headingId} withBorder padding="lg">
      <Title order={2} id={headingId} mb="md">
        {t('users.invitations.title')}
      </Title>
      {content}
    </Card>
  );
}
