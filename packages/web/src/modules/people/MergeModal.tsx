import { mergeSchema } from '@maillon/shared/people';
import { Alert, Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { duplicatesQueryOptions, mergePerson, type Person } from './api';
import { personName } from './format';

export interface MergeModalProps {
  opened: boolean;
  /** The record kept: the duplicate's history moves into it. */
  person: Person;
  onClose: () => void;
  onMerged: () => Promise<unknown>;
}

/**
 * Merges a duplicate into this record. Costly and not undone from the screen: the modal names both records and
 * says what happens, the button is red, and a reason is required (it is kept in the audit trail).
 */
export function MergeModal({ opened, person, onClose, onMerged }: MergeModalProps) {
  const { t } = useTranslation();
  const duplicates = useQuery({
    ...duplicatesQueryOptions({
      birthName: person.birthName,
      usedName: person.usedName,
      firstNames: person.firstNames,
      birthDate: person.birthDate,
      insMatricule: null,
    }),
    enabled: opened,
  });
  const candidates = (duplicates.data ?? []).filter((d) => d.id !== person.id);
  const form = useZodForm({ initialValues: { duplicateId: '', reason: '' }, schema: mergeSchema });
  const chosen = candidates.find((c) => c.id === form.values.duplicateId);
  const mutation = useMutation({ mutationFn: (body: { duplicateId: string; reason: string }) => mergePerson(person.id, body) });

  const close = () => {
    form.reset();
    onClose();
  };

  const submit = form.onSubmit(async (body) => {
    try {
      await mutation.mutateAsync(body);
      notify({ message: t('people.merge.done', { name: personName(person) }) });
      await onMerged();
      close();
    } catch (error) {
      if (
        !applyLocalisedServerErrors(form, error, {
          byCode: { same_record: t('people.merge.sameRecord') },
          fields: ['duplicateId', 'reason'],
        })
      )
        notifyError(error);
    }
  });

  let content;
  if (duplicates.isPending) content = <LoadingState label={t('people.merge.loading')} />;
  else if (duplicates.isError)
    content = <ErrorState error={duplicates.error} onRetry={() => void duplicates.refetch()} retrying={duplicates.isFetching} />;
  else if (candidates.length === 0) content = <EmptyState title={t('people.merge.none')} description={t('people.merge.noneHelp')} />;
  else
    content = (
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Radio.Group label={t('people.merge.choose')} required {...form.getInputProps('duplicateId')}>
            <Stack gap="xs" mt="xs">
              {candidates.map((c) => (
                <Radio
                  key={c.id}
                  value={c.id}
                  label={`${personName(c)} — ${formatDay(c.birthDate)}${c.commune ? ` — ${c.commune}` : ''}`}
                  description={c.serviceName ?? undefined}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea label={t('people.merge.reason')} required autosize minRows={2} maxLength={500} {...form.getInputProps('reason')} />
          {chosen ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />}>
              <Text size="sm">{t('people.merge.consequence', { duplicate: personName(chosen), kept: personName(person) })}</Text>
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              {t('state.cancel')}
            </Button>
            <Button type="submit" color="red" loading={mutation.isPending}>
              {t('people.merge.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    );

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('people.merge.title')}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      <Stack gap="md">
        <Text size="sm">{t('people.merge.help', { name: personName(person) })}</Text>
        {content}
      </Stack>
    </Modal>
  );
}
