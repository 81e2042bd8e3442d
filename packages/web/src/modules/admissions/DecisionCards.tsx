import { admitInputSchema, placeKinds, type Decision, type Referral } from '@maillon/shared/admissions';
import { Alert, Badge, Button, Group, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDay, todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { AnchorLink } from '../../ui/links';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { referentChoicesQueryOptions, useMe } from '../identity/public';
import { admit, endSupport } from './api';
import { outcomeColor, outcomeLabel, priorityColor, priorityLabel } from './labels';
import { Field, Section, useApply } from './referralParts';

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
export function DecisionsCard({ decisions }: { decisions: Decision[] }) {
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
export function WaitingCard({ w, serviceId }: { w: NonNullable<Referral['waitingList']>; serviceId: string }) {
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
export function AdmissionCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const me = useMe().data;
  const members = useQuery({ ...referentChoicesQueryOptions(r.service.id), enabled: r.access.can.admit });
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
            if (
              !applyLocalisedServerErrors(form, error, {
                byCode: { capacity_full: t('admissions.admit.full'), referent_not_eligible: t('access.team.errors.referentNotEligible') },
              })
            )
              fail(error);
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
            data={(members.data?.items ?? []).map((x) => ({ value: x.userId, label: x.displayName }))}
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
