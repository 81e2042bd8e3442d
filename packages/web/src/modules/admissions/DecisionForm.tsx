import {
  decisionInputSchema,
  decisionOutcomes,
  waitingPriorities,
  type DecisionInput,
  type DecisionOutcome,
} from '@maillon/shared/admissions';
import { Button, Group, Radio, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useZodForm } from '../../ui/form';
import { notifyError } from '../../ui/notify';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { isOneOf, options, outcomeLabel, priorityLabel } from './labels';

const empty = {
  outcome: 'accepted' as DecisionOutcome,
  facts: '',
  needs: '',
  capacityNote: '',
  admissionConditions: '',
  integrationConditions: '',
  refusalReasons: '',
  redirectedTo: '',
  redirectReason: '',
  waitingPriority: '',
  waitingReason: '',
  referrerMessage: '',
};
type Values = typeof empty;
const orNull = (v: string) => (v.trim() === '' ? null : v);

/** A reasoned decision: facts and needs always; then what the outcome calls for (conditions, reasons, where, priority). */
export function DecisionForm({
  busy,
  onSubmit,
  onCancel,
}: {
  busy: boolean;
  onSubmit: (d: DecisionInput) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const form = useZodForm({
    initialValues: empty,
    schema: decisionInputSchema,
    prepare: (v: Values) => ({
      outcome: v.outcome,
      facts: v.facts,
      needs: v.needs,
      capacityNote: orNull(v.capacityNote),
      admissionConditions: orNull(v.admissionConditions),
      integrationConditions: orNull(v.integrationConditions),
      refusalReasons: orNull(v.refusalReasons),
      redirectedTo: orNull(v.redirectedTo),
      redirectReason: orNull(v.redirectReason),
      waitingPriority: orNull(v.waitingPriority),
      waitingReason: orNull(v.waitingReason),
      referrerMessage: orNull(v.referrerMessage),
    }),
    messages: { facts: t('admissions.validation.facts'), needs: t('admissions.validation.needs') },
  });
  const o = form.values.outcome;
  const submit = form.onSubmit(async (data) => {
    try {
      await onSubmit(data);
    } catch (error) {
      if (!applyLocalisedServerErrors(form, error)) notifyError(error);
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Radio.Group
          label={t('admissions.decision.outcome')}
          required
          {...form.getInputProps('outcome')}
          onChange={(v) => isOneOf(decisionOutcomes, v) && form.setFieldValue('outcome', v)}
        >
          <Group mt="xs" gap="lg">
            {decisionOutcomes.map((x) => (
              <Radio key={x} value={x} label={outcomeLabel(t, x)} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label={t('admissions.decision.facts')}
          description={t('admissions.decision.factsHelp')}
          required
          autosize
          minRows={2}
          {...form.getInputProps('facts')}
        />
        <Textarea label={t('admissions.decision.needs')} required autosize minRows={2} {...form.getInputProps('needs')} />
        <Textarea
          label={t('admissions.decision.capacityNote')}
          description={t('admissions.decision.capacityHelp')}
          autosize
          minRows={1}
          {...form.getInputProps('capacityNote')}
        />
        {o === 'accepted' ? (
          <>
            <Textarea
              label={t('admissions.decision.admissionConditions')}
              description={t('admissions.decision.admissionHelp')}
              autosize
              minRows={2}
              {...form.getInputProps('admissionConditions')}
            />
            <Textarea
              label={t('admissions.decision.integrationConditions')}
              description={t('admissions.decision.integrationHelp')}
              autosize
              minRows={2}
              {...form.getInputProps('integrationConditions')}
            />
          </>
        ) : null}
        {o === 'refused' ? (
          <Textarea
            label={t('admissions.decision.refusalReasons')}
            required
            autosize
            minRows={2}
            {...form.getInputProps('refusalReasons')}
          />
        ) : null}
        {o === 'redirected' ? (
          <>
            <TextInput label={t('admissions.decision.redirectedTo')} required {...form.getInputProps('redirectedTo')} />
            <Textarea
              label={t('admissions.decision.redirectReason')}
              required
              autosize
              minRows={2}
              {...form.getInputProps('redirectReason')}
            />
          </>
        ) : null}
        {o === 'waiting_list' ? (
          <>
            <Select
              label={t('admissions.decision.waitingPriority')}
              data={options(waitingPriorities, (p) => priorityLabel(t, p))}
              required
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps('waitingPriority')}
            />
            <Textarea
              label={t('admissions.decision.waitingReason')}
              required
              autosize
              minRows={2}
              {...form.getInputProps('waitingReason')}
            />
          </>
        ) : null}
        <Textarea
          label={t('admissions.decision.referrerMessage')}
          description={t('admissions.decision.referrerHelp')}
          autosize
          minRows={1}
          {...form.getInputProps('referrerMessage')}
        />
        <Group justify="flex-end">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t('state.cancel')}
            </Button>
          ) : null}
          <Button type="submit" loading={busy}>
            {t('admissions.decision.record')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
