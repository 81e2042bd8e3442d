import { serviceCreateSchema, serviceUpdateSchema } from '@maillon/shared/identity';
import { Alert, Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { IconRefreshAlert } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState';
import { applyServerErrors, useZodForm, type ZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import {
  createService,
  identityKeys,
  isPreconditionFailed,
  serviceQueryOptions,
  updateService,
  type Service,
  type ServiceCreate,
  type ServiceUpdate,
  type Versioned,
} from './api';
import { serviceKindOptions } from './labels';

type ServiceValues = {
  name: string;
  kind: string | null;
  capacity: number | string;
  address: string;
  archived: boolean;
};

const emptyValues: ServiceValues = { name: '', kind: null, capacity: '', address: '', archived: false };

const toInput = (values: ServiceValues) => ({
  name: values.name,
  kind: values.kind,
  capacity: values.capacity === '' ? null : Number(values.capacity),
  address: values.address.trim() || null,
});

/** Create (`service === 'new'`) or edit a service; the edit form reads the service's current version itself. */
export function ServiceFormModal({ service, onClose }: { service: Service | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const title =
    service === 'new' ? t('organisation.services.addTitle') : service ? t('organisation.services.editTitle', { name: service.name }) : '';
  return (
    <Modal opened={service !== null} onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': t('state.close') }}>
      {service === 'new' ? <CreateService onDone={onClose} /> : service ? <EditService id={service.id} onDone={onClose} /> : null}
    </Modal>
  );
}

function CreateService({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const form = useZodForm({ initialValues: emptyValues, schema: serviceCreateSchema, prepare: toInput });
  const mutation = useMutation({ mutationFn: (body: ServiceCreate) => createService(body, idempotency.keyFor(body)) });
  const submit = form.onSubmit(async (body) => {
    try {
      const created = await mutation.mutateAsync(body);
      idempotency.reset();
      notify({ message: t('organisation.services.created', { name: created.name }) });
      await queryClient.invalidateQueries({ queryKey: identityKeys.services });
      onDone();
    } catch (error) {
      if (!applyServerErrors(form, error, { duplicate: t('organisation.services.duplicate') })) notifyError(error);
    }
  });
  return <ServiceFields form={form} onSubmit={submit} onCancel={onDone} busy={mutation.isPending} />;
}

function EditService({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const service = useQuery(serviceQueryOptions(id));
  const [conflict, setConflict] = useState(false);
  if (service.isPending) return <LoadingState />;
  if (service.isError) return <ErrorState error={service.error} onRetry={() => void service.refetch()} retrying={service.isFetching} />;
  return (
    <Stack gap="md">
      {conflict ? (
        <Alert color="orange" variant="light" icon={<IconRefreshAlert aria-hidden />} role="alert" title={t('conflict.title')}>
          {t('conflict.reloaded')}
        </Alert>
      ) : null}
      <EditServiceForm
        key={service.data.etag}
        current={service.data}
        onConflict={async () => {
          setConflict(true);
          await service.refetch();
        }}
        onDone={onDone}
      />
    </Stack>
  );
}

function EditServiceForm({
  current,
  onConflict,
  onDone,
}: {
  current: Versioned<Service>;
  onConflict: () => Promise<void>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const s = current.data;
  const initialValues: ServiceValues = {
    name: s.name,
    kind: s.kind,
    capacity: s.capacity ?? '',
    address: s.address ?? '',
    archived: s.archived,
  };
  const form = useZodForm({
    initialValues,
    schema: serviceUpdateSchema,
    prepare: (values) => ({ ...toInput(values), archived: values.archived }),
  });
  const mutation = useMutation({ mutationFn: (body: ServiceUpdate) => updateService(s.id, current.etag, body) });
  const submit = form.onSubmit(async (body) => {
    try {
      const saved = await mutation.mutateAsync(body);
      notify({ message: t('organisation.services.saved', { name: saved.name }) });
      await queryClient.invalidateQueries({ queryKey: identityKeys.services });
      onDone();
    } catch (error) {
      if (isPreconditionFailed(error)) await onConflict();
      else if (!applyServerErrors(form, error, { duplicate: t('organisation.services.duplicate') })) notifyError(error);
    }
  });
  return <ServiceFields form={form} onSubmit={submit} onCancel={onDone} busy={mutation.isPending} withArchive />;
}

interface ServiceFieldsProps {
  form: Pick<ZodForm<ServiceValues, unknown>, 'getInputProps' | 'getCheckboxProps'>;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  onCancel: () => void;
  busy: boolean;
  withArchive?: boolean;
}

function ServiceFields({ form, onSubmit, onCancel, busy, withArchive = false }: ServiceFieldsProps) {
  const { t } = useTranslation();
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <TextInput label={t('organisation.services.name')} required data-autofocus {...form.getInputProps('name')} />
        <Select
          label={t('organisation.services.kind')}
          data={serviceKindOptions(t)}
          required
          allowDeselect={false}
          comboboxProps={{ withinPortal: false }}
          {...form.getInputProps('kind')}
        />
        <NumberInput
          label={t('organisation.services.capacity')}
          description={t('organisation.services.capacityHelp')}
          min={0}
          max={100_000}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('capacity')}
        />
        <Textarea label={t('organisation.services.address')} autosize minRows={2} {...form.getInputProps('address')} />
        {withArchive ? (
          <Checkbox
            label={t('organisation.services.archive')}
            description={t('organisation.services.archiveHelp')}
            {...form.getCheckboxProps('archived')}
          />
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('state.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('state.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
