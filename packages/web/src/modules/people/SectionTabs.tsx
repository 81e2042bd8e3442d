import { legalProtectionInputSchema, professionalInputSchema, relativeInputSchema } from '@maillon/shared/people';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArchive, IconFriends, IconPencil, IconPlus, IconScale, IconStethoscope } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay, todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import {
  addToSection,
  isPreconditionFailed,
  peopleKeys,
  sectionQueryOptions,
  updateInSection,
  type Professional,
  type Protection,
  type Relative,
  type SectionInputs,
  type SectionItems,
  type SectionName,
} from './api';
import {
  coversLabel,
  coversOptions,
  professionalKindLabel,
  professionalKindOptions,
  protectionKindLabel,
  protectionKindOptions,
  relationshipLabel,
  relationshipOptions,
} from './labels';

/**
 * Relatives, legal protection and professionals: lists of entries added, changed (If-Match on the entry's version)
 * and withdrawn when made in error (`archived`, kept in the history). Same screens for the three.
 */

const blank = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const select = (t: TFunction) =>
  ({ comboboxProps: { withinPortal: false }, clearButtonProps: { 'aria-label': t('state.clear') } }) as const;

interface SectionTexts {
  title: string;
  add: string;
  empty: string;
  emptyHelp: string;
  loading: string;
  icon: ReactNode;
}

interface SectionListProps<S extends SectionName> {
  personId: string;
  section: S;
  canEdit: boolean;
  texts: SectionTexts;
  nameOf: (item: SectionItems[S]) => string;
  renderItem: (item: SectionItems[S]) => ReactNode;
  renderForm: (props: EntryFormProps<S>) => ReactNode;
}

export interface EntryFormProps<S extends SectionName> {
  personId: string;
  /** The entry changed; null to add one. */
  item: SectionItems[S] | null;
  onDone: () => void;
}

function SectionList<S extends SectionName>({ personId, section, canEdit, texts, nameOf, renderItem, renderForm }: SectionListProps<S>) {
  const { t } = useTranslation();
  const headingId = useId();
  const queryClient = useQueryClient();
  const list = useQuery(sectionQueryOptions(personId, section));
  const [editing, setEditing] = useState<SectionItems[S] | 'new' | null>(null);
  const [archiving, setArchiving] = useState<SectionItems[S] | null>(null);
  const archive = useMutation({
    mutationFn: (item: SectionItems[S]) => updateInSection(personId, section, item, { archived: true }),
    onSuccess: (_, item) => {
      notify({ message: t('people.sections.archived', { name: nameOf(item) }) });
      setArchiving(null);
    },
    onError: (error) => {
      if (isPreconditionFailed(error)) {
        notify({ color: 'orange', title: t('conflict.title'), message: t('conflict.listReloaded') });
        setArchiving(null);
      } else notifyError(error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: peopleKeys.section(personId, section) }),
  });

  let content;
  if (list.isPending) content = <LoadingState label={texts.loading} />;
  else if (list.isError) content = <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  else if (list.data.length === 0) content = <EmptyState icon={texts.icon} title={texts.empty} description={texts.emptyHelp} />;
  else
    content = (
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
        {list.data.map((item) => (
          <Card component="li" key={item.id} withBorder padding="md" radius="md">
            <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
              <div style={{ flex: '1 1 18rem', minWidth: 0 }}>{renderItem(item)}</div>
              {canEdit ? (
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconPencil size={14} aria-hidden />}
                    onClick={() => setEditing(item)}
                    aria-label={t('people.sections.editFor', { name: nameOf(item) })}
                  >
                    {t('state.edit')}
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    color="red"
                    leftSection={<IconArchive size={14} aria-hidden />}
                    onClick={() => setArchiving(item)}
                    aria-label={t('people.sections.archiveFor', { name: nameOf(item) })}
                  >
                    {t('people.sections.archive')}
                  </Button>
                </Group>
              ) : null}
            </Group>
          </Card>
        ))}
      </Stack>
    );

  return (
    <section aria-labelledby={headingId}>
      <Group justify="space-between" mb="md" gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {texts.title}
        </Title>
        {canEdit ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            {texts.add}
          </Button>
        ) : null}
      </Group>
      {content}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' || editing === null ? texts.add : t('people.sections.editTitle', { name: nameOf(editing) })}
        size="lg"
        closeButtonProps={{ 'aria-label': t('state.close') }}
      >
        {editing !== null ? renderForm({ personId, item: editing === 'new' ? null : editing, onDone: () => setEditing(null) }) : null}
      </Modal>
      <ConfirmModal
        opened={archiving !== null}
        onClose={() => setArchiving(null)}
        onConfirm={() => archiving && archive.mutate(archiving)}
        title={archiving ? t('people.sections.archiveTitle', { name: nameOf(archiving) }) : ''}
        confirmLabel={t('people.sections.archive')}
        danger
        loading={archive.isPending}
      >
        <Text size="sm">{t('people.sections.archiveConsequence')}</Text>
      </ConfirmModal>
    </section>
  );
}

