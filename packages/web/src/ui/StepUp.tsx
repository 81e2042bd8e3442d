import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconShieldLock } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { createContext, use, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { isApiError } from './api';
import { describeError } from './errors';
import { useZodForm } from './form';
import { PasswordField } from './PasswordField';
import { StepUpCancelledError, withStepUp } from './stepUpRetry';

/**
 * Step-up (SEC-SESS-06): sensitive routes answer 403 `step_up_required` when the last authentication is older than
 * 5 minutes. `useStepUp()` wraps an action: on that answer it asks for the password (and the TOTP code when the
 * user has MFA), calls `POST /auth/reauthenticate`, then runs the action again — once.
 */

export { isStepUpCancelled, isStepUpRequired, StepUpCancelledError } from './stepUpRetry';

interface StepUpContextValue {
  confirmIdentity: () => Promise<void>;
}

const StepUpContext = createContext<StepUpContextValue | null>(null);

export interface ReauthenticateInput {
  password: string;
  code?: string;
}

export interface StepUpProviderProps {
  /** Also asks for the 6-digit code (the user has MFA: the server requires it). */
  withCode: boolean;
  /** `POST /api/v1/auth/reauthenticate`; rejects with an `ApiError` when the password or code is wrong. */
  reauthenticate: (input: ReauthenticateInput) => Promise<unknown>;
  children: ReactNode;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function StepUpProvider({ withCode, reauthenticate, children }: StepUpProviderProps) {
  const [opened, setOpened] = useState(false);
  // Several actions may need the step-up at once (e.g. two tabs of a page): one dialog answers them all.
  const waiters = useRef<Waiter[]>([]);

  const confirmIdentity = useCallback(
    () =>
      new Promise<void>((resolve, reject) => {
        waiters.current.push({ resolve, reject });
        setOpened(true);
      }),
    [],
  );

  const settle = (confirmed: boolean) => {
    const pending = waiters.current;
    waiters.current = [];
    setOpened(false);
    for (const waiter of pending) {
      if (confirmed) waiter.resolve();
      else waiter.reject(new StepUpCancelledError());
    }
  };

  const value = useMemo(() => ({ confirmIdentity }), [confirmIdentity]);
  return (
    <StepUpContext value={value}>
      {children}
      <StepUpDialog
        opened={opened}
        withCode={withCode}
        onCancel={() => settle(false)}
        onConfirm={async (input) => {
          await reauthenticate(input);
          settle(true);
        }}
      />
    </StepUpContext>
  );
}

/**
 * Returns `stepUp(action)`: runs `action`; when the server asks for a step-up, asks the user, re-authenticates and
 * runs `action` once more. Rejects with `StepUpCancelledError` when the user cancels (check `isStepUpCancelled`).
 * The action must be safe to repeat: the first attempt was refused before doing anything.
 */
export function useStepUp(): <T>(action: () => Promise<T>) => Promise<T> {
  const context = use(StepUpContext);
  if (!context) throw new Error('useStepUp() needs a <StepUpProvider> above it');
  return useCallback(<T,>(action: () => Promise<T>) => withStepUp(action, context.confirmIdentity), [context]);
}

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

function StepUpDialog({ opened, withCode, onCancel, onConfirm }: StepUpDialogProps) {
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
