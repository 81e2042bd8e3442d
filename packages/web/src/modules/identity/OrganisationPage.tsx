import { organisationSettingsSchema, organisationUpdateSchema, roles } from '@maillon/shared/identity';
import { Alert, Button, Card, Checkbox, Group, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconBuildingHospital, IconPlus, IconRefreshAlert } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { applyServerErrors, useZodForm } from '../../ui/form';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { isStepUpCancelled, useStepUp } from '../../ui/StepUp';
import {
  etagOf,
  identityKeys,
  isPreconditionFailed,
  meQueryOptions,
  organisationQueryOptions,
  servicesQueryOptions,
  updateOrganisation,
  useMe,
  type OrganisationSettings,
  type OrganisationUpdate,
  type Service,
  type Versioned,
} from './api';
import { roleLabel, serviceKindLabel } from './labels';
import { ServiceFormModal } from './ServiceFormModal';

export function OrganisationPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('organisation.title')} description={t('organisation.description')} />
      <Stack gap="lg">
        <SettingsSection />
        <ServicesSection />
      </Stack>
    </>
  );
}

function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <Card component="section" aria-labelledby={headingId} withBorder padding="lg">
      <Group justify="space-between" mb="md" gap="sm">
        <Title order={2} id={headingId}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

function SettingsSection() {
  const { t } = useTranslation();
  const settings = useQuery(organisationQueryOptions());
  const [conflict, setConflict] = useState(false);
  return (
    <Section title={t('organisation.settings')}>
      {settings.isPending ? (
        <LoadingState />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} retrying={settings.isFetching} />
      ) : (
        <Stack gap="md">
          {conflict ? (
            <Alert color="orange" variant="light" icon={<IconRefreshAlert aria-hidden />} role="alert" title={t('conflict.title')}>
              {t('conflict.reloaded')}
            </Alert>
          ) : null}
          {/* A new form per version: after a conflict it shows what the other person saved. */}
          <SettingsForm
            key={settings.data.etag}
            current={settings.data}
            onConflict={() => setConflict(true)}
            onSaved={() => setConflict(false)}
          />
        </Stack>
      )}
    </Section>
  );
}

function SettingsForm({
  current,
  onConflict,
  onSaved,
}: {
  current: Versioned<OrganisationSettings>;
  onConflict: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useZodForm({
    initialValues: { name: current.data.name, finess: current.data.finess ?? '', mfaRequiredRoles: current.data.mfaRequiredRoles },
    schema: organisationUpdateSchema,
    prepare: (values) => ({ ...values, name: values.name, finess: values.finess.trim() || null }),
    messages: { finess: t('organisation.finessFormat') },
  });
  const stepUp = useStepUp();
  // The MFA policy is a change of rights: the server asks for a recent authentication (SEC-SESS-06).
  const mutation = useMutation({ mutationFn: (body: OrganisationUpdate) => stepUp(() => updateOrganisation(current.etag, body)) });

  const submit = form.onSubmit(async (body) => {
    try {
      const saved = await mutation.mutateAsync(body);
      queryClient.setQueryData(identityKeys.organisation, { data: saved, etag: etagOf(saved.version) });
      // The name is shown in the header; the MFA policy applies from the next sign-in.
      await queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey });
      notify({ message: t('organisation.saved') });
      onSaved();
    } catch (error) {
      if (isStepUpCancelled(error)) return;
      if (isPreconditionFailed(error)) {
        onConflict();
        const parsed = organisationSettingsSchema.safeParse(isApiError(error) ? error.current : undefined);
        if (parsed.success) queryClient.setQueryData(identityKeys.organisation, { data: parsed.data, etag: etagOf(parsed.data.version) });
        else await queryClient.invalidateQueries({ queryKey: identityKeys.organisation });
      } else if (!applyServerErrors(form, error)) notifyError(error);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label={t('organisation.name')} required {...form.getInputProps('name')} />
          <TextInput
            label={t('organisation.finess')}
            description={t('organisation.finessHelp')}
            maxLength={9}
            autoComplete="off"
            {...form.getInputProps('finess')}
          />
        </SimpleGrid>
        <Checkbox.Group
          label={t('organisation.mfaRoles')}
          description={t('organisation.mfaRolesHelp')}
          value={form.values.mfaRequiredRoles}
          onChange={(value) => form.setFieldValue('mfaRequiredRoles', value)}
          error={form.errors.mfaRequiredRoles}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
            {roles.map((role) => (
              <Checkbox key={role} value={role} label={roleLabel(t, role)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {t('state.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ServicesSection() {
  const { t } = useTranslation();
  const permissions = useMe().data?.permissions ?? [];
  const services = useQuery(servicesQueryOptions());
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const canCreate = permissions.includes('service.create');
  const canUpdate = permissions.includes('service.update');
  const shown = (services.data ?? []).filter((s) => showArchived || !s.archived);

  let content;
  if (services.isPending) content = <LoadingState label={t('organisation.services.loading')} />;
  else if (services.isError)
    content = <ErrorState error={services.error} onRetry={() => void services.refetch()} retrying={services.isFetching} />;
  else if (shown.length === 0)
    content = (
      <EmptyState
        icon={<IconBuildingHospital aria-hidden />}
        title={t('organisation.services.empty')}
        description={t('organisation.services.emptyHelp')}
        action={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
              {t('organisation.services.add')}
            </Button>
          ) : null
        }
      />
    );
  else {
    content = (
      <TableScroll label={t('organisation.services.caption')} minWidth={720}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Caption>{t('organisation.services.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('organisation.services.name')}</Table.Th>
              <Table.Th scope="col">{t('organisation.services.kind')}</Table.Th>
              <Table.Th scope="col">{t('organisation.services.capacity')}</Table.Th>
              <Table.Th scope="col">{t('organisation.services.address')}</Table.Th>
              <Table.Th scope="col">{t('users.columns.status')}</Table.Th>
              {canUpdate ? <Table.Th scope="col">{t('state.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((service) => (
              <Table.Tr key={service.id}>
                <Table.Td fw={500}>{service.name}</Table.Td>
                <Table.Td>{serviceKindLabel(t, service.kind)}</Table.Td>
                <Table.Td>{service.capacity ?? '—'}</Table.Td>
                <Table.Td>{service.address ?? '—'}</Table.Td>
                <Table.Td>
                  <CellBadge color={service.archived ? 'gray' : 'teal'} variant="light">
                    {service.archived ? t('organisation.services.archived') : t('organisation.services.active')}
                  </CellBadge>
                </Table.Td>
                {canUpdate ? (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setEditing(service)}
                      aria-label={t('organisation.services.editFor', { name: service.name })}
                    >
                      {t('state.edit')}
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    );
  }

  return (
    <Section
      title={t('organisation.services.title')}
      actions={
        canCreate ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            {t('organisation.services.add')}
          </Button>
        ) : null
      }
    >
      <Stack gap="md">
        <Text size="sm">{t('organisation.services.help')}</Text>
        <Switch
          label={t('organisation.services.showArchived')}
          checked={showArchived}
          onChange={(event) => setShowArchived(event.currentTarget.checked)}
        />
        {content}
      </Stack>
      <ServiceFormModal service={editing} onClose={() => setEditing(null)} />
    </Section>
  );
}
