import { invitationAcceptSchema } from '@maillon/shared/identity';
import { Alert, Anchor, Button, DataList, Stack, TextInput } from '@mantine/core';
import { IconCircleCheck, IconLinkOff } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { isApiError } from '../../ui/api';
import { ErrorState } from '../../ui/ErrorState';
import { applyServerErrors, useZodForm } from '../../ui/form';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { PasswordField } from '../../ui/PasswordField';
import { acceptInvitation, previewInvitation, type InvitationPreview } from './api';
import { AuthAlert } from './AuthAlert';
import { roleLabel } from './labels';
import { checkPassword } from './passwordPolicy';
import { authFailureMessage, useFragmentToken } from './session';

const isInvalidToken = (error: unknown) => isApiError(error) && error.fieldErrors.some((e) => e.path.endsWith('token'));

export function InvitationPage() {
  const { t } = useTranslation();
  const token = useFragmentToken();
  const preview = useQuery({
    // The token stays in memory only: never in a URL the server sees, never in storage.
    queryKey: ['identity', 'invitation-preview', token],
    queryFn: () => previewInvitation(token ?? ''),
    enabled: !!token,
    gcTime: 0,
    staleTime: Infinity,
  });

  let content;
  if (!token || (preview.isError && isInvalidToken(preview.error))) {
    content = (
      <Alert color="orange" variant="light" icon={<IconLinkOff aria-hidden />} role="alert" title={t('invitation.invalidTitle')}>
        {token ? t('invitation.invalid') : t('invitation.missing')}
      </Alert>
    );
  } else if (preview.isPending) {
    content = <LoadingState label={t('invitation.loading')} />;
  } else if (preview.isError) {
    content = <ErrorState error={preview.error} onRetry={() => void preview.refetch()} retrying={preview.isFetching} />;
  } else {
    content = <AcceptInvitation token={token} preview={preview.data} />;
  }

  return (
    <>
      <PageHeader title={t('invitation.title')} />
      {content}
    </>
  );
}

function AcceptInvitation({ token, preview }: { token: string; preview: InvitationPreview }) {
  const { t } = useTranslation();
  const [accepted, setAccepted] = useState(false);
  const [expired, setExpired] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const mutation = useMutation({ mutationFn: acceptInvitation, meta: { authFlow: true } });
  const schema = invitationAcceptSchema
    .extend({ displayName: preview.needsPassword ? z.string().trim().min(2).max(200) : z.string().optional() })
    .superRefine((value, ctx) => {
      if (!preview.needsPassword) {
        if (!value.password)
          ctx.addIssue({ code: 'custom', path: ['password'], message: 'required', params: { i18nKey: 'validation.required' } });
        return;
      }
      checkPassword(ctx, value.password, 'password', { email: preview.email, names: [preview.organisation] });
    });
  const form = useZodForm({
    initialValues: { displayName: preview.displayName ?? '', password: '' },
    schema,
    prepare: (values) => ({ token, password: values.password, displayName: preview.needsPassword ? values.displayName : undefined }),
  });

  const submit = form.onSubmit(async (body) => {
    setFailure(null);
    try {
      await mutation.mutateAsync(body);
      setAccepted(true);
    } catch (error) {
      if (isInvalidToken(error)) setExpired(true);
      else if (!applyServerErrors(form, error)) setFailure(authFailureMessage(error, t, t('errors.unexpected')));
    }
  });

  if (expired) {
    return (
      <Alert color="orange" variant="light" icon={<IconLinkOff aria-hidden />} role="alert" title={t('invitation.invalidTitle')}>
        {t('invitation.invalid')}
      </Alert>
    );
  }
  if (accepted) {
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} role="status" title={t('invitation.acceptedTitle')}>
          {t('invitation.accepted', { organisation: preview.organisation })}
        </Alert>
        <Button component={Link} to="/login">
          {t('invitation.goToLogin')}
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <DataList labelWidth="8rem">
        <DataList.Item>
          <DataList.ItemLabel>{t('invitation.organisation')}</DataList.ItemLabel>
          <DataList.ItemValue>{preview.organisation}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('invitation.email')}</DataList.ItemLabel>
          <DataList.ItemValue>{preview.email}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('invitation.role')}</DataList.ItemLabel>
          <DataList.ItemValue>{roleLabel(t, preview.role)}</DataList.ItemValue>
        </DataList.Item>
      </DataList>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <AuthAlert message={failure} />
          {preview.needsPassword ? (
            <>
              <TextInput
                label={t('invitation.displayName')}
                description={t('invitation.displayNameHelp')}
                autoComplete="name"
                required
                autoFocus
                {...form.getInputProps('displayName')}
              />
              <PasswordField
                label={t('invitation.choosePassword')}
                description={t('password.policy')}
                autoComplete="new-password"
                required
                {...form.getInputProps('password')}
              />
            </>
          ) : (
            <PasswordField
              label={t('invitation.existingPassword')}
              description={t('invitation.existingPasswordHelp')}
              autoComplete="current-password"
              required
              autoFocus
              {...form.getInputProps('password')}
            />
          )}
          <Button type="submit" loading={mutation.isPending}>
            {t('invitation.submit')}
          </Button>
          <Anchor component={Link} to="/login" size="sm">
            {t('auth.backToLogin')}
          </Anchor>
        </Stack>
      </form>
    </Stack>
  );
}
