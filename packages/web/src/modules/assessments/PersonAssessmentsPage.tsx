import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { personHeaderQueryOptions } from './api';
import { PersonAssessmentsPanel } from './PersonAssessmentsPanel';

/** `/people/$personId/assessments`: the person's assessments on a page of their own. */
export function PersonAssessmentsPage({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const person = useQuery(personHeaderQueryOptions(personId));
  const name = person.data?.name;
  return (
    <>
      <PageHeader
        title={name ? t('assessments.history.pageTitle', { name }) : t('assessments.history.title')}
        actions={
          <ButtonLink to="/people/$personId" params={{ personId }} variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
            {t('assessments.history.backToRecord')}
          </ButtonLink>
        }
      />
      <PersonAssessmentsPanel personId={personId} />
    </>
  );
}