/** Saves an entry (POST with an Idempotency-Key, or PATCH with If-Match) and refreshes the list. */
function useSaveEntry<S extends SectionName>(personId: string, section: S, item: SectionItems[S] | null) {
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  return useMutation({
    mutationFn: (body: SectionInputs[S]) =>
      item ? updateInSection(personId, section, item, body as never) : addToSection(personId, section, body, idempotency.keyFor(body)),
    onSuccess: () => idempotency.reset(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: peopleKeys.section(personId, section) }),
  });
}

/** Runs the save; a 412 closes the form on a reloaded list, field errors land under their fields. */
async function saveEntry(
  t: TFunction,
  save: () => Promise<unknown>,
  form: { setErrors: (errors: Record<string, string>) => void },
  fields: readonly string[],
  messages: Partial<Record<string, string>>,
  onDone: () => void,
  savedMessage: string,
) {
  try {
    await save();
    notify({ message: savedMessage });
    onDone();
  } catch (error) {
    if (isPreconditionFailed(error)) {
      notify({ color: 'orange', title: t('conflict.title'), message: t('conflict.listReloaded') });
      onDone();
    } else if (
      !applyLocalisedServerErrors(form, error, {
        byCode: { unknown_relative: t('people.errors.unknownRelative') },
        byPath: messages,
        fields,
      })
    )
      notifyError(error);
  }
}

function FormButtons({ onCancel, loading }: { onCancel: () => void; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel}>
        {t('state.cancel')}
      </Button>
      <Button type="submit" loading={loading}>
        {t('state.save')}
      </Button>
    </Group>
  );
}

// --- relatives -------------------------------------------------------------------------------------------------------

const relativeName = (r: Relative) => `${r.firstName} ${r.lastName.toLocaleUpperCase('fr-FR')}`;

export function RelativesTab({ personId, canEdit }: { personId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <SectionList
      personId={personId}
      section="relatives"
      canEdit={canEdit}
      nameOf={relativeName}
      texts={{
        title: t('people.relatives.title'),
        add: t('people.relatives.add'),
        empty: t('people.relatives.empty'),
        emptyHelp: t('people.relatives.emptyHelp'),
        loading: t('people.relatives.loading'),
        icon: <IconFriends aria-hidden />,
      }}
      renderItem={(r) => <RelativeItem relative={r} />}
      renderForm={(props) => <RelativeForm {...props} />}
    />
  );
}

function RelativeItem({ relative: r }: { relative: Relative }) {
  const { t } = useTranslation();
  const roles = [
    r.isCaregiver && { key: 'caregiver', color: 'blue', label: t('people.relatives.caregiver') },
    r.isTrustedPerson && { key: 'trusted', color: 'teal', label: t('people.relatives.trusted') },
    r.isEmergencyContact && { key: 'emergency', color: 'red', label: t('people.relatives.emergency') },
    r.isLegalRepresentative && { key: 'legal', color: 'violet', label: t('people.relatives.legal') },
  ].filter((x): x is { key: string; color: string; label: string } => Boolean(x));
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text fw={600}>{relativeName(r)}</Text>
        <Text size="sm" c="dimmed">
          {relationshipLabel(t, r.relationship)}
        </Text>
      </Group>
      {roles.length ? (
        <Group gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('people.relatives.roles')}>
          {roles.map((role) => (
            <Badge component="li" key={role.key} color={role.color} variant="light" tt="none">
              {role.label}
            </Badge>
          ))}
        </Group>
      ) : null}
      <Text size="sm">{[r.phone, r.email].filter(Boolean).join(' · ') || t('people.sections.noContact')}</Text>
      {r.address ? <Text size="sm">{r.address}</Text> : null}
      {r.notes ? (
        <Text size="sm" c="dimmed">
          {r.notes}
        </Text>
      ) : null}
    </Stack>
  );
}

