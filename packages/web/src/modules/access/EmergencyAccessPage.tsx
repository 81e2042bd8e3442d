import { breakGlassInputSchema, duplicateQuerySchema } from '@maillon/shared/people';
import { Alert, Button, Group, List, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconLockOpen } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api';
import { formatDay, formatTime } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { isStepUpCancelled, useStepUp } from '../../ui/StepUp';
import { openBreakGlass, searchForEmergency, type BreakGlassInput, type EmergencyMatch } from './api';
import { breakGlassReasonOptions } from './labels';
import { PersonLookupForm } from './PersonLookupForm';

const searchSchema = duplicateQuerySchema.pick({ birthName: true, firstNames: true, birthDate: true }).strict();

/**
 * Accès d'urgence (FR-06): find the person by name and exact birth date, give a reason, confirm one's identity;
 * the record then opens read-only for 4 hours and the DPO reviews the access.
 */
export function EmergencyAccessPage() {
  const { t } = useTranslation();
  const [opening, setOpening] = useState<EmergencyMatch | null>(null);
  return (
    <>
      <PageHeader title={t('access.emergency.title')} description={t('access.emergency.description')} />
      <Stack gap="lg">
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('access.emergency.warningTitle')}>
          <TracedWarning />
        </Alert>
        <PersonLookupForm
          fields={[
            { name: 'birthName', label: t('access.emergency.birthName') },
            { name: 'firstNames', label: t('access.emergency.firstNames') },
            { name: 'birthDate', label: t('access.emergency.birthDate'), description: t('access.emergency.birthDateHelp'), date: true },
          ]}
          schema={searchSchema}
          messages={{ birthDate: t('access.emergency.errors.birthDate') }}
          search={searchForEmergency}
          texts={{
            searchTitle: t('access.emergency.searchTitle'),
            search: t('access.emergency.search'),
            results: t('access.emergency.results'),
            found: (count) => t('access.emergency.found', { count }),
            none: t('access.emergency.none'),
            noneHelp: t('access.emergency.noneHelp'),
          }}
          renderMatch={(match) => (
            <>
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
            </>
          )}
        />
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
