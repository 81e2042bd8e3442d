import { Button, Stack } from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from './EmptyState';
import { PageHeader } from './PageHeader';

/** Shown in place of a page the user's role does not allow. Only comfort: the server refuses anyway (SEC-AZ-02). */
export function AccessDeniedPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PageHeader title={t('accessDenied.title')} />
      <EmptyState
        icon={<IconLock aria-hidden />}
        title={t('accessDenied.code')}
        description={t('accessDenied.description')}
        action={
          <Button component={Link} to="/" leftSection={<IconArrowLeft size={16} aria-hidden />}>
            {t('notFound.backHome')}
          </Button>
        }
      />
    </Stack>
  );
}
