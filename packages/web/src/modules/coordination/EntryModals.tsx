import { journalCorrectionSchema, journalEnteredInErrorSchema, type JournalEntry } from '@maillon/shared/coordination';
import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea, Timeline, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState';
import { useZodForm } from '../../ui/form';
import { LoadingState } from '../../ui/LoadingState';
import { notify } from '../../ui/notify';
import { useMe } from '../identity/public';
import { correctEntry, historyQueryOptions, journalKeys, markEnteredInError } from './api';
import { EntryFields } from './EntryFields';
import { shownCategory, toCorrectionBody, valuesOf, type EntryFormValues } from './entryForm';
import { categoryLabel, journalErrorMessage, kindLabel } from './labels';
import { formatParisDateTime } from './paris';

/** Correcting an entry makes a new version; the one read is sent as `If-Match`, so a concurrent correction is never lost. */
export function CorrectModal({
  entry,
  writableCategories,
  onClose,
}: {
  entry: JournalEntry;
  writableCategories?: readonly JournalEntry['category'][] | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const membership = useMe().data?.membership ?? null;
  const [failure, setFailure] = useState<string | null>(null);
  const writable = writableCategories?.length ? [...new Set([...writableCategories, entry.category])] : [entry.category];
  const form = useZodForm<EntryFormValues & { reason: string }, typeof journalCorrectionSchema>({
    initialValues: { ...valuesOf(entry), reason: '' },
    schema: journalCorrectionSchema,
    prepare: (v) => toCorrectionBody(v, entry),
  });
  const save = useMutation({
    mutationFn: (body: Parameters<typeof correctEntry>[1]) => correctEntry(entry, body),
    onSuccess: async () => {
      notify({ message: t('journal.correct.saved') });
      await queryClient.invalidateQueries({ queryKey: journalKeys.all });
      onClose();
    },
    onError: async (error) => {
      setFailure(journalErrorMessage(t, error));
      await queryClient.invalidateQueries({ queryKey: journalKeys.all });
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('journal.correct.title')} size="xl" closeButtonProps={{ 'aria-label': t('state.close') }}>
      <form
        noValidate
        onSubmit={form.onSubmit((body) => {
          setFailure(null);
          save.mutate(body);
        })}
      >
        <Stack gap="md">
          <Text size="sm">{t('journal.correct.help')}</Text>
          {failure ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
              {failure}
            </Alert>
          ) : null}
          <EntryFields
            form={form}
            writable={writable}
            defaultCategory={shownCategory(form.values, membership, writable)}
            idPrefix={`correct-${entry.id}`}
          />
          <Textarea label={t('journal.correct.reason')} autosize minRows={2} maxLength={500} {...form.getInputProps('reason')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('state.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('journal.correct.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** "Entered in error", with a reason, behind this confirmation: the entry leaves the timeline but stays in the history. */
export function EnteredInErrorModal({ entry, opened, onClose }: { entry: JournalEntry; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useZodForm({
    initialValues: { reason: '' },
    schema: journalEnteredInErrorSchema,
    messages: { reason: t('journal.inError.reasonRequired') },
  });
  const mark = useMutation({
    mutationFn: (reason: string) => markEnteredInError(entry, reason),
    onSuccess: async () => {
      notify({ message: t('journal.inError.done') });
      form.reset();
      onClose();
      await queryClient.invalidateQueries({ queryKey: journalKeys.all });
    },
    onError: async (error) => {
      setFailure(journalErrorMessage(t, error));
      await queryClient.invalidateQueries({ queryKey: journalKeys.all });
    },
  });
  const close = () => {
    setFailure(null);
    form.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('journal.inError.title')}
      centered
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      <form noValidate onSubmit={form.onSubmit(({ reason }) => mark.mutate(reason))}>
        <Stack gap="md">
          <Text size="sm">{t('journal.inError.help', { kind: kindLabel(t, entry.kind), date: formatParisDateTime(entry.factAt) })}</Text>
          {failure ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
              {failure}
            </Alert>
          ) : null}
          <Textarea
            label={t('journal.inError.reason')}
            required
            autosize
            minRows={2}
            maxLength={500}
            data-autofocus
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('state.cancel')}
            </Button>
            <Button type="submit" color="red" loading={mark.isPending}>
              {t('journal.inError.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every version of an entry, newest first; an entry entered in error is shown struck through, with the reason. */
export function HistoryModal({ entry, opened, onClose }: { entry: JournalEntry; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('journal.history.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      {opened ? <HistoryBody entryId={entry.id} /> : null}
    </Modal>
  );
}

function HistoryBody({ entryId }: { entryId: string }) {
  const { t } = useTranslation();
  const history = useQuery(historyQueryOptions(entryId));
  if (history.isPending) return <LoadingState label={t('journal.history.loading')} />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => void history.refetch()} retrying={history.isFetching} />;
  const { entry, versions } = history.data;
  const struck = entry.status === 'entered_in_error';
  const Content = struck ? 'del' : 'div';
  return (
    <Stack gap="md">
      {entry.enteredInError ? (
        <Alert color="gray" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('journal.history.inErrorTitle')}>
          {t('journal.history.inError', {
            date: formatParisDateTime(entry.enteredInError.at),
            name: entry.enteredInError.by.displayName,
            reason: entry.enteredInError.reason,
          })}
        </Alert>
      ) : null}
      <Timeline active={0} bulletSize={16} lineWidth={2}>
        {versions.map((version) => (
          <Timeline.Item
            key={version.version}
            title={t('journal.history.version', { version: version.version })}
            lineVariant={version.version === 1 ? 'dashed' : 'solid'}
          >
            <Stack gap={4}>
              <Text size="xs" c="dimmed">
                {t('journal.history.writtenBy', { date: formatParisDateTime(version.writtenAt), name: version.by.displayName })}
              </Text>
              {version.reason ? <Text size="sm">{t('journal.history.reason', { reason: version.reason })}</Text> : null}
              {struck ? <VisuallyHidden>{t('journal.history.struck')}</VisuallyHidden> : null}
              <Content style={{ color: struck ? 'var(--mantine-color-gray-7)' : undefined }}>
                <Group gap={4}>
                  <Badge variant="light" tt="none">
                    {kindLabel(t, version.kind)}
                  </Badge>
                  <Badge variant="light" color="gray" tt="none">
                    {categoryLabel(t, version.category)}
                  </Badge>
                  {version.urgent ? (
                    <Badge color="red" variant="light" tt="none">
                      {t('journal.entry.urgent')}
                    </Badge>
                  ) : null}
                </Group>
                <Text size="sm">{t('journal.history.factAt', { date: formatParisDateTime(version.factAt) })}</Text>
                {version.target ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {[
                      `${t('journal.target.cible')} : ${version.target.cible}`,
                      version.target.data ? `${t('journal.target.data')} : ${version.target.data}` : null,
                      version.target.actions ? `${t('journal.target.actions')} : ${version.target.actions}` : null,
                      version.target.results ? `${t('journal.target.results')} : ${version.target.results}` : null,
                    ]
                      .filter(Boolean)
                      .join('\n')}
                  </Text>
                ) : null}
                {version.text ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {version.text}
                  </Text>
                ) : null}
              </Content>
            </Stack>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
