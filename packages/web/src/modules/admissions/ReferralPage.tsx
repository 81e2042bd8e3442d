import {
  adaptationAreas,
  admitInputSchema,
  checklistProgress,
  homeVisitDoneSchema,
  homeVisitPlanSchema,
  placeKinds,
  type Decision,
  type HomeVisit,
  type Referral,
} from '@maillon/shared/admissions';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Divider,
  Group,
  Modal,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime, formatDay, todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { memberChoicesQueryOptions, useMe } from '../identity/public';
import {
  admissionKeys,
  admit,
  cancelVisit,
  committeesQueryOptions,
  decideDirect,
  endSupport,
  findDuplicates,
  linkPerson,
  personAssessmentsQueryOptions,
  planVisit,
  presentCase,
  recordVisit,
  referralQueryOptions,
  startReview,
  tickItem,
  transitionOf,
  updateReferral,
  withdraw,
  type DuplicateCandidate,
} from './api';
import { DecisionForm } from './DecisionForm';
import {
  areaLabel,
  channelLabel,
  outcomeColor,
  outcomeLabel,
  placeLabel,
  priorityColor,
  priorityLabel,
  sourceLabel,
  statusColor,
  statusLabel,
  urgencyColor,
  urgencyLabel,
} from './labels';

const personName = (p: Referral['person']) => `${(p.usedName ?? p.birthName).toLocaleUpperCase('fr-FR')} ${p.firstNames}`;

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

/** Applies a changed referral to the cache and refreshes the lists that show it. */
function useApply() {
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  return {
    apply: (r: Referral, message?: string) => {
      queryClient.setQueryData(admissionKeys.referral(r.id), r);
      void queryClient.invalidateQueries({ queryKey: admissionKeys.inboxes });
      void queryClient.invalidateQueries({ queryKey: admissionKeys.counts });
      if (message) notify({ message });
    },
    /** A refused change of status in words of the UI; anything else as the server says it. */
    fail: (error: unknown) => {
      const tr = transitionOf(error);
      if (tr) {
        notify({
          color: 'red',
          title: t('admissions.transition.title'),
          message:
            tr.code === 'outcome_final'
              ? t('admissions.transition.final')
              : tr.code === 'person_not_linked'
                ? t('admissions.transition.linkFirst')
                : t('admissions.transition.notAllowed', { from: statusLabel(t, tr.status), to: statusLabel(t, tr.to) }),
          autoClose: false,
        });
      } else notifyError(error);
      void queryClient.invalidateQueries({ queryKey: admissionKeys.all });
    },
  };
}

function Section({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children ?? '—'}
      </Text>
    </div>
  );
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

function RequestCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  return (
    <Section id="request" title={t('admissions.referral.request')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Field label={t('admissions.fields.source')}>
          {sourceLabel(t, r.source)}
          {r.sourceOrganisation ? ` — ${r.sourceOrganisation}` : ''}
        </Field>
        <Field label={t('admissions.fields.channel')}>{channelLabel(t, r.channel)}</Field>
        <Field label={t('admissions.fields.referrer')}>
          {[r.referrer.name, r.referrer.function, r.referrer.phone, r.referrer.email].filter(Boolean).join(' · ')}
        </Field>
        <Field label={t('admissions.fields.receivedAt')}>{formatDateTime(r.receivedAt, false)}</Field>
        <Field label={t('admissions.fields.requestedServices')}>{r.requestedServices.map((s) => s.name).join(', ')}</Field>
        <Field label={t('admissions.fields.expectedStartDate')}>{r.expectedStartDate ? formatDay(r.expectedStartDate) : null}</Field>
        <Field label={t('admissions.fields.currentPlace')}>{r.currentPlace ? placeLabel(t, r.currentPlace) : null}</Field>
        <Field label={t('admissions.fields.personInformed')}>{r.personInformed ? t('admissions.yes') : t('admissions.no')}</Field>
      </SimpleGrid>
      <Divider my="sm" />
      <Field label={t('admissions.fields.reason')}>{r.reason ?? t('admissions.referral.notReadable')}</Field>
      {r.access.categories.includes('health') ? (
        <Field label={t('admissions.fields.medicalInformation')}>{r.medicalInformation}</Field>
      ) : (
        <Text size="xs" c="dimmed" mt="xs">
          {t('admissions.referral.medicalHidden')}
        </Text>
      )}
    </Section>
  );
}

function PersonCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);
  const search = useMutation({ mutationFn: () => findDuplicates(r.person) });
  const link = useMutation({ mutationFn: (body: Parameters<typeof linkPerson>[1]) => linkPerson(r, body) });
  const p = r.person;
  return (
    <Section id="person" title={t('admissions.referral.person')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Field label={t('admissions.fields.person')}>{personName(p)}</Field>
          <Field label={t('admissions.fields.birthDate')}>{formatDay(p.birthDate)}</Field>
          <Field label={t('admissions.fields.phone')}>{p.phone}</Field>
          <Field label={t('admissions.fields.commune')}>{p.commune}</Field>
        </SimpleGrid>
        {r.personId ? (
          <Group gap="xs">
            <Badge color="teal" variant="light">
              {t('admissions.referral.linked')}
            </Badge>
            <AnchorLink to="/people/$personId" params={{ personId: r.personId }}>
              {t('admissions.referral.openRecord')}
            </AnchorLink>
          </Group>
        ) : r.access.can.link ? (
          <Stack gap="xs">
            <Text size="sm">{t('admissions.referral.linkHelp')}</Text>
            {candidates === null ? (
              <Group>
                <Button
                  variant="default"
                  loading={search.isPending}
                  onClick={() => search.mutate(undefined, { onSuccess: setCandidates, onError: (e) => notifyError(e) })}
                >
                  {t('admissions.referral.searchRecords')}
                </Button>
              </Group>
            ) : (
              <Stack gap="xs" role="region" aria-label={t('admissions.referral.candidates')}>
                {candidates.length === 0 ? <Text size="sm">{t('admissions.referral.noCandidate')}</Text> : null}
                {candidates.map((c) => (
                  <Group key={c.id} justify="space-between" wrap="wrap">
                    <Text size="sm">
                      {`${(c.usedName ?? c.birthName).toLocaleUpperCase('fr-FR')} ${c.firstNames}`} — {formatDay(c.birthDate)}
                      {c.commune ? ` — ${c.commune}` : ''} {c.serviceName ? ` (${c.serviceName})` : ''}
                    </Text>
                    <Button
                      size="xs"
                      variant="light"
                      loading={link.isPending}
                      onClick={() =>
                        link.mutate({ personId: c.id }, { onSuccess: (x) => apply(x, t('admissions.referral.linkedDone')), onError: fail })
                      }
                    >
                      {t('admissions.referral.linkThis')}
                    </Button>
                  </Group>
                ))}
                <Group>
                  <Button
                    loading={link.isPending}
                    onClick={() =>
                      link.mutate(
                        { create: true, duplicatesReviewed: candidates.length > 0 },
                        { onSuccess: (x) => apply(x, t('admissions.referral.createdRecord')), onError: fail },
                      )
                    }
                  >
                    {t('admissions.referral.createRecord')}
                  </Button>
                </Group>
              </Stack>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('admissions.referral.notLinked')}
          </Text>
        )}
      </Stack>
    </Section>
  );
}

function ChecklistCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const tick = useMutation({ mutationFn: (v: { key: string; done: boolean }) => tickItem(r, v.key, { done: v.done }) });
  const progress = checklistProgress(r.checklist);
  const open = r.access.can.update && ['received', 'under_review', 'presented', 'decided'].includes(r.status);
  return (
    <Section
      id="checklist"
      title={t('admissions.referral.checklist')}
      actions={<Text size="sm">{t('admissions.referral.progress', progress)}</Text>}
    >
      <Progress
        value={progress.total ? (progress.done / progress.total) * 100 : 0}
        mb="md"
        aria-label={t('admissions.referral.checklist')}
      />
      <Stack gap="xs">
        {r.checklist.map((i) => (
          <Group key={i.key} justify="space-between" wrap="nowrap" align="flex-start">
            <Checkbox
              label={i.label}
              checked={i.done}
              disabled={!open || tick.isPending}
              description={
                i.done && i.doneBy
                  ? t('admissions.referral.tickedBy', { who: i.doneBy, date: i.doneAt ? formatDateTime(i.doneAt, false) : '' })
                  : undefined
              }
              onChange={(e) => tick.mutate({ key: i.key, done: e.currentTarget.checked }, { onSuccess: (x) => apply(x), onError: fail })}
            />
            {i.documentStatus ? (
              <Badge variant="light" color={i.documentStatus === 'present' ? 'teal' : i.documentStatus === 'expired' ? 'orange' : 'gray'}>
                {t(`admissions.documentStatus.${i.documentStatus}`)}
              </Badge>
            ) : null}
          </Group>
        ))}
      </Stack>
      {r.personId ? (
        <Text size="xs" c="dimmed" mt="sm">
          {t('admissions.referral.documentsHelp')}{' '}
          <AnchorLink to="/people/$personId" params={{ personId: r.personId }} search={{ tab: 'documents' }} size="xs">
            {t('admissions.referral.documentsLink')}
          </AnchorLink>
        </Text>
      ) : null}
    </Section>
  );
}

function VisitsCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const { apply } = useApply();
  const [planning, setPlanning] = useState(false);
  const key = useIdempotencyKey();
  const form = useZodForm({
    initialValues: { plannedAt: '', visitors: '' },
    schema: homeVisitPlanSchema,
    prepare: (v) => ({ plannedAt: v.plannedAt ? new Date(v.plannedAt).toISOString() : '', visitors: v.visitors }),
    messages: { plannedAt: t('admissions.visit.whenNeeded') },
  });
  const plan = useMutation({ mutationFn: (body: { plannedAt: string; visitors: string }) => planVisit(r, body, key.keyFor(body)) });
  const open = r.access.can.update && ['received', 'under_review', 'presented'].includes(r.status);
  return (
    <Section
      id="visits"
      title={t('admissions.visit.title')}
      actions={
        open && !planning ? (
          <Button variant="default" size="sm" onClick={() => setPlanning(true)}>
            {t('admissions.visit.plan')}
          </Button>
        ) : null
      }
    >
      <Stack gap="md">
        {planning ? (
          <form
            noValidate
            onSubmit={form.onSubmit(async (data) => {
              try {
                const x = await plan.mutateAsync(data);
                key.reset();
                setPlanning(false);
                form.reset();
                apply(x, t('admissions.visit.planned'));
              } catch (error) {
                if (!applyLocalisedServerErrors(form, error)) notifyError(error);
              }
            })}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput type="datetime-local" label={t('admissions.visit.plannedAt')} required {...form.getInputProps('plannedAt')} />
              <TextInput label={t('admissions.visit.visitors')} required {...form.getInputProps('visitors')} />
            </SimpleGrid>
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={() => setPlanning(false)}>
                {t('state.cancel')}
              </Button>
              <Button type="submit" loading={plan.isPending}>
                {t('admissions.visit.planSave')}
              </Button>
            </Group>
          </form>
        ) : null}
        {r.homeVisits.length === 0 && !planning ? (
          <Text size="sm" c="dimmed">
            {t('admissions.visit.none')}
          </Text>
        ) : null}
        {r.homeVisits.map((v) => (
          <VisitItem key={v.id} r={r} v={v} open={open} />
        ))}
      </Stack>
    </Section>
  );
}

// Keys are the schema's paths, so that a field error lands on its field.
const emptyReport = {
  doneOn: '',
  'report.livingConditions': '',
  'report.environment': '',
  'report.needsAndWishes': '',
  'report.family': '',
  'report.personPresent': true,
  'report.othersPresent': '',
};

