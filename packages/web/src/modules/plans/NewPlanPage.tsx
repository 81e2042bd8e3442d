import { Alert, Button, Card, Group, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowLeft, IconClipboardPlus, IconSearch } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay } from '../../ui/format';
import { useIdempotencyKey } from '../../ui/idempotency';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { createPlan, planKeys, searchPeople, signedAssessmentsQueryOptions, type PersonChoice } from './api';

/** `/plans/new`: choose the person, then the signed assessment whose needs the plan answers. */
export function NewPlanPage({ personId }: { personId?: string }) {
  const { t } = useTranslation();
  const [person, setPerson] = useState<PersonChoice | null>(personId ? { id: personId, name: '' } : null);
  const back = (
    <ButtonLink to="/plans" variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t('plans.new.back')}
    </ButtonLink>
  );
  return (
    <>
      <PageHeader title={t('plans.new.title')} description={t('plans.new.description')} actions={back} />
      <Stack gap="lg" maw={760}>
        {person ? <AssessmentStep person={person} onChangePerson={() => setPerson(null)} /> : <PersonStep onChoose={setPerson} />}
      </Stack>
    </>
  );
}

function PersonStep({ onChoose }: { onChoose: (p: PersonChoice) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const results = useQuery({
    queryKey: ['plans', 'person-search', debounced],
    queryFn: ({ signal }) => searchPeople(debounced, signal),
  });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="plan-person-step">
      <Stack gap="sm">
        <Title order={2} size="h3" id="plan-person-step">
          {t('plans.new.personStep')}
        </Title>
        <TextInput
          label={t('plans.new.search')}
          description={t('plans.new.searchHelp')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        {results.isPending ? <LoadingState /> : null}
        {results.isError ? <ErrorState error={results.error} onRetry={() => void results.refetch()} /> : null}
        {results.data?.length === 0 ? <Text c="dimmed">{t('plans.new.noPerson')}</Text> : null}
        <Stack gap={6} role="list" aria-label={t('plans.new.results')}>
          {results.data?.map((p) => (
            <Group key={p.id} role="listitem" justify="space-between" wrap="nowrap">
              <Text>{p.name}</Text>
              <Button size="xs" variant="light" onClick={() => onChoose(p)} aria-label={t('plans.new.choosePerson', { name: p.name })}>
                {t('plans.new.choose')}
              </Button>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Card>
  );
}

function AssessmentStep({ person, onChangePerson }: { person: PersonChoice; onChangePerson: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const assessments = useQuery(signedAssessmentsQueryOptions(person.id));
  const [chosen, setChosen] = useState<string | null>(null);
  const [existing, setExisting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { keyFor } = useIdempotencyKey();

  const create = async () => {
    const assessmentId = chosen ?? assessments.data?.[0]?.id;
    if (!assessmentId) return;
    setBusy(true);
    try {
      const plan = await createPlan(person.id, assessmentId, keyFor({ person: person.id, assessmentId }));
      queryClient.setQueryData(planKeys.version(plan.data.id, undefined), plan);
      void queryClient.invalidateQueries({ queryKey: planKeys.lists });
      notify({ message: t('plans.new.created') });
      void navigate({ to: '/plans/$planId/edit', params: { planId: plan.data.id } });
    } catch (e) {
      const current = isApiError(e) && e.status === 409 ? (e.current as { planId?: string } | undefined)?.planId : undefined;
      if (current) setExisting(current);
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="plan-assessment-step">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3" id="plan-assessment-step">
            {t('plans.new.assessmentStep')}
          </Title>
          <Button variant="subtle" size="xs" onClick={onChangePerson}>
            {t('plans.new.otherPerson')}
          </Button>
        </Group>
        {person.name ? <Text fw={600}>{person.name}</Text> : null}
        {existing ? (
          <Alert color="orange" variant="light" title={t('plans.new.existsTitle')}>
            <Text size="sm">
              {t('plans.new.exists')}{' '}
              <AnchorLink to="/plans/$planId" params={{ planId: existing }} search={{}}>
                {t('plans.new.openExisting')}
              </AnchorLink>
            </Text>
          </Alert>
        ) : null}
        {assessments.isPending ? <LoadingState /> : null}
        {assessments.isError ? <ErrorState error={assessments.error} onRetry={() => void assessments.refetch()} /> : null}
        {assessments.data?.length === 0 ? (
          <EmptyState title={t('plans.new.noAssessment')} description={t('plans.new.noAssessmentHelp')} />
        ) : null}
        {assessments.data?.length ? (
          <Radio.Group
            label={t('plans.new.assessment')}
            description={t('plans.new.assessmentHelp')}
            value={chosen ?? assessments.data[0]!.id}
            onChange={setChosen}
          >
            <Stack gap="xs" mt="xs">
              {assessments.data.map((a) => (
                <Radio
                  key={a.id}
                  value={a.id}
                  label={t('plans.new.assessmentLine', { date: formatDay(a.assessedOn), gir: a.gir ?? '—' })}
                />
              ))}
            </Stack>
          </Radio.Group>
        ) : null}
        <Group>
          <Button
            leftSection={<IconClipboardPlus size={18} aria-hidden />}
            onClick={() => void create()}
            loading={busy}
            disabled={!assessments.data?.length}
          >
            {t('plans.new.create')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
