import { emailSchema, loginBodySchema } from '@maillon/shared/identity';
import { Anchor, Button, Stack, TextInput } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useZodForm } from '../../ui/form';
import { PageHeader } from '../../ui/PageHeader';
import { PasswordField } from '../../ui/PasswordField';
import { login } from './api';
import { AuthAlert } from './AuthAlert';
import { authFailureMessage, useAfterAuthentication, useRetryAfter } from './session';

const loginFormSchema = loginBodySchema.extend({ email: emailSchema });

export function LoginPage() {
  const { t } = useTranslation();
  const { redirect } = useSearch({ strict: false });
  const afterAuthentication = useAfterAuthentication();
  const [failure, setFailure] = useState<string | null>(null);
  const retry = useRetryAfter();
  const mutation = useMutation({ mutationFn: login, meta: { authFlow: true } });
  const form = useZodForm({ initialValues: { email: '', password: '' }, schema: loginFormSchema });

  const submit = form.onSubmit(async (body) => {
    setFailure(null);
    try {
      const { status } = await mutation.mutateAsync(body);
      await afterAuthentication(status, redirect);
    } catch (error) {
      setFailure(authFailureMessage(error, t, t('login.invalid')));
      retry.block(error);
      form.setFieldValue('password', '');
    }
  });

  return (
    <>
      <PageHeader title={t('login.title')} description={t('login.description')} />
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <AuthAlert message={failure} />
          <TextInput label={t('login.email')} type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
          <PasswordField label={t('login.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('login.forgotPassword')}
          </Anchor>
          <Button type="submit" loading={mutation.isPending} disabled={retry.blocked} leftSection={<IconLogin size={18} aria-hidden />}>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </>
  );
}
