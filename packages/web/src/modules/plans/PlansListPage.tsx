import { Badge, Button, Checkbox, Group, Select, Stack, Table, Text } from '@mantine/core';
import { planStatuses, type PlanStatus } from '@maillon/shared/plans';
import { IconClipboardHeart, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay } from '../../ui/format';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { useMe } from '../identity/public';
import { planListQueryOptions, type PlanSummary } from './api';
import { statusColor, statusLabel } from './labels';

/** `/plans`: the personal plans the user may see, with the reviews that are due and the budgets over their allocation. */
export function PlansListPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [status, setStatus] = useState<PlanStatus | null>(null);
  const [reviewDue, setReviewDue] = useState(false);
  const [cursors, setCursors] = useState<string[]>([]);
  const filters = { status: status ?? undefined, reviewDue: reviewDue ? 'true' : undefined, cursor: cursors.at(-1) };
  const list = useQuery(planListQueryOptions(filters));
  const canCreate = !!me?.permissions.includes('plan.write');
  const partner = me?.membership?.role === 'external_partner';

  let body;
  if (list.isPending) body = <LoadingState label={t('plans.list.loading')} />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  else if (list.data.items.length === 0)
    body = (
      <EmptyState
        icon={<IconClipboardHeart aria-hidden />}
        title={t('plans.list.empty')}
        description={partner ? t('plans.list.emptyPartner') : t('plans.list.emptyHelp')}
      />
    );
  else
    body = (
      <Stack gap="sm">
        <PlansTable plans={list.data.items} />
        <Group gap="sm">
          {cursors.length > 0 ? (
            <Button variant="default" onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('plans.list.previous')}
            </Button>
          ) : null}
          {list.data.nextCursor ? (
            <Button variant="default" onClick={() => setCursors((c) => [...c, list.data.nextCursor!])}>
              {t('plans.list.next')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    );

  return (
    <>
      <PageHeader
        title={t('plans.list.title')}
        description={partner ? t('plans.list.partnerDescription') : t('plans.list.description')}
        actions={
          canCreate ? (
            <ButtonLink to="/plans/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('plans.list.new')}
            </ButtonLink>
          ) : null
        }
      />
      <Stack gap="md">
        {!partner ? (
          <Group gap="md" align="flex-end" wrap="wrap">
            <Select
              label={t('plans.list.filterStatus')}
              placeholder={t('plans.list.allStatuses')}
              data={planStatuses.map((s) => ({ value: s, label: statusLabel(t, s) }))}
              value={status}
              onChange={(v) => {
                setStatus(v);
                setCursors([]);
              }}
              clearable
              w={240}
            />
            <Checkbox
              label={t('plans.list.filterReviewDue')}
              checked={reviewDue}
              onChange={(e) => {
                setReviewDue(e.currentTarget.checked);
                setCursors([]);
              }}
              mb={8}
            />
          </Group>
        ) : null}
        {body}
      </Stack>
    </>
  );
}

/** The plans as a table: person, status, version, start, next review, budget. Also the person's record tab. */
export function PlansTable({ plans }: { plans: PlanSummary[] }) {
  const { t } = useTranslation();
  return (
    <TableScroll label={t('plans.list.caption')} minWidth={720}>
      <Table verticalSpacing="sm" striped highlightOnHover>
        <Table.Caption>{t('plans.list.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('plans.list.person')}</Table.Th>
            <Table.Th>{t('plans.list.status')}</Table.Th>
            <Table.Th>{t('plans.list.version')}</Table.Th>
            <Table.Th>{t('plans.list.start')}</Table.Th>
            <Table.Th>{t('plans.list.nextReview')}</Table.Th>
            <Table.Th>{t('plans.list.budget')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plans.map((p) => (
            <Row key={p.id} plan={p} />
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function Row({ plan }: { plan: PlanSummary }) {
  const { t } = useTranslation();
  // A new version being prepared beside the version in force, still followed (issue 19, item 5): both are shown.
  const both = plan.inForceNumber !== null && plan.inForceNumber !== plan.versionNumber;
  return (
    <Table.Tr>
      <Table.Td>
        <AnchorLink to="/plans/$planId" params={{ planId: plan.id }} search={{}}>
          {plan.personName}
        </AnchorLink>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="wrap">
          <CellBadge color={statusColor[plan.status]} variant="light">
            {statusLabel(t, plan.status)}
          </CellBadge>
          {both && plan.inForceStatus ? (
            <CellBadge color={statusColor[plan.inForceStatus]} variant="light">
              {statusLabel(t, plan.inForceStatus)}
            </CellBadge>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>
        {t('plans.versionNumber', { number: plan.versionNumber })}
        {both ? (
          <Text size="sm" component="div">
            <AnchorLink to="/plans/$planId" params={{ planId: plan.id }} search={{ version: plan.inForceNumber! }}>
              {t('plans.list.inForce', { number: plan.inForceNumber })}
            </AnchorLink>
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>{plan.startDate ? formatDay(plan.startDate) : '—'}</Table.Td>
      <Table.Td>
        {plan.nextReviewOn ? (
          <Group gap={6} wrap="nowrap">
            <Text size="sm">{formatDay(plan.nextReviewOn)}</Text>
            {plan.reviewDue ? (
              <Badge color="orange" variant="light">
                {t('plans.list.due')}
              </Badge>
            ) : null}
          </Group>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        {plan.overBudget ? (
          <CellBadge color="red" variant="light">
            {t('plans.budget.over')}
          </CellBadge>
        ) : (
          '—'
        )}
      </Table.Td>
    </Table.Tr>
  );
}
