import { journalCreateSchema, type JournalCreateInput } from '@maillon/shared/coordination';
import type { InfoCategory } from '@maillon/shared/people';
import { Alert, Button, Card, Checkbox, Group, MultiSelect, Stack, Text, Title } from '@mantine/core';
import { IconCloudOff, IconSend } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, CLIENT_ERROR_CODES } from '../../ui/api';
import { useZodForm } from '../../ui/form';
import { notify } from '../../ui/notify';
import { useOnline } from '../../ui/useOnline';
import { useMe } from '../identity/public';
import { careTeamChoicesQueryOptions, createEntry, journalKeys } from './api';
import { pendingEntries, removePending, savePending, type PendingEntry } from './drafts';
import { EntryFields } from './EntryFields';
import { emptyEntry, shownCategory, toCreateBody, valuesFromBody, type QuickEntryValues } from './entryForm';
import { authorTitle, journalErrorMessage, notifyJournalError } from './labels';

const isNetworkError = (error: unknown) => isApiError(error) && error.code === CLIENT_ERROR_CODES.network;

/**
 * The quick-entry box of a person's journal: usable with the keyboard alone (Ctrl+Entrée sends), the category
 * defaulted from the kind and the author's profession, the fact time now unless changed. When the network is down the
 * entry is kept on this device (encrypted) and sent once — with the same `Idempotency-Key` — when it comes back.
 */
