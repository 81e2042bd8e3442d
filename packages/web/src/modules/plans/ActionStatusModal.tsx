import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { actionStatuses, actionStatusInputSchema, type ActionStatus, type PlanAction } from '@maillon/shared/plans';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, useZodForm } from '../../ui/form';
import { notify, notifyError } from '../../ui/notify';
import { moveActionStatus, type Plan, type Versioned } from './api';
import { actionStatusLabel } from './labels';

/** The status one usually moves to next: planned → under way → done. */
const nextOf: Record<ActionStatus, ActionStatus> = {
  planned: 'in_progress',
  in_progress: 'done',
  done: 'in_progress',
  cancelled: 'planned',
};

/**
 * Following the plan in effect: moves one action to another status, with a comment (required to
 * cancel). The plan itself stays as agreed; the server keeps every move with its author and date.
 */
export function ActionStatusModal({
  current,
  action,
  onClose,
  onChanged,
}: {
  current: Versioned<Plan>;
  action: PlanAction;
  onClose: () => void;
  onChanged: (p: Versioned<Plan>) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const form = useZodForm({
    initialValues: { status: nextOf[action.status], note: '' },
    schema: actionStatusInputSchema,
    prepare: (v) => ({ status: v.status, note: v.note.trim() || null }),
    messages: { note: t('plans.follow.noteRequired') },
  });
  const submit = async (data: { status: ActionStatus; note?: string | null }) => {
    setBusy(true);
    try {
      const p = await moveActionStatus(current.data.id, action.id, current.etag, data);
      onChanged(p);
      notify({ message: t('plans.follow.saved', { action: action.description, status: actionStatusLabel(t, data.status).toLowerCase() }) });
      onClose();
    } catch (e) {
      if (!applyServerErrors(form, e)) notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('plans.follow.title')} centered closeButtonProps={{ 'aria-label': t('state.close') }}>
      <form noValidate onSubmit={form.onSubmit((data) => void submit(data))}>
        <Stack gap="sm">
          <Text size="sm">
            {t('plans.follow.text', { action: action.description, status: actionStatusLabel(t, action.status).toLowerCase() })}
          </Text>
          <Select
            label={t('plans.follow.status')}
            required
            allowDeselect={false}
            data={actionStatuses.filter((s) => s !== action.status).map((s) => ({ value: s, label: actionStatusLabel(t, s) }))}
            {...form.getInputProps('status')}
          />
          <Textarea
            label={t('plans.follow.note')}
            description={t('plans.follow.noteHelp')}
            required={form.values.status === 'cancelled'}
            autosize
            minRows={2}
            maxLength={1000}
            {...form.getInputProps('note')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              {t('state.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('plans.follow.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
