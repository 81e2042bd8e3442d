import { Alert, Badge, Card, DataList, Group, Stack, Title } from '@mantine/core';
import { IconInfoCircle, IconPuzzle } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { i18n } from '../../i18n';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { useMeta, type Meta } from './api';

export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('home.title')} documentTitle={t('nav.home')} description={t('home.description')} />
      <SystemStatusCard />
    </>
  );
}

function SystemStatusCard() {
  const { t } = useTranslation();
  const titleId = useId();
  const meta = useMeta();
  return (
    <Card component="section" aria-labelledby={titleId} withBorder padding="lg" maw={720}>
      <Title order={2} id={titleId} mb="md">
        {t('home.status.title')}
      </Title>
      {meta.isPending ? (
        <LoadingState label={t('home.status.loading')} />
      ) : meta.isError ? (
        <ErrorState error={meta.error} onRetry={() => void meta.refetch()} retrying={meta.isFetching} />
      ) : (
        <SystemStatus meta={meta.data} />
      )}
    </Card>
  );
}

/** A module's name as people say it; a module this web app has no name for yet keeps its technical name. */
function moduleLabel(t: TFunction, module: string): string {
  const key = `home.status.moduleNames.${module}`;
  return i18n.exists(key) ? String(t(key as never)) : module;
}

function SystemStatus({ meta }: { meta: Meta }) {
  const { t } = useTranslation();
  const modulesTitleId = useId();
  return (
    <Stack gap="md">
      {meta.mode === 'demo' ? (
        <Alert variant="light" color="orange" icon={<IconInfoCircle aria-hidden />}>
          {t('home.status.demoWarning')}
        </Alert>
      ) : null}
      <DataList labelWidth="9rem">
        <DataList.Item>
          <DataList.ItemLabel>{t('home.status.name')}</DataList.ItemLabel>
          <DataList.ItemValue>{meta.name}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('home.status.version')}</DataList.ItemLabel>
          <DataList.ItemValue>{meta.version}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('home.status.mode')}</DataList.ItemLabel>
          <DataList.ItemValue>{meta.mode === 'demo' ? t('home.status.modeDemo') : t('home.status.modeProduction')}</DataList.ItemValue>
        </DataList.Item>
      </DataList>
      <section aria-labelledby={modulesTitleId}>
        <Title order={3} size="h4" id={modulesTitleId} mb="xs">
          {t('home.status.modules')}
        </Title>
        {meta.modules.length > 0 ? (
          <Group component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {meta.modules.map((module) => (
              <Badge component="li" key={module} variant="light" tt="none" size="lg">
                {moduleLabel(t, module)}
              </Badge>
            ))}
          </Group>
        ) : (
          <EmptyState
            icon={<IconPuzzle aria-hidden />}
            title={t('home.status.noModulesTitle')}
            description={t('home.status.noModulesDescription')}
          />
        )}
      </section>
    </Stack>
  );
}
