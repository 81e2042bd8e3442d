import { passwordResetSchema } from '@maillon/shared/identity';
import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { IconCircleCheck, IconLinkOff } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api';
import { applyServerErrors, useZodForm } from '../../ui/form';
import { PageHeader } from '../../ui/PageHeader';
import { PasswordField } from '../../ui/PasswordField';
import { resetPassword } from './api';
import { AuthAlert } from './AuthAlert';
import { checkPassword } from './passwordPolicy';
import { authFailureMessage, useFragmentToken } from './session';

const schema = passwordResetSchema.superRefine((value, ctx) => checkPassword(ctx, value.newPassword, 'newPassword'));

const isInvalidToken = (error: unknown) => isApiError(error) && error.fieldErrors.some((e) => e.path.endsWith('token'));

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = useFragmentToken();
  const [done, setDone] = useState(false);
  const [expired, setExpired] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const mutation = useMutation({ mutationFn: resetPassword, meta: { authFlow: true } });
  const form = useZodForm({ initialValues: { newPassword: '' }, schema, prepare: (values) => ({ ...values, token }) });

  const submit = form.onSubmit(async (body) => {
    setFailure(null);
    try {
      await mutation.mutateAsync(body);
      setDone(true);
    } catch (error) {
      if (isInvalidToken(error)) setExpired(true);
      else if (!applyServerErrors(form, error)) setFailure(authFailureMessage(error, t, t('errors.unexpected')));
    }
  });

  let content;
  if (!token || expired) {
    content = (
      <Alert color="orange" variant="light" icon={<IconLinkOff aria-hidden />} role="alert" title={t('reset.invalidTitle')}>
        {token ? t('reset.expired') : t('reset.missing')}{' '}
        <Anchor component={Link} to="/forgot-password">
          {t('reset.askAgain')}
        </Anchor>
      </Alert>
    );
  } else if (done) {
    content = (
      <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} role="status" title={t('reset.doneTitle')}>
        {t('reset.done')}
      </Alert>
    );
  } else {
    content = (
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <AuthAlert message={failure} />
          <PasswordField
            label={t('password.new')}
            autoComplete="new-password"
            required
            autoFocus
            description={t('password.policy')}
            {...form.getInputProps('newPassword')}
          />
          <Button type="submit" loading={mutation.isPending}>
            {t('reset.submit')}
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <>
      <PageHeader title={t('reset.title')} />
      <Stack gap="md">
        {content}
        <Anchor component={Link} to="/login" size="sm">
          {t('auth.backToLogin')}
        </Anchor>
      </Stack>
    </>
  );
}
