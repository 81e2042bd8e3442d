import {
  adaptationAreas,
  checklistProgress,
  homeVisitDoneSchema,
  homeVisitPlanSchema,
  placeKinds,
  reasonInputSchema,
  type HomeVisit,
  type Referral,
} from '@maillon/shared/admissions';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useBlocker } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { formatDateTime, formatDay, todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { notifyError } from '../../ui/notify';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { memberChoicesQueryOptions, useMe } from '../identity/public';
import { cancelVisit, personAssessmentsQueryOptions, planVisit, recordVisit, tickItem, updateReferral } from './api';
import { areaLabel } from './labels';
import { Field, Section, useApply } from './referralParts';

export function ChecklistCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const tick = useMutation({ mutationFn: (v: { key: string; done: boolean }) => tickItem(r, v.key, { done: v.done }) });
  const progress = checklistProgress(r.checklist);
  // A document is named as the person's record names it (Documents tab), the organisation's wording beside it.
  const itemLabel = (i: Referral['checklist'][number]) => (i.documentType ? t(`people.enums.documentType.${i.documentType}`) : i.label);
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
              label={itemLabel(i)}
              checked={i.done}
              disabled={!open || tick.isPending}
              description={
                [
                  itemLabel(i) !== i.label ? i.label : null,
                  i.done && i.doneBy
                    ? t('admissions.referral.tickedBy', { who: i.doneBy, date: i.doneAt ? formatDateTime(i.doneAt, false) : '' })
                    : null,
                ]
                  .filter(Boolean)
                  .join(' — ') || undefined
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
export function VisitsCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const { apply } = useApply();
  const [planning, setPlanning] = useState(false);
  const key = useIdempotencyKey();
  const form = useZodForm({
    initialValues: { plannedAt: '', visitorIds: [] as string[] },
    schema: homeVisitPlanSchema,
    prepare: (v) => ({ plannedAt: v.plannedAt ? new Date(v.plannedAt).toISOString() : '', visitorIds: v.visitorIds }),
    messages: { plannedAt: t('admissions.visit.whenNeeded'), visitorIds: t('admissions.visit.whoNeeded') },
  });
  const plan = useMutation({ mutationFn: (body: { plannedAt: string; visitorIds: string[] }) => planVisit(r, body, key.keyFor(body)) });
  const open = r.access.can.update && ['received', 'under_review', 'presented'].includes(r.status);
  // The professionals present are the organisation's active staff (not its external partners); each is told.
  const members = useQuery({ ...memberChoicesQueryOptions(), enabled: open && planning });
  const staff = (members.data?.items ?? [])
    .filter((m) => m.status === 'active' && m.role !== 'external_partner')
    .map((m) => ({ value: m.userId, label: m.jobTitle ? `${m.displayName} (${m.jobTitle})` : m.displayName }));
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
              <MultiSelect
                label={t('admissions.visit.visitors')}
                description={t('admissions.visit.visitorsHelp')}
                data={staff}
                searchable
                required
                nothingFoundMessage={members.isPending ? t('state.loading') : t('admissions.visit.noMember')}
                comboboxProps={{ withinPortal: false }}
                {...form.getInputProps('visitorIds')}
              />
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
  // A report being typed is not lost by leaving the page (as in the plan editor): the browser or the app asks first.
  const typed =
    writing &&
    (adaptations.length > 0 ||
      (['report.livingConditions', 'report.environment', 'report.needsAndWishes', 'report.family', 'report.othersPresent'] as const).some(
        (k) => form.values[k].trim() !== '',
      ));
  useBlocker({ shouldBlockFn: () => typed && !window.confirm(t('admissions.visit.leave')), enableBeforeUnload: () => typed });
  const cancel = useMutation({ mutationFn: (reason: string) => cancelVisit(r, v, reason) });
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const confirmCancel = () => {
    const parsed = reasonInputSchema.safeParse({ reason });
    if (!parsed.success) {
      setReasonError(t('admissions.validation.reason'));
      return;
    }
    cancel.mutate(parsed.data.reason, {
      onSuccess: (x) => {
        setCancelling(false);
        setReason('');
        apply(x, t('admissions.visit.cancelled'));
      },
      onError: fail,
    });
  };
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
            onClick={() => {
              setReasonError(null);
              setCancelling(true);
            }}
          >
            {t('admissions.visit.cancel')}
          </Button>
        </Group>
      ) : null}
      <ConfirmModal
        opened={cancelling}
        onClose={() => setCancelling(false)}
        onConfirm={confirmCancel}
        title={t('admissions.visit.cancelTitle', { date: formatDateTime(v.plannedAt, false) })}
        confirmLabel={t('admissions.visit.cancelConfirm')}
        danger
        loading={cancel.isPending}
      >
        <Text size="sm">{t('admissions.visit.cancelConsequence')}</Text>
        <Textarea
          label={t('admissions.visit.cancelReason')}
          description={t('admissions.visit.cancelReasonHelp')}
          required
          autosize
          minRows={2}
          value={reason}
          error={reasonError}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setReasonError(null);
          }}
        />
      </ConfirmModal>
      {writing ? (
        <form
          noValidate
          onSubmit={form.onSubmit(async (data) => {
            try {
              const x = await record.mutateAsync(data);
              setWriting(false);
              apply(x, t('admissions.visit.recorded'));
            } catch (error) {
              if (!applyLocalisedServerErrors(form, error, { byCode: { before_received: t('admissions.visit.beforeReceived') } }))
                fail(error);
            }
          })}
        >
          <Stack gap="sm" mt="md">
            <TextInput
              type="date"
              label={t('admissions.visit.doneOn')}
              description={t('admissions.visit.doneOnHelp')}
              required
              {...form.getInputProps('doneOn')}
              maw={360}
            />
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
export function EvaluationCard({ r }: { r: Referral }) {
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