const RELATIVE_FIELDS = [
  'lastName',
  'firstName',
  'relationship',
  'phone',
  'email',
  'address',
  'isCaregiver',
  'isTrustedPerson',
  'isEmergencyContact',
  'isLegalRepresentative',
  'notes',
] as const;

function RelativeForm({ personId, item, onDone }: EntryFormProps<'relatives'>) {
  const { t } = useTranslation();
  const messages = { phone: t('people.errors.phone'), email: t('validation.email') };
  const form = useZodForm({
    initialValues: {
      lastName: item?.lastName ?? '',
      firstName: item?.firstName ?? '',
      relationship: item?.relationship ?? null,
      phone: item?.phone ?? '',
      email: item?.email ?? '',
      address: item?.address ?? '',
      isCaregiver: item?.isCaregiver ?? false,
      isTrustedPerson: item?.isTrustedPerson ?? false,
      isEmergencyContact: item?.isEmergencyContact ?? false,
      isLegalRepresentative: item?.isLegalRepresentative ?? false,
      notes: item?.notes ?? '',
    },
    schema: relativeInputSchema,
    prepare: (v) => ({ ...v, phone: blank(v.phone), email: blank(v.email), address: blank(v.address), notes: blank(v.notes) }),
    messages,
  });
  const save = useSaveEntry(personId, 'relatives', item);
  const submit = form.onSubmit((body: z.output<typeof relativeInputSchema>) =>
    saveEntry(
      t,
      () => save.mutateAsync(body),
      form,
      RELATIVE_FIELDS,
      messages,
      onDone,
      t('people.relatives.saved', { name: `${body.firstName} ${body.lastName}` }),
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label={t('people.relatives.lastName')} required {...form.getInputProps('lastName')} />
          <TextInput label={t('people.relatives.firstName')} required {...form.getInputProps('firstName')} />
          <Select
            label={t('people.relatives.relationship')}
            required
            data={relationshipOptions(t)}
            {...select(t)}
            {...form.getInputProps('relationship')}
          />
          <TextInput type="tel" label={t('people.fields.phone')} {...form.getInputProps('phone')} />
          <TextInput type="email" label={t('people.fields.email')} {...form.getInputProps('email')} />
          <TextInput label={t('people.relatives.address')} {...form.getInputProps('address')} />
        </SimpleGrid>
        <Fieldset legend={t('people.relatives.rolesLabel')} variant="unstyled">
          <Text size="xs" c="dimmed" mb="xs">
            {t('people.relatives.rolesHelp')}
          </Text>
          <Stack gap="xs">
            <Checkbox label={t('people.relatives.caregiver')} {...form.getCheckboxProps('isCaregiver')} />
            <Checkbox
              label={t('people.relatives.trusted')}
              description={t('people.relatives.trustedHelp')}
              {...form.getCheckboxProps('isTrustedPerson')}
            />
            <Checkbox label={t('people.relatives.emergency')} {...form.getCheckboxProps('isEmergencyContact')} />
            <Checkbox
              label={t('people.relatives.legal')}
              description={t('people.relatives.legalHelp')}
              {...form.getCheckboxProps('isLegalRepresentative')}
            />
          </Stack>
        </Fieldset>
        <Textarea label={t('people.fields.notes')} autosize minRows={2} maxLength={1000} {...form.getInputProps('notes')} />
        <FormButtons onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}

// --- legal protection ------------------------------------------------------------------------------------------------

export function ProtectionsTab({ personId, canEdit }: { personId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <SectionList
      personId={personId}
      section="protections"
      canEdit={canEdit}
      nameOf={(p) => protectionKindLabel(t, p.kind)}
      texts={{
        title: t('people.protections.title'),
        add: t('people.protections.add'),
        empty: t('people.protections.empty'),
        emptyHelp: t('people.protections.emptyHelp'),
        loading: t('people.protections.loading'),
        icon: <IconScale aria-hidden />,
      }}
      renderItem={(p) => <ProtectionItem protection={p} />}
      renderForm={(props) => <ProtectionForm {...props} />}
    />
  );
}

function ProtectionItem({ protection: p }: { protection: Protection }) {
  const { t } = useTranslation();
  const ended = p.endDate !== null && p.endDate < todayDay();
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text fw={600}>{protectionKindLabel(t, p.kind)}</Text>
        <Badge color={ended ? 'gray' : 'teal'} variant="light" tt="none">
          {ended ? t('people.protections.ended') : t('people.protections.current')}
        </Badge>
      </Group>
      <Text size="sm">
        {t('people.protections.protectorIs', { name: p.protectorName })}
        {p.protectorOrganisation ? ` (${p.protectorOrganisation})` : ''}
      </Text>
      {p.protectorPhone || p.protectorEmail ? (
        <Text size="sm">{[p.protectorPhone, p.protectorEmail].filter(Boolean).join(' · ')}</Text>
      ) : null}
      <Text size="sm" c="dimmed">
        {t('people.protections.period', {
          start: formatDay(p.startDate),
          end: p.endDate ? formatDay(p.endDate) : t('people.protections.noEnd'),
        })}
        {p.judgmentDate ? ` · ${t('people.protections.judgedOn', { date: formatDay(p.judgmentDate) })}` : ''}
        {` · ${coversLabel(t, p.covers)}`}
      </Text>
    </Stack>
  );
}

const PROTECTION_FIELDS = [
  'kind',
  'protectorName',
  'protectorOrganisation',
  'protectorPhone',
  'protectorEmail',
  'relativeId',
  'judgmentDate',
  'startDate',
  'endDate',
  'covers',
] as const;

function ProtectionForm({ personId, item, onDone }: EntryFormProps<'protections'>) {
  const { t } = useTranslation();
  const relatives = useQuery(sectionQueryOptions(personId, 'relatives'));
  const messages = {
    protectorPhone: t('people.errors.phone'),
    protectorEmail: t('validation.email'),
    judgmentDate: t('people.errors.futureDate'),
    endDate: t('people.errors.endBeforeStart'),
  };
  const form = useZodForm({
    initialValues: {
      kind: item?.kind ?? null,
      protectorName: item?.protectorName ?? '',
      protectorOrganisation: item?.protectorOrganisation ?? '',
      protectorPhone: item?.protectorPhone ?? '',
      protectorEmail: item?.protectorEmail ?? '',
      relativeId: item?.relativeId ?? null,
      judgmentDate: item?.judgmentDate ?? '',
      startDate: item?.startDate ?? '',
      endDate: item?.endDate ?? '',
      covers: item?.covers ?? 'both',
    },
    schema: legalProtectionInputSchema,
    prepare: (v) => ({
      ...v,
      protectorOrganisation: blank(v.protectorOrganisation),
      protectorPhone: blank(v.protectorPhone),
      protectorEmail: blank(v.protectorEmail),
      judgmentDate: blank(v.judgmentDate),
      endDate: blank(v.endDate),
    }),
    messages,
  });
  const save = useSaveEntry(personId, 'protections', item);
  const submit = form.onSubmit((body: z.output<typeof legalProtectionInputSchema>) =>
    saveEntry(
      t,
      () => save.mutateAsync(body),
      form,
      PROTECTION_FIELDS,
      messages,
      onDone,
      t('people.protections.saved', { kind: protectionKindLabel(t, body.kind) }),
    ),
  );
  const relativeOptions = (relatives.data ?? []).map((r) => ({ value: r.id, label: relativeName(r) }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('people.protections.kind')}
            required
            data={protectionKindOptions(t)}
            {...select(t)}
            {...form.getInputProps('kind')}
          />
          <Select
            label={t('people.protections.covers')}
            required
            data={coversOptions(t)}
            allowDeselect={false}
            {...select(t)}
            {...form.getInputProps('covers')}
          />
          <TextInput label={t('people.protections.protectorName')} required {...form.getInputProps('protectorName')} />
          <TextInput label={t('people.protections.protectorOrganisation')} {...form.getInputProps('protectorOrganisation')} />
          <TextInput type="tel" label={t('people.protections.protectorPhone')} {...form.getInputProps('protectorPhone')} />
          <TextInput type="email" label={t('people.protections.protectorEmail')} {...form.getInputProps('protectorEmail')} />
          <Select
            label={t('people.protections.relative')}
            description={t('people.protections.relativeHelp')}
            data={relativeOptions}
            clearable
            placeholder={relatives.isPending ? t('state.loading') : undefined}
            {...select(t)}
            {...form.getInputProps('relativeId')}
          />
          <TextInput type="date" label={t('people.protections.judgmentDate')} max={todayDay()} {...form.getInputProps('judgmentDate')} />
          <TextInput type="date" label={t('people.protections.startDate')} required {...form.getInputProps('startDate')} />
          <TextInput
            type="date"
            label={t('people.protections.endDate')}
            min={form.values.startDate || undefined}
            {...form.getInputProps('endDate')}
          />
        </SimpleGrid>
        <FormButtons onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}

// --- professionals ---------------------------------------------------------------------------------------------------

export function ProfessionalsTab({ personId, canEdit }: { personId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <SectionList
      personId={personId}
      section="professionals"
      canEdit={canEdit}
      nameOf={(p) => p.name}
      texts={{
        title: t('people.professionals.title'),
        add: t('people.professionals.add'),
        empty: t('people.professionals.empty'),
        emptyHelp: t('people.professionals.emptyHelp'),
        loading: t('people.professionals.loading'),
        icon: <IconStethoscope aria-hidden />,
      }}
      renderItem={(p) => <ProfessionalItem professional={p} />}
      renderForm={(props) => <ProfessionalForm {...props} />}
    />
  );
}

function ProfessionalItem({ professional: p }: { professional: Professional }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text fw={600}>{p.name}</Text>
        <Text size="sm" c="dimmed">
          {professionalKindLabel(t, p.kind)}
        </Text>
        {p.isTreatingDoctor ? (
          <Badge color="blue" variant="light" tt="none">
            {t('people.professionals.treatingDoctor')}
          </Badge>
        ) : null}
      </Group>
      {p.organisation ? <Text size="sm">{p.organisation}</Text> : null}
      <Text size="sm">{[p.phone, p.email].filter(Boolean).join(' · ') || t('people.sections.noContact')}</Text>
      {p.rpps ? (
        <Text size="sm" c="dimmed">
          {t('people.professionals.rppsIs', { rpps: p.rpps })}
        </Text>
      ) : null}
    </Stack>
  );
}

const PROFESSIONAL_FIELDS = ['kind', 'name', 'organisation', 'phone', 'email', 'rpps', 'isTreatingDoctor'] as const;

function ProfessionalForm({ personId, item, onDone }: EntryFormProps<'professionals'>) {
  const { t } = useTranslation();
  const messages = { phone: t('people.errors.phone'), email: t('validation.email'), rpps: t('people.errors.rpps') };
  const form = useZodForm({
    initialValues: {
      kind: item?.kind ?? null,
      name: item?.name ?? '',
      organisation: item?.organisation ?? '',
      phone: item?.phone ?? '',
      email: item?.email ?? '',
      rpps: item?.rpps ?? '',
      isTreatingDoctor: item?.isTreatingDoctor ?? false,
    },
    schema: professionalInputSchema,
    prepare: (v) => ({ ...v, organisation: blank(v.organisation), phone: blank(v.phone), email: blank(v.email), rpps: blank(v.rpps) }),
    messages,
  });
  const save = useSaveEntry(personId, 'professionals', item);
  const submit = form.onSubmit((body: z.output<typeof professionalInputSchema>) =>
    saveEntry(
      t,
      () => save.mutateAsync(body),
      form,
      PROFESSIONAL_FIELDS,
      messages,
      onDone,
      t('people.professionals.saved', { name: body.name }),
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('people.professionals.kind')}
            required
            data={professionalKindOptions(t)}
            {...select(t)}
            {...form.getInputProps('kind')}
          />
          <TextInput label={t('people.professionals.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('people.professionals.organisation')} {...form.getInputProps('organisation')} />
          <TextInput
            label={t('people.professionals.rpps')}
            description={t('people.professionals.rppsHelp')}
            inputMode="numeric"
            maxLength={11}
            {...form.getInputProps('rpps')}
          />
          <TextInput type="tel" label={t('people.fields.phone')} {...form.getInputProps('phone')} />
          <TextInput type="email" label={t('people.fields.email')} {...form.getInputProps('email')} />
        </SimpleGrid>
        <Checkbox label={t('people.professionals.treatingDoctor')} {...form.getCheckboxProps('isTreatingDoctor')} />
        <FormButtons onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}
