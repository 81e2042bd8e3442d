import { Stack } from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { todayDay } from '../../ui/format';
import { ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { useMe } from '../identity/public';
import {
  assessmentKeys,
  instrumentsQueryOptions,
  needsTaxonomyQueryOptions,
  personHeaderQueryOptions,
  type Assessment,
  type Versioned,
} from './api';
import { AssessmentEditor, domainsOf, readableCategories } from './AssessmentEditor';
import { emptyForm, type WriteRights } from './formState';

/** `/people/$personId/assessments/new`: a new assessment of the person, typed offline if need be. */
export function NewAssessmentPage({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const person = useQuery(personHeaderQueryOptions(personId));
  const taxonomy = useQuery(needsTaxonomyQueryOptions());
  const instruments = useQuery(instrumentsQueryOptions());
  const [initialForm] = useState(() => emptyForm(todayDay()));

  const rights = useMemo<WriteRights | null>(() => {
    if (!person.data || !me) return null;
    const canWrite = me.permissions.includes('assessment.write') && !person.data.readOnly && !person.data.merged;
    const domains = canWrite ? domainsOf(person.data.categories) : [];
    return { domains, aggir: canWrite && person.data.categories.includes('health'), instrumentDomains: domains };
  }, [me, person.data]);

  const onSent = useCallback(
    (assessment: Versioned<Assessment>) => {
      queryClient.setQueryData(assessmentKeys.detail(assessment.data.id), assessment);
      void queryClient.invalidateQueries({ queryKey: assessmentKeys.person(personId) });
      notify({ message: t('assessments.form.created') });
      void navigate({ to: '/assessments/$assessmentId', params: { assessmentId: assessment.data.id }, replace: true });
    },
    [navigate, personId, queryClient, t],
  );

  const title = t('assessments.form.newTitle');
  const back = (
    <ButtonLink
      to="/people/$personId/assessments"
      params={{ personId }}
      variant="default"
      leftSection={<IconArrowLeft size={16} aria-hidden />}
    >
      {t('assessments.form.backToHistory')}
    </ButtonLink>
  );

  // The form needs the person (rights), the needs list and the instruments; once loaded, a lost network no longer matters.
  const failed = [person, taxonomy, instruments].find((q) => q.isError && q.data === undefined);
  if (failed) {
    return (
      <>
        <PageHeader title={title} actions={back} />
        <ErrorState error={failed.error} onRetry={() => void failed.refetch()} retrying={failed.isFetching} />
      </>
    );
  }
  if (!person.data || !taxonomy.data || !instruments.data || !rights || !me) {
    return (
      <>
        <PageHeader title={title} actions={back} />
        <LoadingState label={t('assessments.form.loading')} />
      </>
    );
  }
  if (rights.domains.length === 0) {
    return (
      <Stack gap="lg">
        <PageHeader title={title} description={t('assessments.form.personLine', { name: person.data.name })} actions={back} />
        <EmptyState
          icon={<IconLock aria-hidden />}
          title={person.data.merged ? t('assessments.form.merged') : t('assessments.form.notAllowed')}
        />
      </Stack>
    );
  }
  return (
    <>
      <PageHeader title={title} description={t('assessments.form.personLine', { name: person.data.name })} actions={back} />
      <AssessmentEditor
        title={title}
        personId={personId}
        userId={me.user.id}
        server={null}
        rights={rights}
        readable={readableCategories(person.data.categories)}
        catalogue={instruments.data}
        needTypes={taxonomy.data}
        initialForm={initialForm}
        onSent={onSent}
      />
    </>
  );
}
