import { emailSchema, passwordResetRequestSchema } from '@maillon/shared/identity';
import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useZodForm } from '../../ui/form';
import { PageHeader } from '../../ui/PageHeader';
import { requestPasswordReset } from './api';
import { AuthAlert } from './AuthAlert';
import { authFailureMessage } from './session';

const schema = passwordResetRequestSchema.extend({ email: emailSchema });

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const mutation = useMutation({ mutationFn: requestPasswordReset, meta: { authFlow: true } });
  const form = useZodForm({ initialValues: { email: '' }, schema });

  const submit = form.onSubmit(async ({ email }) => {
    setFailure(null);
    try {
      await mutation.mutateAsync(email);
      setSent(true);
    } catch (error) {
      setFailure(authFailureMessage(error, t, t('errors.unexpected')));
    }
  });

  return (
    <>
      <PageHeader title={t('forgot.title')} description={t('forgot.description')} />
      <Stack gap="md">
        {sent ? (
          // Same answer whether the account exists or not (SEC-AUTHN-09).
          <Alert color="teal" variant="light" icon={<IconMailCheck aria-hidden />} role="status" title={t('forgot.sentTitle')}>
            {t('forgot.sent')}
          </Alert>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <AuthAlert message={failure} />
              <TextInput label={t('login.email')} type="email" autoComplete="email" required autoFocus {...form.getInputProps('email')} />
              <Button type="submit" loading={mutation.isPending}>
                {t('forgot.submit')}
              </Button>
            </Stack>
          </form>
        )}
        <Anchor component={Link} to="/login" size="sm">
          {t('auth.backToLogin')}
        </Anchor>
      </Stack>
    </>
  );
}
