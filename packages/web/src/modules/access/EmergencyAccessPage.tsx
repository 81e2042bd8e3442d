import { breakGlassInputSchema, duplicateQuerySchema } from '@maillon/shared/people';
import { Alert, Button, Card, Group, List, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconLockOpen, IconSearch, IconUserSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay, formatTime, todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { isStepUpCancelled, useStepUp } from '../../ui/StepUp';
import { openBreakGlass, searchForEmergency, type BreakGlassInput, type EmergencyMatch } from './api';
import { breakGlassReasonOptions } from './labels';

const searchSchema = duplicateQuerySchema.pick({ birthName: true, firstNames: true, birthDate: true }).strict();

/**
 * Accès d'urgence (FR-06): find the person by name and exact birth date, give a reason, confirm one's identity;
 * the record then opens read-only for 4 hours and the DPO reviews the access.
 */
export function EmergencyAccessPage() {
  const { t } = useTranslation();
  const resultsId = useId();
  const [opening, setOpening] = useState<EmergencyMatch | null>(null);
  const form = useZodForm({
    initialValues: { birthName: '', firstNames: '', birthDate: '' },
    schema: searchSchema,
    messages: { birthDate: t('access.emergency.errors.birthDate') },
  });
  const search = useMutation({ mutationFn: searchForEmergency });

  const submit = form.onSubmit(async (body) => {
    try {
      await search.mutateAsync(body);
    } catch (error) {
      if (!applyLocalisedServerErrors(form, error, { fields: ['birthName', 'firstNames', 'birthDate'] })) notifyError(error);
    }
  });

  return (
    <>
      <PageHeader title={t('access.emergency.title')} description={t('access.emergency.description')} />
      <Stack gap="lg">
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('access.emergency.warningTitle')}>
          <TracedWarning />
        </Alert>
        <Card component="section" withBorder padding="lg" aria-label={t('access.emergency.searchTitle')}>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <Title order={2} size="h3">
                {t('access.emergency.searchTitle')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
                <TextInput label={t('access.emergency.birthName')} required autoComplete="off" {...form.getInputProps('birthName')} />
                <TextInput label={t('access.emergency.firstNames')} required autoComplete="off" {...form.getInputProps('firstNames')} />
                <TextInput
                  type="date"
                  label={t('access.emergency.birthDate')}
                  description={t('access.emergency.birthDateHelp')}
                  required
                  max={todayDay()}
                  {...form.getInputProps('birthDate')}
                />
              </SimpleGrid>
              <Group>
                <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />} loading={search.isPending}>
                  {t('access.emergency.search')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
        <section aria-labelledby={resultsId}>
          <Title order={2} size="h3" id={resultsId} mb="sm">
            {t('access.emergency.results')}
          </Title>
          <div role="status" aria-live="polite">
            {search.isSuccess ? (
              <Text size="sm" mb="sm">
                {t('access.emergency.found', { count: search.data.length })}
              </Text>
            ) : null}
          </div>
          {search.isError && !isApiError(search.error) ? <ErrorState error={search.error} /> : null}
          {search.isSuccess && search.data.length === 0 ? (
            <EmptyState
              icon={<IconUserSearch aria-hidden />}
              title={t('access.emergency.none')}
              description={t('access.emergency.noneHelp')}
            />
          ) : null}
          {search.isSuccess && search.data.length > 0 ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {search.data.map((match) => (
                <Card component="li" key={match.id} withBorder padding="md" radius="md">
                  <Stack gap={6}>
                    <Text fw={600}>{match.name}</Text>
                    <Text size="sm">
                      {t('access.emergency.bornOn', { date: formatDay(match.birthDate) })}
                      {match.commune ? ` · ${match.commune}` : ''}
                    </Text>
                    <Group>
                      <Button
                        color="red"
                        variant="light"
                        size="xs"
                        leftSection={<IconLockOpen size={14} aria-hidden />}
                        onClick={() => setOpening(match)}
                        aria-label={t('access.emergency.openFor', { name: match.name })}
                      >
                        {t('access.emergency.open')}
                      </Button>
                    </Group>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          ) : null}
        </section>
      </Stack>
      <OpenEmergencyModal match={opening} onClose={() => setOpening(null)} />
    </>
  );
}

function TracedWarning() {
  const { t } = useTranslation();
  return (
    <List size="sm" spacing={4}>
      <List.Item>{t('access.emergency.warnings.traced')}</List.Item>
      <List.Item>{t('access.emergency.warnings.reviewed')}</List.Item>
      <List.Item>{t('access.emergency.warnings.duration')}</List.Item>
    </List>
  );
}

function OpenEmergencyModal({ match, onClose }: { match: EmergencyMatch | null; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const stepUp = useStepUp();
  const form = useZodForm({
    initialValues: { reasonCode: null as string | null, reasonText: '' },
    schema: breakGlassInputSchema,
  });
  const mutation = useMutation({
    mutationFn: ({ id, body }: { id: string; body: BreakGlassInput }) => stepUp(() => openBreakGlass(id, body)),
  });
  const close = () => {
    form.reset();
    onClose();
  };
  const open = async (id: string) => {
    close();
    await navigate({ to: '/people/$personId', params: { personId: id }, search: { tab: 'summary' } });
  };

  const submit = form.onSubmit(async (body) => {
    if (!match) return;
    try {
      const access = await mutation.mutateAsync({ id: match.id, body });
      notify({ color: 'orange', message: t('access.emergency.opened', { time: formatTime(access.expiresAt) }) });
      await open(match.id);
    } catch (error) {
      if (isStepUpCancelled(error)) return;
      if (isApiError(error) && error.status === 409) {
        notify({ message: t('access.emergency.alreadyAccess') });
        await open(match.id);
      } else if (!applyLocalisedServerErrors(form, error, { fields: ['reasonCode', 'reasonText'] })) notifyError(error);
    }
  });

  return (
    <Modal
      opened={match !== null}
      onClose={close}
      title={t('access.emergency.modalTitle')}
      size="lg"
      centered
      // Below the step-up dialog, which opens over this one when the server asks to confirm the identity.
      zIndex={190}
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      {match ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text>{t('access.emergency.modalPerson', { name: match.name, date: formatDay(match.birthDate) })}</Text>
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />}>
              <TracedWarning />
            </Alert>
            <Select
              label={t('access.emergency.reason')}
              required
              data={breakGlassReasonOptions(t)}
              comboboxProps={{ withinPortal: false }}
              allowDeselect={false}
              {...form.getInputProps('reasonCode')}
            />
            <Textarea
              label={t('access.emergency.reasonText')}
              description={t('access.emergency.reasonTextHelp')}
              required
              autosize
              minRows={3}
              maxLength={1000}
              {...form.getInputProps('reasonText')}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} data-autofocus>
                {t('state.cancel')}
              </Button>
              <Button type="submit" color="red" loading={mutation.isPending} leftSection={<IconLockOpen size={16} aria-hidden />}>
                {t('access.emergency.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
