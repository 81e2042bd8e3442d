import { mfaVerifyBodySchema } from '@maillon/shared/identity';
import { Button, Stack, Text, TextInput } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useZodForm } from '../../ui/form';
import { PageHeader } from '../../ui/PageHeader';
import { verifyMfa } from './api';
import { AuthAlert } from './AuthAlert';
import { authFailureMessage, useAfterAuthentication, useRetryAfter, useSignOut } from './session';

const totpSchema = mfaVerifyBodySchema.extend({ code: mfaVerifyBodySchema.shape.code.regex(/^\d{6}$/) });
// Recovery codes are shown as ABCD-EFGH-JKLM-NPQR; the server ignores dashes, spaces and case.
const recoverySchema = mfaVerifyBodySchema.extend({
  code: mfaVerifyBodySchema.shape.code.regex(/^[A-Za-z0-9]{4}(?:[\s-]?[A-Za-z0-9]{4}){3}$/),
});

export function MfaChallengePage() {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  return (
    <>
      <PageHeader
        title={t('mfa.challenge.title')}
        description={useRecovery ? t('mfa.challenge.recoveryDescription') : t('mfa.challenge.description')}
      />
      {/* A new form per mode: the validation rule and the field differ. */}
      <MfaChallengeForm key={useRecovery ? 'recovery' : 'totp'} recovery={useRecovery} onSwitch={() => setUseRecovery((value) => !value)} />
    </>
  );
}

function MfaChallengeForm({ recovery, onSwitch }: { recovery: boolean; onSwitch: () => void }) {
  const { t } = useTranslation();
  const { redirect } = useSearch({ strict: false });
  const afterAuthentication = useAfterAuthentication();
  const signOut = useSignOut();
  const retry = useRetryAfter();
  const [failure, setFailure] = useState<string | null>(null);
  const mutation = useMutation({ mutationFn: verifyMfa, meta: { authFlow: true } });
  const form = useZodForm({
    initialValues: { code: '' },
    schema: recovery ? recoverySchema : totpSchema,
    messages: { code: recovery ? t('mfa.recoveryFormat') : t('validation.sixDigits') },
  });

  const submit = form.onSubmit(async ({ code }) => {
    setFailure(null);
    try {
      const { status } = await mutation.mutateAsync(code);
      await afterAuthentication(status, redirect);
    } catch (error) {
      setFailure(authFailureMessage(error, t, recovery ? t('mfa.challenge.invalidRecovery') : t('mfa.challenge.invalid')));
      retry.block(error);
      form.setFieldValue('code', '');
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <AuthAlert message={failure} />
        {recovery ? (
          <TextInput
            label={t('mfa.recoveryCode')}
            description={t('mfa.recoveryHelp')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            required
            autoFocus
            {...form.getInputProps('code')}
          />
        ) : (
          <TextInput
            label={t('mfa.code')}
            description={t('mfa.codeHelp')}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={6}
            required
            autoFocus
            {...form.getInputProps('code')}
          />
        )}
        <Button type="submit" loading={mutation.isPending} disabled={retry.blocked} leftSection={<IconShieldCheck size={18} aria-hidden />}>
          {t('mfa.challenge.submit')}
        </Button>
        <Button variant="subtle" onClick={onSwitch}>
          {recovery ? t('mfa.challenge.useTotp') : t('mfa.challenge.useRecovery')}
        </Button>
        <Text size="sm" ta="center">
          <Button variant="transparent" size="compact-sm" onClick={() => void signOut()}>
            {t('mfa.challenge.otherAccount')}
          </Button>
        </Text>
      </Stack>
    </form>
  );
}
