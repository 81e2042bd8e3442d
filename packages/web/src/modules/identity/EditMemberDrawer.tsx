import { memberUpdateSchema } from '@maillon/shared/identity';
import { Alert, Button, Drawer, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle, IconRefreshAlert } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState';
import { applyServerErrors, useZodForm } from '../../ui/form';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { isStepUpCancelled, useStepUp } from '../../ui/StepUp';
import {
  identityKeys,
  isPreconditionFailed,
  memberQueryOptions,
  servicesQueryOptions,
  updateMember,
  type Member,
  type MemberUpdate,
  type Versioned,
} from './api';
import { professionOptions, roleOptions } from './labels';

export interface EditMemberDrawerProps {
  /** The member chosen in the list; the drawer reads the current version (and its ETag) itself. */
  member: Member | null;
  currentUserId: string | undefined;
  onClose: () => void;
}

export function EditMemberDrawer({ member, currentUserId, onClose }: EditMemberDrawerProps) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={member !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={member ? t('users.edit.title', { name: member.displayName }) : ''}
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      {member ? <EditMember membershipId={member.membershipId} self={member.userId === currentUserId} onDone={onClose} /> : null}
    </Drawer>
  );
}

function EditMember({ membershipId, self, onDone }: { membershipId: string; self: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const member = useQuery(memberQueryOptions(membershipId));
  const [conflict, setConflict] = useState(false);
  if (member.isPending) return <LoadingState />;
  if (member.isError) return <ErrorState error={member.error} onRetry={() => void member.refetch()} retrying={member.isFetching} />;
  return (
    <Stack gap="md">
      {conflict ? (
        <Alert color="orange" variant="light" icon={<IconRefreshAlert aria-hidden />} role="alert" title={t('conflict.title')}>
          {t('conflict.reloaded')}
        </Alert>
      ) : null}
      {/* A new form for each version read: after a conflict it shows the current state. */}
      <EditMemberForm
        key={member.data.etag}
        current={member.data}
        self={self}
        onConflict={async () => {
          setConflict(true);
          await member.refetch();
        }}
        onDone={onDone}
      />
    </Stack>
  );
}

interface EditMemberFormProps {
  current: Versioned<Member>;
  self: boolean;
  onConflict: () => Promise<void>;
  onDone: () => void;
}

function EditMemberForm({ current, self, onConflict, onDone }: EditMemberFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const stepUp = useStepUp();
  const services = useQuery(servicesQueryOptions());
  const member = current.data;
  const initial = {
    role: member.role as string | null,
    profession: member.profession as string | null,
    serviceId: member.serviceId,
    jobTitle: member.jobTitle ?? '',
  };
  const form = useZodForm({
    initialValues: initial,
    schema: memberUpdateSchema,
    // Only what changed is sent; any change of a member needs a recent authentication (SEC-SESS-06).
    prepare: (values) => {
      const patch: Record<string, unknown> = {};
      if (values.role !== initial.role) patch.role = values.role;
      if (values.profession !== initial.profession) patch.profession = values.profession;
      if (values.serviceId !== initial.serviceId) patch.serviceId = values.serviceId;
      if (values.jobTitle.trim() !== initial.jobTitle) patch.jobTitle = values.jobTitle.trim() || null;
      return patch;
    },
  });
  const mutation = useMutation({
    mutationFn: (patch: MemberUpdate) => stepUp(() => updateMember(member.membershipId, current.etag, patch)),
  });

  const submit = form.onSubmit(async (patch) => {
    if (Object.keys(patch).length === 0) {
      onDone();
      return;
    }
    try {
      await mutation.mutateAsync(patch);
      notify({ message: t('users.edit.saved', { name: member.displayName }) });
      await queryClient.invalidateQueries({ queryKey: identityKeys.members });
      onDone();
    } catch (error) {
      if (isStepUpCancelled(error)) return;
      if (isPreconditionFailed(error)) await onConflict();
      else if (!applyServerErrors(form, error)) notifyError(error);
    }
  });

  const serviceOptions = (services.data ?? [])
    .filter((s) => !s.archived || s.id === member.serviceId)
    .map((s) => ({ value: s.id, label: s.name }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {member.email}
        </Text>
        <Select
          label={t('users.fields.role')}
          description={self ? t('users.edit.ownRole') : t('users.edit.roleHelp')}
          data={roleOptions(t)}
          allowDeselect={false}
          required
          disabled={self}
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
        <TextInput label={t('users.fields.jobTitle')} {...form.getInputProps('jobTitle')} />
        {form.values.role !== initial.role ? (
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
            {t('users.edit.stepUpNotice')}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('state.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('state.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
