import { invitationCreateSchema } from '@maillon/shared/identity';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, useZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { notify, notifyError } from '../../ui/notify';
import { isStepUpCancelled, useStepUp } from '../../ui/StepUp';
import { createInvitation, identityKeys, servicesQueryOptions, type InvitationCreate } from './api';
import { professionOptions, roleOptions } from './labels';

const initialValues = {
  email: '',
  displayName: '',
  role: null as string | null,
  profession: null as string | null,
  serviceId: null as string | null,
};

export function InviteMemberModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const services = useQuery({ ...servicesQueryOptions(), enabled: opened });
  const idempotency = useIdempotencyKey();
  const stepUp = useStepUp();
  const form = useZodForm({ initialValues, schema: invitationCreateSchema });
  const mutation = useMutation({
    // Inviting grants rights: the server asks for a recent authentication (SEC-SESS-06).
    mutationFn: (body: InvitationCreate) => stepUp(() => createInvitation(body, idempotency.keyFor(body))),
  });

  const close = () => {
    form.reset();
    onClose();
  };

  const submit = form.onSubmit(async (body) => {
    try {
      const invitation = await mutation.mutateAsync(body);
      idempotency.reset();
      notify({ message: t('users.invite.sent', { email: invitation.email }) });
      await queryClient.invalidateQueries({ queryKey: identityKeys.invitations });
      close();
    } catch (error) {
      if (isStepUpCancelled(error)) return;
      if (!applyServerErrors(form, error, { duplicate: t('users.invite.alreadyMember') })) notifyError(error);
    }
  });

  const serviceOptions = (services.data ?? []).filter((s) => !s.archived).map((s) => ({ value: s.id, label: s.name }));

  return (
    <Modal opened={opened} onClose={close} title={t('users.invite.title')} size="lg" closeButtonProps={{ 'aria-label': t('state.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('users.fields.email')}
            description={t('users.invite.emailHelp')}
            type="email"
            autoComplete="off"
            required
            data-autofocus
            {...form.getInputProps('email')}
          />
          <TextInput label={t('users.fields.displayName')} autoComplete="off" required {...form.getInputProps('displayName')} />
          <Select
            label={t('users.fields.role')}
            data={roleOptions(t)}
            required
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps('role')}
          />
          <Select
            label={t('users.fields.profession')}
            data={professionOptions(t)}
            clearable
            clearButtonProps={{ 'aria-label': t('state.clear') }}
            searchable
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps('profession')}
          />
          <Select
            label={t('users.fields.service')}
            data={serviceOptions}
            clearable
            clearButtonProps={{ 'aria-label': t('state.clear') }}
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps('serviceId')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('state.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('users.invite.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
