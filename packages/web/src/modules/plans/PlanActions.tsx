import { Button, Checkbox, Group, Modal, Radio, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { agreementForms, agreementInputSchema, closeInputSchema } from '@maillon/shared/plans';
import {
  IconArrowBackUp,
  IconCalendarCheck,
  IconCopy,
  IconFileTypePdf,
  IconPencil,
  IconPlayerPlay,
  IconProgressCheck,
  IconSend,
  IconSignature,
  IconX,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { saveBlob } from '../../ui/download';
import { todayDay } from '../../ui/format';
import { applyServerErrors, useZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { ButtonLink } from '../../ui/links';
import { notify, notifyError } from '../../ui/notify';
import { downloadPlanPdf, planCommand, planKeys, relativesQueryOptions, revisePlan, type Plan, type Versioned } from './api';
import { agreementFormLabel } from './labels';

/** The commands the user may run on this version, as the server says (`access.can`), and the two PDFs. */
export function PlanActions({ current, onChanged }: { current: Versioned<Plan>; onChanged: (p: Versioned<Plan>) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const plan = current.data;
  const can = plan.access.can;
  const [open, setOpen] = useState<'agree' | 'activate' | 'close' | 'propose' | null>(null);
  const [busy, setBusy] = useState(false);
  const { keyFor } = useIdempotencyKey();

  const run = async (fn: () => Promise<Versioned<Plan>>, message: string) => {
    setBusy(true);
    try {
      const p = await fn();
      onChanged(p);
      notify({ message });
      setOpen(null);
      return p;
    } catch (e) {
      notifyError(e);
      await queryClient.invalidateQueries({ queryKey: planKeys.detail(plan.id) });
      return null;
    } finally {
      setBusy(false);
    }
  };

  const finish = (p: Versioned<Plan>, message: string) => {
    onChanged(p);
    notify({ message });
    setOpen(null);
  };

  const pdf = async (form: 'person' | 'professional') => {
    try {
      const { blob, filename } = await downloadPlanPdf(plan.id, form, plan.version.latest ? undefined : plan.version.number);
      saveBlob(blob, filename ?? `projet-personnalise-v${plan.version.number}.pdf`);
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Group gap="sm" wrap="wrap">
      {can.edit ? (
        <ButtonLink to="/plans/$planId/edit" params={{ planId: plan.id }} leftSection={<IconPencil size={16} aria-hidden />}>
          {t('plans.actions.edit')}
        </ButtonLink>
      ) : null}
      {can.propose ? (
        <Button variant="light" leftSection={<IconSend size={16} aria-hidden />} onClick={() => setOpen('propose')}>
          {t('plans.actions.propose')}
        </Button>
      ) : null}
      {can.reopen ? (
        <Button
          variant="default"
          leftSection={<IconArrowBackUp size={16} aria-hidden />}
          loading={busy}
          onClick={() => void run(() => planCommand(plan.id, current.etag, 'reopen'), t('plans.actions.reopened'))}
        >
          {t('plans.actions.reopen')}
        </Button>
      ) : null}
      {can.agree ? (
        <Button leftSection={<IconSignature size={16} aria-hidden />} onClick={() => setOpen('agree')}>
          {t('plans.actions.agree')}
        </Button>
      ) : null}
      {can.activate ? (
        <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={() => setOpen('activate')}>
          {t('plans.actions.activate')}
        </Button>
      ) : null}
      {can.review ? (
        <ButtonLink to="/plans/$planId/review" params={{ planId: plan.id }} leftSection={<IconProgressCheck size={16} aria-hidden />}>
          {t('plans.actions.review')}
        </ButtonLink>
      ) : null}
      {can.revise ? (
        <Button
          variant="light"
          leftSection={<IconCopy size={16} aria-hidden />}
          loading={busy}
          onClick={() =>
            void run(() => revisePlan(plan.id, keyFor({ revise: plan.id, from: plan.version.number })), t('plans.actions.revised')).then(
              (p) => p && void navigate({ to: '/plans/$planId/edit', params: { planId: plan.id } }),
            )
          }
        >
          {t('plans.actions.revise')}
        </Button>
      ) : null}
      {can.pdfPerson ? (
        <Button variant="default" leftSection={<IconFileTypePdf size={16} aria-hidden />} onClick={() => void pdf('person')}>
          {t('plans.actions.pdfPerson')}
        </Button>
      ) : null}
      <Button variant="default" leftSection={<IconFileTypePdf size={16} aria-hidden />} onClick={() => void pdf('professional')}>
        {t('plans.actions.pdfProfessional')}
      </Button>
      {can.close ? (
        <Button variant="subtle" color="red" leftSection={<IconX size={16} aria-hidden />} onClick={() => setOpen('close')}>
          {plan.version.status === 'draft' || plan.version.status === 'proposed' ? t('plans.actions.withdraw') : t('plans.actions.close')}
        </Button>
      ) : null}

      <ConfirmModal
        opened={open === 'propose'}
        onClose={() => setOpen(null)}
        onConfirm={() => void run(() => planCommand(plan.id, current.etag, 'propose'), t('plans.actions.proposed'))}
        title={t('plans.actions.proposeTitle')}
        confirmLabel={t('plans.actions.propose')}
        loading={busy}
      >
        {t('plans.actions.proposeText', { issues: plan.coherence?.length ?? 0 })}
      </ConfirmModal>
      {open === 'agree' ? (
        <AgreementModal
          plan={plan}
          onClose={() => setOpen(null)}
          send={(body) => planCommand(plan.id, current.etag, 'agree', body)}
          onDone={(p) => finish(p, t('plans.agreement.recorded'))}
        />
      ) : null}
      {open === 'activate' ? (
        <ActivateModal
          plan={plan}
          onClose={() => setOpen(null)}
          send={(body) => planCommand(plan.id, current.etag, 'activate', body)}
          onDone={(p) => finish(p, t('plans.actions.activated'))}
        />
      ) : null}
      {open === 'close' ? (
        <CloseModal
          plan={plan}
          onClose={() => setOpen(null)}
          send={(body) => planCommand(plan.id, current.etag, 'close', body)}
          onDone={(p) => finish(p, t('plans.actions.closed'))}
        />
      ) : null}
    </Group>
  );
}

interface ModalProps {
  plan: Plan;
  onClose: () => void;
  send: (body: unknown) => Promise<Versioned<Plan>>;
  onDone: (p: Versioned<Plan>) => void;
}

/** Sends a command from a modal form: field errors land on the form, anything else in a toast. */
function useSend(send: ModalProps['send'], onDone: ModalProps['onDone']) {
  const [busy, setBusy] = useState(false);
  const submit = async (body: unknown, form: { setErrors: (e: Record<string, string>) => void }) => {
    setBusy(true);
    try {
      onDone(await send(body));
    } catch (e) {
      if (!applyServerErrors(form, e)) notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, submit };
}

function AgreementModal({ plan, onClose, send, onDone }: ModalProps) {
  const { t } = useTranslation();
  const { busy, submit } = useSend(send, onDone);
  const relatives = useQuery(relativesQueryOptions(plan.personId));
  const form = useZodForm({
    initialValues: {
      agreedOn: todayDay(),
      form: 'signed',
      givenBy: 'person',
      representativeId: '',
      copyHandedOver: true,
      copyHandedOn: todayDay(),
      note: '',
    },
    schema: agreementInputSchema,
    prepare: (v) => ({
      ...v,
      representativeId: v.givenBy === 'legal_representative' ? v.representativeId || null : null,
      copyHandedOn: v.copyHandedOver ? v.copyHandedOn || null : null,
      note: v.note || null,
    }),
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('plans.agreement.title')}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      <form noValidate onSubmit={form.onSubmit((data) => void submit(data, form))}>
        <Stack gap="sm">
          <TextInput type="date" label={t('plans.agreement.date')} required max={todayDay()} {...form.getInputProps('agreedOn')} />
          <Select
            label={t('plans.agreement.form')}
            required
            data={agreementForms.map((f) => ({ value: f, label: agreementFormLabel(t, f) }))}
            {...form.getInputProps('form')}
            allowDeselect={false}
          />
          <Radio.Group label={t('plans.agreement.givenBy')} {...form.getInputProps('givenBy')}>
            <Group mt="xs">
              <Radio value="person" label={t('plans.agreement.byPerson')} />
              <Radio value="legal_representative" label={t('plans.agreement.byRepresentative')} />
            </Group>
          </Radio.Group>
          {form.values.givenBy === 'legal_representative' ? (
            <Select
              label={t('plans.agreement.representative')}
              description={t('plans.agreement.representativeHelp')}
              required
              data={(relatives.data ?? []).map((r) => ({
                value: r.id,
                label: `${r.firstName} ${r.lastName}${r.isLegalRepresentative ? ` — ${t('plans.agreement.legalRepresentative')}` : ''}`,
              }))}
              {...form.getInputProps('representativeId')}
            />
          ) : null}
          <Checkbox label={t('plans.agreement.copyHandedOver')} {...form.getCheckboxProps('copyHandedOver')} />
          {form.values.copyHandedOver ? (
            <TextInput type="date" label={t('plans.agreement.copyHandedOn')} max={todayDay()} {...form.getInputProps('copyHandedOn')} />
          ) : null}
          <Textarea label={t('plans.agreement.note')} autosize minRows={2} {...form.getInputProps('note')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('state.cancel')}
            </Button>
            <Button type="submit" loading={busy} leftSection={<IconSignature size={16} aria-hidden />}>
              {t('plans.agreement.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ActivateModal({ plan, onClose, send, onDone }: ModalProps) {
  const { t } = useTranslation();
  const { busy, submit } = useSend(send, onDone);
  const form = useZodForm({
    initialValues: { startDate: plan.version.agreement?.agreedOn ?? todayDay() },
    schema: z.object({ startDate: z.iso.date() }),
  });
  return (
    <Modal opened onClose={onClose} title={t('plans.activate.title')} centered closeButtonProps={{ 'aria-label': t('state.close') }}>
      <form noValidate onSubmit={form.onSubmit((data) => void submit(data, form))}>
        <Stack gap="sm">
          <TextInput
            type="date"
            label={t('plans.activate.startDate')}
            description={t('plans.activate.help')}
            required
            min={plan.version.agreement?.agreedOn}
            {...form.getInputProps('startDate')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('state.cancel')}
            </Button>
            <Button type="submit" loading={busy} leftSection={<IconCalendarCheck size={16} aria-hidden />}>
              {t('plans.actions.activate')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CloseModal({ plan, onClose, send, onDone }: ModalProps) {
  const { t } = useTranslation();
  const { busy, submit } = useSend(send, onDone);
  const working = plan.version.status === 'draft' || plan.version.status === 'proposed';
  const form = useZodForm({ initialValues: { reason: '' }, schema: closeInputSchema });
  return (
    <Modal
      opened
      onClose={onClose}
      title={working ? t('plans.close.withdrawTitle') : t('plans.close.title')}
      centered
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      <form noValidate onSubmit={form.onSubmit((data) => void submit(data, form))}>
        <Stack gap="sm">
          {working ? t('plans.close.withdrawText') : t('plans.close.text')}
          <Textarea label={t('plans.close.reason')} required autosize minRows={2} {...form.getInputProps('reason')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              {t('state.cancel')}
            </Button>
            <Button type="submit" color="red" loading={busy}>
              {working ? t('plans.actions.withdraw') : t('plans.actions.close')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
