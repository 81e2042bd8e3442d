import { Group, Stack } from '@mantine/core';
import { IconClipboardHeart, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { useMe } from '../identity/public';
import { planListQueryOptions } from './api';
import { PlansTable } from './PlansListPage';

/** The person's record, tab "Personal plan": their plans (current and past) and the way to start one. */
export function PersonPlansPanel({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const list = useQuery(planListQueryOptions({ personId }));
  const canCreate = !!me?.permissions.includes('plan.write');

  let body;
  if (list.isPending) body = <LoadingState label={t('plans.list.loading')} />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  else if (list.data.items.length === 0)
    body = <EmptyState icon={<IconClipboardHeart aria-hidden />} title={t('plans.list.empty')} description={t('plans.list.emptyHelp')} />;
  else body = <PlansTable plans={list.data.items} />;

  return (
    <Stack gap="md">
      {canCreate ? (
        <Group justify="flex-end">
          <ButtonLink to="/plans/new" search={{ personId }} leftSection={<IconPlus size={16} aria-hidden />}>
            {t('plans.list.new')}
          </ButtonLink>
        </Group>
      ) : null}
      {body}
    </Stack>
  );
}
