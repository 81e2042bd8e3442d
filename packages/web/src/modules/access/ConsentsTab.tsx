import { consentEndSchema, consentInputSchema } from '@maillon/shared/people';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  DataList,
  Group,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconClipboardCheck, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime, formatDay, todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { accessKeys, consentsQueryOptions, endConsent, recordConsent, type Consent, type ConsentInput } from './api';
import {
  consentMeanLabel,
  consentMeanOptions,
  consentMethodLabel,
  consentMethodOptions,
  infoCategoryLabel,
  infoCategoryOptions,
  professionalCategoryLabel,
  professionalCategoryOptions,
} from './labels';

export interface Representative {
  id: string;
  name: string;
}

export interface ConsentsTabProps {
  personId: string;
  personName: string;
  canManage: boolean;
  /** Relatives recorded as legal representative, who may decide for the person (FR-12). */
  representatives: readonly Representative[];
  relativesLoading: boolean;
}

/** Consentements: the history with every FR-03 element, a form listing them all, withdrawal. Effective at once. */
export function ConsentsTab({ personId, personName, canManage, representatives, relativesLoading }: ConsentsTabProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const consents = useQuery(consentsQueryOptions(personId));
  const [recording, setRecording] = useState(false);
  const [ending, setEnding] = useState<Consent | null>(null);
  const names = new Map(representatives.map((r) => [r.id, r.name]));

  let content;
  if (consents.isPending) content = <LoadingState label={t('access.consents.loading')} />;
  else if (consents.isError)
    content = <ErrorState error={consents.error} onRetry={() => void consents.refetch()} retrying={consents.isFetching} />;
  else if (consents.data.length === 0)
    content = (
      <EmptyState
        icon={<IconClipboardCheck aria-hidden />}
        title={t('access.consents.empty')}
        description={t('access.consents.emptyHelp')}
      />
    );
  else
    content = (
      <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
        {consents.data.map((consent) => (
          <ConsentCard
            key={consent.id}
            consent={consent}
            representativeName={consent.representativeId ? (names.get(consent.representativeId) ?? null) : null}
            onEnd={canManage && consent.active ? () => setEnding(consent) : undefined}
          />
        ))}
      </Stack>
    );

  return (
    <section aria-labelledby={headingId}>
      <Group justify="space-between" mb="md" gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('access.consents.title')}
        </Title>
        {canManage ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setRecording(true)}>
            {t('access.consents.record')}
          </Button>
        ) : null}
      </Group>
      {content}
      {canManage ? (
        <>
          <Modal
            opened={recording}
            onClose={() => setRecording(false)}
            title={t('access.consents.recordTitle')}
            size="xl"
            closeButtonProps={{ 'aria-label': t('state.close') }}
          >
            {recording ? (
              <ConsentForm
                personId={personId}
                personName={personName}
                representatives={representatives}
                relativesLoading={relativesLoading}
                onDone={() => setRecording(false)}
              />
            ) : null}
          </Modal>
          <EndConsentModal personId={personId} consent={ending} onClose={() => setEnding(null)} />
        </>
      ) : null}
    </section>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function ConsentCard({
  consent: c,
  representativeName,
  onEnd,
}: {
  consent: Consent;
  representativeName: string | null;
  onEnd?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const objection = c.decision === 'objection';
  const yesNo = (value: boolean) => (value ? t('access.consents.yes') : t('access.consents.no'));
  return (
    <Card component="li" withBorder padding="md" radius="md" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="sm">
        <Group gap="xs">
          <Title order={3} size="h5" id={titleId}>
            {objection
              ? t('access.consents.objectionOf', { date: formatDateTime(c.collectedAt, false) })
              : t('access.consents.consentOf', { date: formatDateTime(c.collectedAt, false) })}
          </Title>
          <Badge color={objection ? 'red' : 'teal'} variant="light" tt="none">
            {objection ? t('access.consents.objection') : t('access.consents.consent')}
          </Badge>
          <Badge color={c.active ? 'blue' : 'gray'} variant="outline" tt="none">
            {c.active ? t('access.consents.active') : t('access.consents.ended')}
          </Badge>
        </Group>
        {onEnd ? (
          <Button size="xs" variant="default" color="red" onClick={onEnd}>
            {objection ? t('access.consents.lift') : t('access.consents.withdraw')}
          </Button>
        ) : null}
      </Group>
      <DataList labelWidth="17rem">
        <Item label={t('access.consents.fields.informedAt')}>{formatDay(c.informedAt)}</Item>
        <Item label={t('access.consents.fields.collectedBy')}>
          {t('access.consents.collectedByOn', { name: c.collectedBy.displayName, date: formatDateTime(c.collectedAt, false) })}
        </Item>
        <Item label={t('access.consents.fields.method')}>{consentMethodLabel(t, c.method)}</Item>
        <Item label={t('access.consents.fields.infoCategories')}>{c.infoCategories.map((v) => infoCategoryLabel(t, v)).join(', ')}</Item>
        <Item label={t('access.consents.fields.professionalCategories')}>
          {c.professionalCategories.map((v) => professionalCategoryLabel(t, v)).join(', ')}
        </Item>
        <Item label={t('access.consents.fields.means')}>{c.means.map((v) => consentMeanLabel(t, v)).join(', ')}</Item>
        <Item label={t('access.consents.fields.securityMeasuresExplained')}>{yesNo(c.securityMeasuresExplained)}</Item>
        <Item label={t('access.consents.fields.copyGiven')}>{yesNo(c.copyGiven)}</Item>
        <Item label={t('access.consents.fields.givenBy')}>
          {c.givenBy === 'person'
            ? t('access.consents.byPerson')
            : representativeName
              ? t('access.consents.byRepresentativeNamed', { name: representativeName })
              : t('access.consents.byRepresentative')}
        </Item>
        {c.notes ? <Item label={t('access.consents.fields.notes')}>{c.notes}</Item> : null}
        {c.endedAt ? (
          <Item label={objection ? t('access.consents.fields.liftedAt') : t('access.consents.fields.endedAt')}>
            {formatDateTime(c.endedAt, false)}
            {c.endReason ? ` — ${c.endReason}` : ''}
          </Item>
        ) : null}
      </DataList>
    </Card>
  );
}

const CONSENT_FIELDS = [
  'decision',
  'informedAt',
  'collectedAt',
  'method',
  'infoCategories',
  'professionalCategories',
  'means',
  'securityMeasuresExplained',
  'copyGiven',
  'givenBy',
  'representativeId',
  'notes',
];

/** `YYYY-MM-DDTHH:mm`, the value of an `<input type="datetime-local">`, for now. */
function nowLocal(): string {
  const now = new Date();
  return `${todayDay(now)}T${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}

interface ConsentFormProps {
  personId: string;
  personName: string;
  representatives: readonly Representative[];
  relativesLoading: boolean;
  onDone: () => void;
}

function ConsentForm({ personId, personName, representatives, relativesLoading, onDone }: ConsentFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [confirmObjection, setConfirmObjection] = useState<ConsentInput | null>(null);
  const messages = {
    method: t('access.consents.errors.method'),
    infoCategories: t('access.consents.errors.infoCategories'),
    professionalCategories: t('access.consents.errors.professionalCategories'),
    means: t('access.consents.errors.means'),
    informedAt: t('access.consents.errors.informedAt'),
    collectedAt: t('access.consents.errors.collectedAt'),
    representativeId: t('access.consents.errors.representative'),
  };
  const form = useZodForm({
    initialValues: {
      decision: 'consent',
      informedAt: todayDay(),
      collectedAt: nowLocal(),
      method: null as string | null,
      infoCategories: [] as string[],
      professionalCategories: [] as string[],
      means: [] as string[],
      securityMeasuresExplained: false,
      copyGiven: false,
      givenBy: 'person',
      representativeId: null as string | null,
      notes: '',
    },
    schema: consentInputSchema,
    prepare: (v) => {
      const collected = v.collectedAt ? new Date(v.collectedAt) : null;
      return {
        ...v,
        collectedAt: collected && !Number.isNaN(collected.getTime()) ? collected.toISOString() : v.collectedAt || undefined,
        representativeId: v.givenBy === 'legal_representative' ? v.representativeId : null,
        notes: v.notes.trim() || null,
      };
    },
    messages,
  });
  const mutation = useMutation({ mutationFn: (body: ConsentInput) => recordConsent(personId, body, idempotency.keyFor(body)) });

  const save = async (body: ConsentInput) => {
    try {
      const recorded = await mutation.mutateAsync(body);
      idempotency.reset();
      notify({
        message:
          recorded.decision === 'objection'
            ? t('access.consents.objectionRecorded', { name: personName })
            : t('access.consents.consentRecorded', { name: personName }),
      });
      await queryClient.invalidateQueries({ queryKey: accessKeys.person(personId) });
      onDone();
    } catch (error) {
      setConfirmObjection(null);
      if (
        !applyLocalisedServerErrors(form, error, {
          byCode: { no_mandate: t('access.consents.errors.noMandate') },
          byPath: messages,
          fields: CONSENT_FIELDS,
        })
      )
        notifyError(error);
    }
  };

  const submit = form.onSubmit((body: z.output<typeof consentInputSchema>) => {
    // An objection cuts access for the professionals concerned at their next request: confirmed first.
    if (body.decision === 'objection') setConfirmObjection(body);
    else void save(body);
  });

  const representativeOptions = representatives.map((r) => ({ value: r.id, label: r.name }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('access.consents.formHelp')}</Text>
        <Radio.Group label={t('access.consents.fields.decision')} required {...form.getInputProps('decision')}>
          <Group gap="lg" mt="xs">
            <Radio value="consent" label={t('access.consents.consent')} />
            <Radio value="objection" label={t('access.consents.objection')} />
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            type="date"
            label={t('access.consents.fields.informedAt')}
            required
            max={todayDay()}
            {...form.getInputProps('informedAt')}
          />
          <TextInput type="datetime-local" label={t('access.consents.fields.collectedAt')} {...form.getInputProps('collectedAt')} />
        </SimpleGrid>
        <Radio.Group label={t('access.consents.fields.method')} required {...form.getInputProps('method')}>
          <Group gap="lg" mt="xs">
            {consentMethodOptions(t).map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} />
            ))}
          </Group>
        </Radio.Group>
        <Checkbox.Group label={t('access.consents.fields.infoCategories')} required {...form.getInputProps('infoCategories')}>
          <Group gap="lg" mt="xs">
            {infoCategoryOptions(t).map((o) => (
              <Checkbox key={o.value} value={o.value} label={o.label} />
            ))}
          </Group>
        </Checkbox.Group>
        <Checkbox.Group
          label={t('access.consents.fields.professionalCategories')}
          required
          {...form.getInputProps('professionalCategories')}
        >
          <Group gap="lg" mt="xs">
            {professionalCategoryOptions(t).map((o) => (
              <Checkbox key={o.value} value={o.value} label={o.label} />
            ))}
          </Group>
        </Checkbox.Group>
        <Checkbox.Group label={t('access.consents.fields.means')} required {...form.getInputProps('means')}>
          <Group gap="lg" mt="xs">
            {consentMeanOptions(t).map((o) => (
              <Checkbox key={o.value} value={o.value} label={o.label} />
            ))}
          </Group>
        </Checkbox.Group>
        <Stack gap="xs">
          <Checkbox
            label={t('access.consents.fields.securityMeasuresExplained')}
            description={t('access.consents.securityHelp')}
            {...form.getCheckboxProps('securityMeasuresExplained')}
          />
          <Checkbox label={t('access.consents.fields.copyGiven')} {...form.getCheckboxProps('copyGiven')} />
        </Stack>
        <Radio.Group label={t('access.consents.fields.givenBy')} required {...form.getInputProps('givenBy')}>
          <Group gap="lg" mt="xs">
            <Radio value="person" label={t('access.consents.byPerson')} />
            <Radio value="legal_representative" label={t('access.consents.byRepresentative')} />
          </Group>
        </Radio.Group>
        {form.values.givenBy === 'legal_representative' ? (
          <Select
            label={t('access.consents.fields.representative')}
            description={t('access.consents.representativeHelp')}
            required
            data={representativeOptions}
            placeholder={relativesLoading ? t('state.loading') : undefined}
            nothingFoundMessage={t('access.consents.noRepresentative')}
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps('representativeId')}
          />
        ) : null}
        <Textarea label={t('access.consents.fields.notes')} autosize minRows={2} maxLength={1000} {...form.getInputProps('notes')} />
        {form.values.decision === 'objection' ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            {t('access.consents.objectionWarning')}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('state.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} color={form.values.decision === 'objection' ? 'red' : undefined}>
            {form.values.decision === 'objection' ? t('access.consents.submitObjection') : t('access.consents.submitConsent')}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirmObjection !== null}
        onClose={() => setConfirmObjection(null)}
        onConfirm={() => confirmObjection && void save(confirmObjection)}
        title={t('access.consents.confirmObjectionTitle', { name: personName })}
        confirmLabel={t('access.consents.submitObjection')}
        danger
        loading={mutation.isPending}
      >
        <Text size="sm">{t('access.consents.confirmObjection', { name: personName })}</Text>
      </ConfirmModal>
    </form>
  );
}

function EndConsentModal({ personId, consent, onClose }: { personId: string; consent: Consent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useZodForm({ initialValues: { reason: '' }, schema: consentEndSchema });
  const mutation = useMutation({ mutationFn: ({ id, reason }: { id: string; reason: string }) => endConsent(personId, id, reason) });
  const objection = consent?.decision === 'objection';
  const close = () => {
    form.reset();
    onClose();
  };
  const submit = form.onSubmit(async ({ reason }) => {
    if (!consent) return;
    try {
      await mutation.mutateAsync({ id: consent.id, reason });
      notify({ message: objection ? t('access.consents.lifted') : t('access.consents.withdrawn') });
      close();
    } catch (error) {
      if (!applyLocalisedServerErrors(form, error, { fields: ['reason'] })) notifyError(error);
    } finally {
      await queryClient.invalidateQueries({ queryKey: accessKeys.person(personId) });
    }
  });
  return (
    <Modal
      opened={consent !== null}
      onClose={close}
      title={objection ? t('access.consents.liftTitle') : t('access.consents.withdrawTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{objection ? t('access.consents.liftConsequence') : t('access.consents.withdrawConsequence')}</Text>
          <Textarea
            label={t('access.consents.endReason')}
            required
            autosize
            minRows={2}
            maxLength={500}
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              {t('state.cancel')}
            </Button>
            <Button type="submit" color="red" loading={mutation.isPending}>
              {objection ? t('access.consents.lift') : t('access.consents.withdraw')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
