import { Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../ui/links';

type Section = 'inbox' | 'committees' | 'waiting' | 'occupancy';

/** The four pages of admissions, side by side: the inbox, the committees, the waiting lists, occupancy. */
export function AdmissionsNav({ current }: { current: Section }) {
  const { t } = useTranslation();
  const link = (section: Section, to: '/admissions' | '/admissions/committees' | '/admissions/waiting-list' | '/admissions/occupancy') => (
    <ButtonLink
      to={to}
      variant={current === section ? 'filled' : 'default'}
      size="sm"
      aria-current={current === section ? 'page' : undefined}
    >
      {t(`admissions.nav.${section}`)}
    </ButtonLink>
  );
  return (
    <Group component="nav" aria-label={t('admissions.nav.label')} gap="xs" mb="lg">
      {link('inbox', '/admissions')}
      {link('committees', '/admissions/committees')}
      {link('waiting', '/admissions/waiting-list')}
      {link('occupancy', '/admissions/occupancy')}
    </Group>
  );
}
