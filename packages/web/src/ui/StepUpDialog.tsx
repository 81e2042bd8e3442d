import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconShieldLock } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { isApiError } from './api';
import { describeError } from './errors';
import { useZodForm } from './form';
import { PasswordField } from './PasswordField';

export interface ReauthenticateInput {
  password: string;
  code?: string;
}

/** The step-up dialog of `StepUpProvider` (StepUp.tsx), loaded when it first opens. */
const passwordOnly = z.object({ password: z.string().min(1), code: z.string() });
const passwordAndCode = z.object({
  password: z.string().min(1),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

interface StepUpDialogProps {
  opened: boolean;
  withCode: boolean;
  onCancel: () => void;
  onConfirm: (input: ReauthenticateInput) => Promise<void>;
}

export function StepUpDialog({ opened, withCode, onCancel, onConfirm }: StepUpDialogProps) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useZodForm({
    initialValues: { password: '', code: '' },
    schema: withCode ? passwordAndCode : passwordOnly,
    messages: { code: t('validation.sixDigits') },
  });

  const close = () => {
    form.reset();
    setFailure(null);
    onCancel();
  };

  const submit = form.onSubmit(async ({ password, code }) => {
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm(withCode ? { password, code } : { password });
      form.reset();
    } catch (error) {
      setFailure(stepUpFailure(error, t));
      form.setFieldValue('code', '');
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={t('stepUp.title')} centered closeButtonProps={{ 'aria-label': t('state.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconShieldLock size={24} aria-hidden style={{ flexShrink: 0 }} />
            <Text size="sm">{withCode ? t('stepUp.descriptionWithCode') : t('stepUp.description')}</Text>
          </Group>
          {failure ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
              {failure}
            </Alert>
          ) : null}
          <PasswordField
            label={t('stepUp.password')}
            autoComplete="current-password"
            required
            data-autofocus
            {...form.getInputProps('password')}
          />
          {withCode ? (
            <TextInput
              label={t('mfa.code')}
              description={t('mfa.codeHelp')}
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              required
              {...form.getInputProps('code')}
            />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('state.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('stepUp.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// `TFunction`, not `ReturnType<typeof useTranslation>['t']`: the latter makes TypeScript give up on a large catalogue (TS2589).
function stepUpFailure(error: unknown, t: TFunction): string {
  if (isApiError(error) && error.status === 401 && error.code === 'unauthenticated') return t('stepUp.invalid');
  if (isApiError(error) && error.status === 429) return t('auth.rateLimited', { seconds: error.retryAfter ?? 60 });
  return describeError(error, t).message;
}
