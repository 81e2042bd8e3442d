import { type Referral } from '@maillon/shared/admissions';
import { Alert, Anchor, Badge, Button, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { useIdempotencyKey } from '../../ui/idempotency';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { admissionKeys, committeesQueryOptions, decideDirect, presentCase, referralQueryOptions, startReview, withdraw } from './api';
import { DecisionForm } from './DecisionForm';
import { outcomeColor, outcomeLabel, statusColor, statusLabel, urgencyColor, urgencyLabel } from './labels';
import { Section, personName, useApply } from './referralParts';
import { RequestCard, PersonCard } from './RequestCards';
import { ChecklistCard, VisitsCard, EvaluationCard } from './PreAdmissionFile';
import { DecisionsCard, WaitingCard, AdmissionCard } from './DecisionCards';

/** `/admissions/referrals/$referralId`: the request, the person, the pre-admission file, the visit, the decisions, admission. */
export function ReferralPage({ referralId }: { referralId: string }) {
  const { t } = useTranslation();
  const q = useQuery(referralQueryOptions(referralId));
  const back = (
    <ButtonLink to="/admissions" variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t('admissions.referral.back')}
    </ButtonLink>
  );
  if (q.isPending)
    return (
      <>
        <PageHeader title={t('admissions.referral.title')} actions={back} />
        <LoadingState />
      </>
    );
  if (q.isError)
    return (
      <>
        <PageHeader title={t('admissions.referral.title')} actions={back} />
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  return <ReferralView r={q.data} back={back} />;
}
function ReferralView({ r, back }: { r: Referral; back: ReactNode }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const can = r.access.can;
  const [withdrawing, setWithdrawing] = useState(false);
  const [presenting, setPresenting] = useState(false);
  const [deciding, setDeciding] = useState(false);
  const review = useMutation({ mutationFn: () => startReview(r) });
  const decide = useMutation({ mutationFn: (d: Parameters<typeof decideDirect>[1]) => decideDirect(r, d) });

  return (
    <>
      <PageHeader
        title={t('admissions.referral.heading', { reference: r.reference, name: personName(r.person) })}
        documentTitle={t('admissions.referral.documentTitle', { reference: r.reference })}
        description={
          <Group gap="xs" component="span">
            <Badge color={statusColor[r.status]} variant="light">
              {statusLabel(t, r.status)}
            </Badge>
            {r.decisions[0] ? (
              <Badge color={outcomeColor[r.decisions[0].outcome]} variant="light">
                {outcomeLabel(t, r.decisions[0].outcome)}
              </Badge>
            ) : null}
            <Badge color={urgencyColor[r.urgency]} variant="light">
              {urgencyLabel(t, r.urgency)}
            </Badge>
            <span>{r.service.name}</span>
          </Group>
        }
        actions={
          <>
            {back}
            {can.review ? (
              <Button
                loading={review.isPending}
                onClick={() =>
                  review.mutate(undefined, { onSuccess: (x) => apply(x, t('admissions.referral.reviewStarted')), onError: fail })
                }
              >
                {t('admissions.referral.startReview')}
              </Button>
            ) : null}
            {can.present ? <Button onClick={() => setPresenting(true)}>{t('admissions.referral.present')}</Button> : null}
            {can.decide ? <Button onClick={() => setDeciding(true)}>{t('admissions.referral.decide')}</Button> : null}
            {can.withdraw ? (
              <Button variant="default" color="red" onClick={() => setWithdrawing(true)}>
                {t('admissions.referral.withdraw')}
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="lg">
        {r.committee ? (
          <Alert color="grape" variant="light">
            {t('admissions.referral.onAgenda', { date: formatDateTime(r.committee.scheduledAt, false) })}{' '}
            <AnchorLink to="/admissions/committees/$committeeId" params={{ committeeId: r.committee.id }}>
              {t('admissions.referral.openCommittee')}
            </AnchorLink>
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <RequestCard r={r} />
          <PersonCard r={r} />
        </SimpleGrid>
        {r.personId || r.status !== 'received' ? <ChecklistCard r={r} /> : null}
        {r.personId ? <VisitsCard r={r} /> : null}
        {r.personId ? <EvaluationCard r={r} /> : null}
        {r.decisions.length ? <DecisionsCard decisions={r.decisions} /> : null}
        {r.waitingList ? <WaitingCard w={r.waitingList} serviceId={r.service.id} /> : null}
        {can.admit || r.admission ? <AdmissionCard r={r} /> : null}
        <HistoryCard r={r} />
      </Stack>

      <WithdrawModal r={r} opened={withdrawing} onClose={() => setWithdrawing(false)} />
      <PresentModal r={r} opened={presenting} onClose={() => setPresenting(false)} />
      <Modal
        opened={deciding}
        onClose={() => setDeciding(false)}
        title={t('admissions.referral.decideTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('state.close') }}
      >
        <DecisionForm
          busy={decide.isPending}
          onCancel={() => setDeciding(false)}
          onSubmit={async (d) => {
            const x = await decide.mutateAsync(d);
            setDeciding(false);
            apply(x, t('admissions.decision.recorded'));
          }}
        />
      </Modal>
    </>
  );
}
function HistoryCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  return (
    <Section id="history" title={t('admissions.referral.history')}>
      <Timeline bulletSize={14} lineWidth={2} active={r.events.length - 1}>
        {r.events.map((e, i) => (
          <Timeline.Item key={i} title={statusLabel(t, e.to)}>
            <Text size="xs" c="dimmed">
              {formatDateTime(e.at, false)}
              {e.by ? ` — ${e.by}` : ''}
            </Text>
            {e.note ? <Text size="sm">{e.note}</Text> : null}
          </Timeline.Item>
        ))}
      </Timeline>
    </Section>
  );
}
function WithdrawModal({ r, opened, onClose }: { r: Referral; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const [reason, setReason] = useState('');
  const m = useMutation({ mutationFn: () => withdraw(r, reason) });
  const short = reason.trim().length < 10;
  return (
    <ConfirmModal
      opened={opened}
      onClose={onClose}
      danger
      title={t('admissions.referral.withdrawTitle')}
      confirmLabel={t('admissions.referral.withdraw')}
      loading={m.isPending}
      onConfirm={() => {
        if (short) return;
        m.mutate(undefined, {
          onSuccess: (x) => {
            onClose();
            apply(x, t('admissions.referral.withdrawn'));
          },
          onError: fail,
        });
      }}
    >
      <Text size="sm">{t('admissions.referral.withdrawText', { reference: r.reference })}</Text>
      <Textarea
        label={t('admissions.referral.withdrawReason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        required
        error={reason && short ? t('admissions.validation.reason') : undefined}
        autosize
        minRows={2}
      />
    </ConfirmModal>
  );
}
function PresentModal({ r, opened, onClose }: { r: Referral; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { fail } = useApply();
  const sessions = useQuery({ ...committeesQueryOptions('upcoming'), enabled: opened });
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const key = useIdempotencyKey();
  const m = useMutation({
    mutationFn: () => {
      const body = { referralId: r.id, summary };
      return presentCase(sessionId!, body, key.keyFor({ sessionId, ...body }));
    },
  });
  const planned = (sessions.data ?? []).filter((s) => s.status === 'planned');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('admissions.referral.presentTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      <Stack gap="md">
        {sessions.isSuccess && planned.length === 0 ? (
          <Alert color="yellow" variant="light">
            {t('admissions.referral.noSession')} <Anchor href="/admissions/committees">{t('admissions.committees.plan')}</Anchor>
          </Alert>
        ) : null}
        <Select
          label={t('admissions.referral.session')}
          data={planned.map((s) => ({
            value: s.id,
            label: `${formatDateTime(s.scheduledAt, false)}${s.location ? ` — ${s.location}` : ''}`,
          }))}
          value={sessionId}
          onChange={setSessionId}
          required
          comboboxProps={{ withinPortal: false }}
        />
        <Textarea
          label={t('admissions.referral.summary')}
          description={t('admissions.referral.summaryHelp')}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          required
          autosize
          minRows={3}
          error={summary && summary.trim().length < 10 ? t('admissions.validation.reason') : undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('state.cancel')}
          </Button>
          <Button
            disabled={!sessionId || summary.trim().length < 10}
            loading={m.isPending}
            onClick={() =>
              m.mutate(undefined, {
                onSuccess: () => {
                  key.reset();
                  onClose();
                  void queryClient.invalidateQueries({ queryKey: admissionKeys.all });
                  notify({ message: t('admissions.referral.presented') });
                },
                onError: fail,
              })
            }
          >
            {t('admissions.referral.presentConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
