import { Badge, Group, Stack, Text } from '@mantine/core';
import type { PlanStatus } from '@maillon/shared/plans';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { planListQueryOptions } from './api';
import { statusColor, statusLabel } from './labels';

/** The plan in force first (also while its review is under way), then one agreed or being written. */
const preference: PlanStatus[] = ['active', 'under_review', 'agreed', 'proposed', 'draft'];

/**
 * For the record's summary: the status of the person's plan in force and its next review date.
 * Only for a caller who may read plans (the record hides it otherwise).
 */
export function PersonPlanSummary({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const list = useQuery(planListQueryOptions({ personId }));
  if (list.isPending) return <LoadingState label={t('plans.list.loading')} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  const plan = preference.map((s) => list.data.items.find((p) => p.status === s)).find(Boolean);
  if (!plan) return <Text c="dimmed">{t('plans.personSummary.none')}</Text>;
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        <Badge color={statusColor[plan.status]} variant="light">
          {statusLabel(t, plan.status)}
        </Badge>
        <Text size="sm">{t('plans.versionNumber', { number: plan.versionNumber })}</Text>
        {plan.startDate ? <Text size="sm">{t('plans.personSummary.since', { date: formatDay(plan.startDate) })}</Text> : null}
      </Group>
      <Group gap="xs" wrap="wrap">
        <Text size="sm">
          {plan.nextReviewOn
            ? t('plans.personSummary.nextReview', { date: formatDay(plan.nextReviewOn) })
            : t('plans.personSummary.noReview')}
        </Text>
        {plan.reviewDue ? (
          <Badge color="orange" variant="light">
            {t('plans.list.due')}
          </Badge>
        ) : null}
        {plan.overBudget ? (
          <Badge color="red" variant="light">
            {t('plans.budget.over')}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm">
        <AnchorLink to="/plans/$planId" params={{ planId: plan.id }} search={{}} size="sm">
          {t('plans.personSummary.open')}
        </AnchorLink>
      </Text>
    </Stack>
  );
}
