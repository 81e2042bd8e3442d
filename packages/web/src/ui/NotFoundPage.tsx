import { Button, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconMapOff } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from './EmptyState';
import { PageHeader } from './PageHeader';

/** Shown for any unknown path, inside the layout so the navigation stays available. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PageHeader title={t('notFound.title')} />
      <EmptyState
        icon={<IconMapOff aria-hidden />}
        title={t('notFound.code')}
        description={<Text component="span">{t('notFound.description')}</Text>}
        action={
          <Button component={Link} to="/" leftSection={<IconArrowLeft size={16} aria-hidden />}>
            {t('notFound.backHome')}
          </Button>
        }
      />
    </Stack>
  );
}
