import { Alert } from '@mantine/core';
import { IconEyeOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** In place of a section the caller's profession may not read (the server sends nothing of it): not an empty section. */
export function NotVisible({ inline = false }: { inline?: boolean }) {
  const { t } = useTranslation();
  if (inline) return <>{t('people.notVisible')}</>;
  return (
    <Alert color="gray" variant="light" icon={<IconEyeOff aria-hidden />} title={t('people.notVisible')}>
      {t('people.notVisibleHelp')}
    </Alert>
  );
}
