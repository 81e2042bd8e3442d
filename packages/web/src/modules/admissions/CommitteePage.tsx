import type { Committee, CommitteeCase } from '@maillon/shared/admissions';
import { Alert, Badge, Button, Card, Checkbox, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconArrowLeft, IconDownload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../ui/download';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime, formatDay } from '../../ui/format';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { admissionKeys, committeeQueryOptions, decideCase, downloadMinutes, postponeCase, updateCommittee } from './api';
import { DecisionForm } from './DecisionForm';
import { functionLabel, sourceLabel, urgencyColor, urgencyLabel } from './labels';
import { DecisionView } from './DecisionCards';

/** `/admissions/committees/$committeeId`: members present, the agenda, a reasoned decision per case, the minutes. */
export function CommitteePage({ committeeId }: { committeeId: string }) {
  const { t } = useTranslation();
  const q = useQuery(committeeQueryOptions(committeeId));
  const back = (
    <ButtonLink to="/admissions/committees" variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t('admissions.committee.back')}
    </ButtonLink>
  );
  if (q.isPending)
    return (
      <>
        <PageHeader title={t('admissions.committee.title')} actions={back} />
        <LoadingState />
      </>
    );
  if (q.isError)
    return (
      <>
        <PageHeader title={t('admissions.committee.title')} actions={back} />
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  return <View c={q.data} back={back} />;
}

function View({ c, back }: { c: Committee; back: React.ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const apply = (x: Committee, message?: string) => {
    queryClient.setQueryData(admissionKeys.committee(x.id), x);
    void queryClient.invalidateQueries({ queryKey: admissionKeys.inboxes });
    if (message) notify({ message });
  };
  const minutes = useMutation({ mutationFn: () => downloadMinutes(c.id) });
  const save = useMutation({ mutationFn: (body: Parameters<typeof updateCommittee>[1]) => updateCommittee(c, body) });
  const [notes, setNotes] = useState(c.notes ?? '');
  return (
    <>
      <PageHeader
        title={t('admissions.committee.heading', { date: formatDateTime(c.scheduledAt, false) })}
        description={c.location ?? undefined}
        actions={
          <>
            {back}
            <Button
              leftSection={<IconDownload size={16} aria-hidden />}
              loading={minutes.isPending}
              onClick={() =>
                minutes.mutate(undefined, {
                  onSuccess: ({ blob, filename }) => saveBlob(blob, filename ?? `commission-${c.scheduledAt.slice(0, 10)}.pdf`),
                  onError: (e) => notifyError(e),
                })
              }
            >
              {t('admissions.committee.minutes')}
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="members">
          <Title order={2} size="h4" id="members" mb="md">
            {t('admissions.committee.members')}
          </Title>
          <Stack gap="xs">
            {c.members.map((m, i) => (
              <Checkbox
                key={`${m.name}-${i}`}
                label={`${m.name} — ${functionLabel(t, m.function)}`}
                checked={m.present}
                disabled={!c.can.update || save.isPending}
                description={m.present ? t('admissions.committee.present') : t('admissions.committee.absent')}
                onChange={(e) =>
                  save.mutate(
                    { members: c.members.map((x, j) => (j === i ? { ...x, present: e.currentTarget.checked } : x)) },
                    { onSuccess: (x) => apply(x), onError: (e) => notifyError(e) },
                  )
                }
              />
            ))}
          </Stack>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="agenda">
          <Group justify="space-between" mb="md">
            <Title order={2} size="h4" id="agenda">
              {t('admissions.committee.agenda')}
            </Title>
            <Badge variant="light" color={c.status === 'held' ? 'teal' : 'blue'}>
              {t(`admissions.committees.statuses.${c.status}`)}
            </Badge>
          </Group>
          {c.hiddenCases ? (
            <Alert variant="light" color="gray" mb="md">
              {t('admissions.committee.hidden', { count: c.hiddenCases })}
            </Alert>
          ) : null}
          {c.cases.length === 0 ? <Text c="dimmed">{t('admissions.committee.noCase')}</Text> : null}
          <Stack gap="lg">
            {c.cases.map((k, i) => (
              <CaseItem key={k.id} c={c} k={k} index={i} onChange={apply} />
            ))}
          </Stack>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="notes">
          <Title order={2} size="h4" id="notes" mb="md">
            {t('admissions.committee.notes')}
          </Title>
          <Textarea
            label={t('admissions.committee.notesLabel')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            autosize
            minRows={2}
            disabled={!c.can.update}
          />
          {c.can.update ? (
            <Group justify="flex-end" mt="sm">
              <Button
                variant="default"
                loading={save.isPending}
                onClick={() =>
                  save.mutate(
                    { notes: notes.trim() || null },
                    { onSuccess: (x) => apply(x, t('admissions.committee.saved')), onError: (e) => notifyError(e) },
                  )
                }
              >
                {t('state.save')}
              </Button>
            </Group>
          ) : null}
        </Card>
      </Stack>
    </>
  );
}

function CaseItem({
  c,
  k,
  index,
  onChange,
}: {
  c: Committee;
  k: CommitteeCase;
  index: number;
  onChange: (x: Committee, message?: string) => void;
}) {
  const { t } = useTranslation();
  const [deciding, setDeciding] = useState(false);
  const [postponing, setPostponing] = useState(false);
  const [reason, setReason] = useState('');
  const decide = useMutation({ mutationFn: (d: Parameters<typeof decideCase>[2]) => decideCase(c, k, d) });
  const postpone = useMutation({ mutationFn: () => postponeCase(c, k, reason) });
  return (
    <Card withBorder radius="sm" padding="md" component="article" aria-labelledby={`case-${k.id}`}>
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h5" id={`case-${k.id}`}>
          {index + 1}. {k.personName} — {k.reference}
        </Title>
        <Group gap="xs">
          <Badge color={urgencyColor[k.urgency]} variant="light">
            {urgencyLabel(t, k.urgency)}
          </Badge>
          <Badge variant="outline">{t(`admissions.committee.caseStatuses.${k.status}`)}</Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('admissions.committee.caseLine', { born: formatDay(k.birthDate), service: k.service.name, source: sourceLabel(t, k.source) })}
        {k.sourceOrganisation ? ` (${k.sourceOrganisation})` : ''}
      </Text>
      {k.summary ? (
        <Text size="sm" mt="xs">
          {k.summary}
        </Text>
      ) : null}
      <Group gap="sm" mt="xs">
        <AnchorLink to="/admissions/referrals/$referralId" params={{ referralId: k.referralId }} size="sm">
          {t('admissions.committee.openFile')}
        </AnchorLink>
        {k.presentedBy ? (
          <Text size="xs" c="dimmed">
            {t('admissions.committee.presentedBy', { who: k.presentedBy.displayName })}
          </Text>
        ) : null}
      </Group>
      {k.decision ? (
        <Card withBorder radius="sm" mt="sm" padding="sm">
          <DecisionView d={k.decision} />
        </Card>
      ) : null}
      {k.status === 'postponed' && k.postponeReason ? (
        <Text size="sm" mt="xs">
          {t('admissions.committee.postponedBecause', { reason: k.postponeReason })}
        </Text>
      ) : null}
      {k.status === 'on_agenda' ? (
        deciding ? (
          <Card withBorder radius="sm" mt="sm" padding="md">
            <DecisionForm
              busy={decide.isPending}
              onCancel={() => setDeciding(false)}
              onSubmit={async (d) => {
                const x = await decide.mutateAsync(d);
                setDeciding(false);
                onChange(x, t('admissions.decision.recorded'));
              }}
            />
          </Card>
        ) : postponing ? (
          <Stack gap="sm" mt="sm">
            <Textarea
              label={t('admissions.committee.postponeReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              autosize
              minRows={2}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPostponing(false)}>
                {t('state.cancel')}
              </Button>
              <Button
                disabled={reason.trim().length < 10}
                loading={postpone.isPending}
                onClick={() =>
                  postpone.mutate(undefined, {
                    onSuccess: (x) => {
                      setPostponing(false);
                      onChange(x, t('admissions.committee.postponed'));
                    },
                    onError: (e) => notifyError(e),
                  })
                }
              >
                {t('admissions.committee.postpone')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group mt="sm" gap="sm">
            {c.can.decide ? <Button onClick={() => setDeciding(true)}>{t('admissions.committee.decide')}</Button> : null}
            {c.can.update ? (
              <Button variant="default" onClick={() => setPostponing(true)}>
                {t('admissions.committee.postpone')}
              </Button>
            ) : null}
          </Group>
        )
      ) : null}
    </Card>
  );
}