function VisitItem({ r, v, open }: { r: Referral; v: HomeVisit; open: boolean }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const [writing, setWriting] = useState(false);
  const [adaptations, setAdaptations] = useState<{ area: string; where: string; description: string }[]>([]);
  const form = useZodForm({
    initialValues: { ...emptyReport, doneOn: todayDay() },
    schema: homeVisitDoneSchema,
    prepare: (x) => ({
      doneOn: x.doneOn,
      report: {
        livingConditions: x['report.livingConditions'],
        environment: x['report.environment'],
        needsAndWishes: x['report.needsAndWishes'],
        family: x['report.family'],
        adaptations,
        personPresent: x['report.personPresent'],
        othersPresent: x['report.othersPresent'].trim() || null,
      },
    }),
  });
  const record = useMutation({ mutationFn: (body: Parameters<typeof recordVisit>[2]) => recordVisit(r, v, body) });
  const cancel = useMutation({ mutationFn: () => cancelVisit(r, v, t('admissions.visit.cancelReason')) });
  return (
    <Card withBorder padding="md" radius="sm">
      <Group justify="space-between" wrap="wrap">
        <Text fw={600} size="sm">
          {t('admissions.visit.on', { date: formatDateTime(v.plannedAt, false) })} — {v.visitors}
        </Text>
        <Badge variant="light" color={v.status === 'done' ? 'teal' : v.status === 'planned' ? 'blue' : 'gray'}>
          {t(`admissions.visit.statuses.${v.status}`)}
        </Badge>
      </Group>
      {v.status === 'done' && v.report ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="sm">
          <Field label={t('admissions.visit.livingConditions')}>{v.report.livingConditions}</Field>
          <Field label={t('admissions.visit.environment')}>{v.report.environment}</Field>
          <Field label={t('admissions.visit.needsAndWishes')}>{v.report.needsAndWishes}</Field>
          <Field label={t('admissions.visit.family')}>{v.report.family}</Field>
          <Field label={t('admissions.visit.adaptations')}>
            {v.report.adaptations.length ? (
              <ul style={{ margin: 0, paddingLeft: '1.2rem' }}>
                {v.report.adaptations.map((a, i) => (
                  <li key={i}>
                    {areaLabel(t, a.area)} ({t(`admissions.placeKinds.${a.where}`)}) : {a.description}
                  </li>
                ))}
              </ul>
            ) : (
              t('admissions.visit.noAdaptation')
            )}
          </Field>
          <Field label={t('admissions.visit.doneOn')}>{v.doneOn ? formatDay(v.doneOn) : null}</Field>
        </SimpleGrid>
      ) : null}
      {v.status === 'planned' && open && !writing ? (
        <Group mt="sm" gap="sm">
          <Button size="sm" onClick={() => setWriting(true)}>
            {t('admissions.visit.writeReport')}
          </Button>
          <Button
            size="sm"
            variant="default"
            loading={cancel.isPending}
            onClick={() => cancel.mutate(undefined, { onSuccess: (x) => apply(x), onError: fail })}
          >
            {t('admissions.visit.cancel')}
          </Button>
        </Group>
      ) : null}
      {writing ? (
        <form
          noValidate
          onSubmit={form.onSubmit(async (data) => {
            try {
              const x = await record.mutateAsync(data);
              setWriting(false);
              apply(x, t('admissions.visit.recorded'));
            } catch (error) {
              if (!applyLocalisedServerErrors(form, error)) fail(error);
            }
          })}
        >
          <Stack gap="sm" mt="md">
            <TextInput type="date" label={t('admissions.visit.doneOn')} required {...form.getInputProps('doneOn')} maw={240} />
            <Textarea
              label={t('admissions.visit.livingConditions')}
              description={t('admissions.visit.livingHelp')}
              required
              autosize
              minRows={2}
              {...form.getInputProps('report.livingConditions')}
            />
            <Textarea
              label={t('admissions.visit.environment')}
              description={t('admissions.visit.environmentHelp')}
              required
              autosize
              minRows={2}
              {...form.getInputProps('report.environment')}
            />
            <Textarea
              label={t('admissions.visit.needsAndWishes')}
              required
              autosize
              minRows={2}
              {...form.getInputProps('report.needsAndWishes')}
            />
            <Textarea label={t('admissions.visit.family')} required autosize minRows={2} {...form.getInputProps('report.family')} />
            <Stack gap="xs">
              <Text size="sm" fw={500}>
                {t('admissions.visit.adaptations')}
              </Text>
              {adaptations.map((a, i) => (
                <Group key={i} align="flex-end" wrap="wrap">
                  <Select
                    label={t('admissions.visit.area')}
                    data={adaptationAreas.map((x) => ({ value: x, label: areaLabel(t, x) }))}
                    value={a.area}
                    allowDeselect={false}
                    onChange={(val) => setAdaptations((xs) => xs.map((y, j) => (j === i ? { ...y, area: val ?? 'other' } : y)))}
                    comboboxProps={{ withinPortal: false }}
                    w={180}
                  />
                  <Select
                    label={t('admissions.visit.where')}
                    data={placeKinds.map((x) => ({ value: x, label: t(`admissions.placeKinds.${x}`) }))}
                    value={a.where}
                    allowDeselect={false}
                    onChange={(val) => setAdaptations((xs) => xs.map((y, j) => (j === i ? { ...y, where: val ?? 'home' } : y)))}
                    comboboxProps={{ withinPortal: false }}
                    w={170}
                  />
                  <TextInput
                    label={t('admissions.visit.what')}
                    value={a.description}
                    onChange={(e) => {
                      const val = e.currentTarget.value;
                      setAdaptations((xs) => xs.map((y, j) => (j === i ? { ...y, description: val } : y)));
                    }}
                    error={form.errors[`report.adaptations.${i}.description`]}
                    style={{ flex: 1, minWidth: 200 }}
                  />
                  <ActionIcon
                    variant="default"
                    size="lg"
                    aria-label={t('admissions.visit.removeAdaptation')}
                    onClick={() => setAdaptations((xs) => xs.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconPlus size={14} aria-hidden />}
                  onClick={() => setAdaptations((xs) => [...xs, { area: 'bathroom', where: 'home', description: '' }])}
                >
                  {t('admissions.visit.addAdaptation')}
                </Button>
              </Group>
            </Stack>
            <Checkbox label={t('admissions.visit.personPresent')} {...form.getCheckboxProps('report.personPresent')} />
            <TextInput label={t('admissions.visit.othersPresent')} {...form.getInputProps('report.othersPresent')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setWriting(false)}>
                {t('state.cancel')}
              </Button>
              <Button type="submit" loading={record.isPending}>
                {t('admissions.visit.saveReport')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Card>
  );
}

function EvaluationCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const me = useMe().data;
  const list = useQuery({ ...personAssessmentsQueryOptions(r.personId!), enabled: !!me?.permissions.includes('assessment.read') });
  const [choice, setChoice] = useState<string | null>(null);
  const set = useMutation({ mutationFn: (assessmentId: string | null) => updateReferral(r, { assessmentId }) });
  const linked = list.data?.find((a) => a.id === r.assessmentId);
  return (
    <Section id="evaluation" title={t('admissions.evaluation.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('admissions.evaluation.help')}</Text>
        {r.assessmentId ? (
          <Group gap="sm">
            <Badge color="teal" variant="light">
              {linked ? t('admissions.evaluation.linkedOn', { date: formatDay(linked.assessedOn) }) : t('admissions.evaluation.linked')}
            </Badge>
            <AnchorLink to="/assessments/$assessmentId" params={{ assessmentId: r.assessmentId }}>
              {t('admissions.evaluation.open')}
            </AnchorLink>
          </Group>
        ) : null}
        {r.access.can.update ? (
          <Group align="flex-end" wrap="wrap">
            <Select
              label={t('admissions.evaluation.choose')}
              data={(list.data ?? []).map((a) => ({
                value: a.id,
                label: `${formatDay(a.assessedOn)} — ${t(`admissions.evaluation.statuses.${a.status === 'signed' ? 'signed' : 'draft'}`)}`,
              }))}
              value={choice}
              onChange={setChoice}
              placeholder={list.isPending ? t('state.loading') : undefined}
              comboboxProps={{ withinPortal: false }}
              w={300}
            />
            <Button
              variant="default"
              disabled={!choice}
              loading={set.isPending}
              onClick={() => choice && set.mutate(choice, { onSuccess: (x) => apply(x, t('admissions.evaluation.done')), onError: fail })}
            >
              {t('admissions.evaluation.link')}
            </Button>
            <ButtonLink to="/people/$personId/assessments/new" params={{ personId: r.personId! }} variant="light">
              {t('admissions.evaluation.start')}
            </ButtonLink>
          </Group>
        ) : null}
      </Stack>
    </Section>
  );
}

export function DecisionView({ d }: { d: Decision }) {
  const { t } = useTranslation();
  const rows: [string, string | null][] = [
    [t('admissions.decision.facts'), d.facts || null],
    [t('admissions.decision.needs'), d.needs || null],
    [
      t('admissions.decision.capacity'),
      d.capacity === null
        ? t('admissions.decision.capacityUnknown', { occupied: d.occupied, waiting: d.waiting })
        : t('admissions.decision.capacityLine', { occupied: d.occupied, capacity: d.capacity, waiting: d.waiting }),
    ],
    [t('admissions.decision.capacityNote'), d.capacityNote],
    [t('admissions.decision.admissionConditions'), d.admissionConditions],
    [t('admissions.decision.integrationConditions'), d.integrationConditions],
    [t('admissions.decision.refusalReasons'), d.refusalReasons],
    [t('admissions.decision.redirectedTo'), d.redirectedTo],
    [t('admissions.decision.redirectReason'), d.redirectReason],
    [t('admissions.decision.waitingPriority'), d.waitingPriority ? priorityLabel(t, d.waitingPriority) : null],
    [t('admissions.decision.waitingReason'), d.waitingReason],
    [t('admissions.decision.referrerMessage'), d.referrerMessage],
  ];
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Badge color={outcomeColor[d.outcome]}>{outcomeLabel(t, d.outcome)}</Badge>
        <Text size="xs" c="dimmed">
          {t('admissions.decision.by', { who: d.decidedBy.displayName, date: formatDateTime(d.decidedAt, false) })} ·{' '}
          {t(`admissions.modes.${d.mode}`)}
        </Text>
      </Group>
      {rows
        .filter(([, v]) => v)
        .map(([label, v]) => (
          <Field key={label} label={label}>
            {v}
          </Field>
        ))}
    </Stack>
  );
}

function DecisionsCard({ decisions }: { decisions: Decision[] }) {
  const { t } = useTranslation();
  return (
    <Section id="decisions" title={t('admissions.decision.title')}>
      <Stack gap="md">
        {decisions.map((d) => (
          <DecisionView key={d.id} d={d} />
        ))}
      </Stack>
    </Section>
  );
}

function WaitingCard({ w, serviceId }: { w: NonNullable<Referral['waitingList']>; serviceId: string }) {
  const { t } = useTranslation();
  return (
    <Section id="waiting" title={t('admissions.waiting.title')}>
      <Group gap="md">
        <Badge color={priorityColor[w.priority]} variant="light">
          {priorityLabel(t, w.priority)}
        </Badge>
        <Text size="sm">
          {w.status === 'waiting'
            ? t('admissions.waiting.rankLine', { rank: w.rank ?? 0, date: formatDay(w.since) })
            : t(`admissions.waiting.statuses.${w.status}`)}
        </Text>
        <AnchorLink to="/admissions/waiting-list" search={{ serviceId }}>
          {t('admissions.waiting.open')}
        </AnchorLink>
      </Group>
    </Section>
  );
}

function AdmissionCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const me = useMe().data;
  const members = useQuery({ ...memberChoicesQueryOptions(), enabled: r.access.can.admit });
  const form = useZodForm({
    initialValues: { admittedOn: todayDay(), placeKind: 'home', placeLabel: '', referentUserId: me?.user.id ?? '' },
    schema: admitInputSchema,
    prepare: (v) => ({
      admittedOn: v.admittedOn,
      placeKind: v.placeKind,
      placeLabel: v.placeLabel.trim() || null,
      referentUserId: v.referentUserId,
    }),
  });
  const m = useMutation({ mutationFn: (body: Parameters<typeof admit>[1]) => admit(r, body) });
  const [ending, setEnding] = useState(false);
  const [end, setEnd] = useState({ endedOn: todayDay(), reason: '' });
  const endM = useMutation({ mutationFn: () => endSupport(r, end) });
  if (r.admission) {
    return (
      <Section id="admission" title={t('admissions.admit.title')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Field label={t('admissions.admit.admittedOn')}>{formatDay(r.admission.admittedOn)}</Field>
          <Field label={t('admissions.fields.service')}>{r.admission.service.name}</Field>
          <Field label={t('admissions.admit.place')}>
            {t(`admissions.placeKinds.${r.admission.placeKind}`)}
            {r.admission.placeLabel ? ` — ${r.admission.placeLabel}` : ''}
          </Field>
          <Field label={t('admissions.admit.referent')}>{r.admission.referent?.displayName}</Field>
          {r.end ? <Field label={t('admissions.admit.ended')}>{`${formatDay(r.end.endedOn)} — ${r.end.reason}`}</Field> : null}
        </SimpleGrid>
        {r.access.can.end ? (
          ending ? (
            <Stack gap="sm" mt="md">
              <TextInput
                type="date"
                label={t('admissions.admit.endedOn')}
                value={end.endedOn}
                onChange={(e) => setEnd({ ...end, endedOn: e.currentTarget.value })}
                maw={240}
              />
              <Textarea
                label={t('admissions.admit.endReason')}
                value={end.reason}
                onChange={(e) => setEnd({ ...end, reason: e.currentTarget.value })}
                required
                autosize
                minRows={2}
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setEnding(false)}>
                  {t('state.cancel')}
                </Button>
                <Button
                  color="red"
                  loading={endM.isPending}
                  onClick={() =>
                    endM.mutate(undefined, {
                      onSuccess: (x) => {
                        setEnding(false);
                        apply(x, t('admissions.admit.endedDone'));
                      },
                      onError: fail,
                    })
                  }
                >
                  {t('admissions.admit.endConfirm')}
                </Button>
              </Group>
            </Stack>
          ) : (
            <Group mt="md">
              <Button variant="default" onClick={() => setEnding(true)}>
                {t('admissions.admit.end')}
              </Button>
            </Group>
          )
        ) : null}
      </Section>
    );
  }
  const condition = r.decisions[0];
  return (
    <Section id="admission" title={t('admissions.admit.title')}>
      {condition?.integrationConditions ? (
        <Alert color="teal" variant="light" mb="md" title={t('admissions.admit.readyOnArrival')}>
          {condition.integrationConditions}
        </Alert>
      ) : null}
      <form
        noValidate
        onSubmit={form.onSubmit(async (data) => {
          try {
            apply(await m.mutateAsync(data), t('admissions.admit.done'));
          } catch (error) {
            if (!applyLocalisedServerErrors(form, error, { byCode: { capacity_full: t('admissions.admit.full') } })) fail(error);
          }
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput type="date" label={t('admissions.admit.admittedOn')} required {...form.getInputProps('admittedOn')} />
          <Radio.Group label={t('admissions.admit.place')} required {...form.getInputProps('placeKind')}>
            <Group mt="xs">
              {placeKinds.map((p) => (
                <Radio key={p} value={p} label={t(`admissions.placeKinds.${p}`)} />
              ))}
            </Group>
          </Radio.Group>
          <TextInput label={t('admissions.admit.placeLabel')} {...form.getInputProps('placeLabel')} />
          <Select
            label={t('admissions.admit.referent')}
            data={(members.data?.items ?? []).filter((x) => x.status === 'active').map((x) => ({ value: x.userId, label: x.displayName }))}
            searchable
            required
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps('referentUserId')}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={m.isPending}>
            {t('admissions.admit.submit')}
          </Button>
        </Group>
      </form>
    </Section>
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