export function QuickEntry({ personId, writable }: { personId: string; writable: readonly InfoCategory[] }) {
  const { t } = useTranslation();
  const headingId = useId();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const membership = me?.membership ?? null;
  const userId = me?.user.id ?? '';
  const online = useOnline();
  const team = useQuery(careTeamChoicesQueryOptions(personId));
  const [sending, setSending] = useState(false);
  const [pending, setPending] = useState<PendingEntry[]>([]);
  const [status, setStatus] = useState('');
  const flushing = useRef(false);
  const form = useZodForm<QuickEntryValues, typeof journalCreateSchema>({
    initialValues: emptyEntry(),
    schema: journalCreateSchema,
    prepare: toCreateBody,
    messages: { 'acknowledge.userIds': t('journal.form.recipientsRequired'), 'target.cible': t('journal.form.cibleRequired') },
  });

  const refreshPending = useCallback(async () => {
    if (!userId) return;
    try {
      setPending(await pendingEntries(userId, personId));
    } catch {
      setPending([]);
    }
  }, [userId, personId]);

  /** Sends what waits on this device, oldest first; stops at the first network failure. */
  const flush = useCallback(async () => {
    if (!userId || flushing.current) return;
    flushing.current = true;
    try {
      for (const entry of await pendingEntries(userId, personId)) {
        try {
          await createEntry(personId, entry.body, entry.idempotencyKey);
          await removePending(entry.localId);
          setStatus(t('journal.quick.pendingSent'));
        } catch (error) {
          if (isNetworkError(error)) break;
          // Refused by the server (e.g. the person's care team changed): the text goes back into the box, not lost.
          await removePending(entry.localId);
          form.reset(valuesFromBody(entry.body));
          notifyJournalError(t, error);
        }
      }
    } catch {
      // The encrypted store is unavailable: nothing was kept, nothing to send.
    } finally {
      flushing.current = false;
      await refreshPending();
      await queryClient.invalidateQueries({ queryKey: journalKeys.all });
    }
  }, [userId, personId, queryClient, refreshPending, t]);

  useEffect(() => {
    if (online) void flush();
    else void refreshPending();
  }, [online, flush, refreshPending]);

  const keep = async (body: JournalCreateInput, idempotencyKey: string) => {
    await savePending({ localId: crypto.randomUUID(), userId, personId, body, idempotencyKey, savedAt: new Date().toISOString() });
    await refreshPending();
    setStatus(t('journal.quick.keptOffline'));
  };

  const submit = form.onSubmit(async (body: JournalCreateInput) => {
    // One key per entry, kept with it while it waits for the network: the server writes it once (REL-04).
    const idempotencyKey = crypto.randomUUID();
    setSending(true);
    try {
      if (!navigator.onLine) {
        await keep(body, idempotencyKey);
      } else {
        await createEntry(personId, body, idempotencyKey);
        setStatus(t('journal.quick.saved'));
        notify({ message: t('journal.quick.saved') });
        await queryClient.invalidateQueries({ queryKey: journalKeys.all });
      }
      form.reset(emptyEntry());
    } catch (error) {
      if (isNetworkError(error)) {
        try {
          await keep(body, idempotencyKey);
          form.reset(emptyEntry());
        } catch {
          notifyJournalError(t, error);
        }
      } else {
        const fields = isApiError(error) ? error.fieldErrors : [];
        if (fields.length) form.setErrors(Object.fromEntries(fields.map((fe) => [fe.path, journalErrorMessage(t, error)])));
        notifyJournalError(t, error);
      }
    } finally {
      setSending(false);
    }
  });

  // Ctrl+Entrée (⌘+Entrée) sends from any field of the box.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  const defaultCategory = shownCategory(form.values, membership, writable);
  const teamChoices = (team.data ?? [])
    .filter((m) => m.userId !== userId)
    .map((m) => {
      const title = authorTitle(t, m);
      return { value: m.userId, label: title ? `${m.displayName} (${title})` : m.displayName };
    });

  return (
    <Card component="section" withBorder padding="md" aria-labelledby={headingId}>
      <form noValidate onSubmit={submit} onKeyDown={onKeyDown}>
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <Title order={2} size="h4" id={headingId}>
              {t('journal.quick.title')}
            </Title>
            <Text size="xs" c="dimmed">
              {t('journal.quick.shortcut')}
            </Text>
          </Group>
          {!online ? (
            <Alert color="orange" variant="light" icon={<IconCloudOff aria-hidden />}>
              {t('journal.quick.offline')}
            </Alert>
          ) : null}
          {pending.length > 0 ? (
            <Alert
              color="orange"
              variant="light"
              icon={<IconCloudOff aria-hidden />}
              title={t('journal.quick.pendingTitle', { count: pending.length })}
            >
              <Group justify="space-between" gap="xs">
                <Text size="sm">{t('journal.quick.pendingHelp')}</Text>
                {online ? (
                  <Button size="xs" variant="default" onClick={() => void flush()}>
                    {t('journal.quick.sendNow')}
                  </Button>
                ) : null}
              </Group>
            </Alert>
          ) : null}
          <EntryFields form={form} writable={writable} defaultCategory={defaultCategory} idPrefix="quick" />
          <Checkbox
            label={t('journal.form.toAcknowledge')}
            description={t('journal.form.toAcknowledgeHelp')}
            {...form.getCheckboxProps('toAcknowledge')}
          />
          {form.values.toAcknowledge ? (
            <Stack gap="xs" pl="lg">
              <Checkbox label={t('journal.form.careTeam')} {...form.getCheckboxProps('careTeam')} />
              <MultiSelect
                label={t('journal.form.recipients')}
                description={t('journal.form.recipientsHelp')}
                data={teamChoices}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('state.clear') }}
                comboboxProps={{ withinPortal: false }}
                nothingFoundMessage={t('journal.form.noRecipient')}
                placeholder={team.isPending ? t('state.loading') : undefined}
                value={form.values.recipients}
                onChange={(value) => form.setFieldValue('recipients', value)}
                error={form.errors['acknowledge.userIds'] ?? form.errors.acknowledge}
              />
            </Stack>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={sending} leftSection={<IconSend size={16} aria-hidden />}>
              {t('journal.quick.submit')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed" role="status" aria-live="polite">
            {status}
          </Text>
        </Stack>
      </form>
    </Card>
  );
}
