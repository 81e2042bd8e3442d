import { Alert, Button, Card, Checkbox, Group, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { reviewOutcomes, type ReviewOutcome } from '@maillon/shared/plans';
import { IconArrowLeft, IconProgressCheck } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay, todayDay } from '../../ui/format';
import { useIdempotencyKey } from '../../ui/idempotency';
import { ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { PageHeader } from '../../ui/PageHeader';
import { planKeys, planQueryOptions, reviewPlan } from './api';
import { outcomeLabel } from './labels';

/** `/plans/$planId/review`: the review of the plan in effect, goal by goal; it opens the next version. */
export function ReviewPage({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const q = useQuery(planQueryOptions(planId));
  const [reviewedOn, setReviewedOn] = useState(todayDay());
  const [participants, setParticipants] = useState('');
  const [summary, setSummary] = useState('');
  // Only the goals due by the review's date are reviewed, unless the coordinator chooses to review them all (issue 19, item 4).
  const [all, setAll] = useState(false);
  const [outcomes, setOutcomes] = useState<Record<string, { outcome: ReviewOutcome | null; comment: string }>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const { keyFor } = useIdempotencyKey();
  const back = (
    <ButtonLink to="/plans/$planId" params={{ planId }} search={{}} variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t('plans.editor.back')}
    </ButtonLink>
  );
  if (q.isPending)
    return (
      <>
        <PageHeader title={t('plans.review.title')} actions={back} />
        <LoadingState />
      </>
    );
  if (q.isError)
    return (
      <>
        <PageHeader title={t('plans.review.title')} actions={back} />
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  const plan = q.data.data;
  if (!plan.access.can.review)
    return (
      <>
        <PageHeader title={t('plans.review.title')} actions={back} />
        <Alert color="gray">{t('plans.review.notNow')}</Alert>
      </>
    );

  const isDue = (g: (typeof plan.goals)[number]) => !!g.dueOn && g.dueOn <= reviewedOn;
  const reviewed = plan.goals.filter((g) => all || isDue(g));
  const notDue = plan.goals.length - plan.goals.filter(isDue).length;

  const submit = async () => {
    const missing = reviewed.filter((g) => !outcomes[g.id]?.outcome);
    if (missing.length) {
      setErrors(Object.fromEntries(missing.map((g) => [g.id, t('plans.review.choose')])));
      return;
    }
    const body = {
      reviewedOn,
      participants: participants.trim() || null,
      summary: summary.trim() || null,
      outcomes: reviewed.map((g) => ({
        goalId: g.id,
        outcome: outcomes[g.id]!.outcome!,
        comment: outcomes[g.id]!.comment.trim() || null,
      })),
    };
    setBusy(true);
    try {
      const next = await reviewPlan(plan.id, body, keyFor(body));
      queryClient.setQueryData(planKeys.version(plan.id, undefined), next);
      void queryClient.invalidateQueries({ queryKey: planKeys.all });
      notify({ message: t('plans.review.done', { number: next.data.version.number }) });
      void navigate({ to: '/plans/$planId/edit', params: { planId: plan.id } });
    } catch (e) {
      if (
        !applyLocalisedServerErrors({ setErrors }, e, { byCode: { before_start: t('plans.review.beforeStart') }, fields: ['reviewedOn'] })
      )
        notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('plans.review.titleFor', { name: plan.personName ?? '' })}
        documentTitle={t('plans.review.title')}
        description={t('plans.review.description')}
        actions={back}
      />
      <Stack gap="md" maw={900}>
        <Card withBorder padding="md">
          <Group gap="md" align="flex-end" wrap="wrap">
            <TextInput
              type="date"
              label={t('plans.review.date')}
              required
              max={todayDay()}
              value={reviewedOn}
              onChange={(e) => setReviewedOn(e.currentTarget.value)}
              error={errors.reviewedOn}
            />
            <TextInput
              style={{ flex: '1 1 20rem' }}
              label={t('plans.review.participants')}
              value={participants}
              onChange={(e) => setParticipants(e.currentTarget.value)}
            />
          </Group>
          {notDue > 0 ? (
            <Stack gap="xs" mt="sm">
              <Checkbox label={t('plans.review.showAll')} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
              {!all ? (
                <Text size="sm" c="dimmed">
                  {t('plans.review.notDueHidden', { count: notDue })}
                </Text>
              ) : null}
            </Stack>
          ) : null}
        </Card>
        {!reviewed.length ? <Alert color="gray">{t('plans.review.noneDue')}</Alert> : null}
        {plan.goals.map((g, i) =>
          all || isDue(g) ? (
            <Card key={g.id} withBorder padding="md" component="section" aria-labelledby={`rv-${g.id}`}>
              <Stack gap="xs">
                <Title order={2} size="h4" id={`rv-${g.id}`}>
                  {t('plans.view.goalTitle', { n: i + 1, wording: g.wording })}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('plans.view.indicator')} : {g.indicator ?? '—'}
                  {g.target ? ` — ${t('plans.view.target')} : ${g.target}` : ''}
                  {g.dueOn
                    ? ` · ${isDue(g) ? t('plans.review.dueOn', { date: formatDay(g.dueOn) }) : t('plans.review.notDueOn', { date: formatDay(g.dueOn) })}`
                    : ''}
                </Text>
                <Radio.Group
                  label={t('plans.review.outcomeFor', { n: i + 1 })}
                  required
                  value={outcomes[g.id]?.outcome ?? null}
                  onChange={(v) => {
                    setOutcomes((o) => ({ ...o, [g.id]: { comment: o[g.id]?.comment ?? '', outcome: v } }));
                    setErrors((e) => ({ ...e, [g.id]: '' }));
                  }}
                  error={errors[g.id] || undefined}
                >
                  <Group mt="xs" gap="md">
                    {reviewOutcomes.map((o) => (
                      <Radio key={o} value={o} label={outcomeLabel(t, o)} />
                    ))}
                  </Group>
                </Radio.Group>
                <Textarea
                  label={t('plans.review.comment', { n: i + 1 })}
                  autosize
                  minRows={1}
                  value={outcomes[g.id]?.comment ?? ''}
                  onChange={(e) => {
                    const comment = e.currentTarget.value;
                    setOutcomes((o) => ({ ...o, [g.id]: { outcome: o[g.id]?.outcome ?? null, comment } }));
                  }}
                />
              </Stack>
            </Card>
          ) : null,
        )}
        <Textarea
          label={t('plans.review.summary')}
          autosize
          minRows={2}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
        />
        <Alert color="blue" variant="light">
          {t('plans.review.explain')}
        </Alert>
        <Group>
          <Button
            size="md"
            leftSection={<IconProgressCheck size={18} aria-hidden />}
            onClick={() => void submit()}
            loading={busy}
            disabled={!reviewed.length}
          >
            {t('plans.review.submit')}
          </Button>
        </Group>
      </Stack>
    </>
  );
}
