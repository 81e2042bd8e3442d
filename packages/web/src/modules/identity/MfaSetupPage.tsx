import { mfaEnableSchema } from '@maillon/shared/identity';
import { Alert, Button, Card, Checkbox, CopyButton, Group, Image, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconInfoCircle, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter, useSearch } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../ui/download';
import { applyServerErrors, useZodForm } from '../../ui/form';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { PasswordField } from '../../ui/PasswordField';
import { isStepUpCancelled, useStepUp } from '../../ui/StepUp';
import { enableMfa, meQueryOptions, startMfaSetup, useMe, type MfaSetup } from './api';
import { safeRedirect, useSignOut } from './session';

const enableFormSchema = mfaEnableSchema.extend({ password: mfaEnableSchema.shape.password.min(1) });

/** The QR code is an SVG drawn by the server; shown as an image, so no markup of it ever enters the page's DOM. */
const svgDataUri = (svg: string) => `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;

export function MfaSetupPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  // Fixed at arrival: once enrolled, the session no longer says so, but the way out stays the same.
  const [mandatory] = useState(() => !!me?.session.mfaEnrolmentRequired);
  const stepUp = useStepUp();
  const signOut = useSignOut();
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const start = useMutation({
    // Replacing an active second factor is sensitive: the server asks for a step-up first.
    mutationFn: () => stepUp(startMfaSetup),
    onSuccess: setSetup,
    onError: (error) => {
      if (!isStepUpCancelled(error)) notifyError(error);
    },
  });

  let step;
  if (recoveryCodes) step = <RecoveryCodes codes={recoveryCodes} email={me?.user.email ?? ''} mandatory={mandatory} />;
  else if (setup) step = <ScanAndConfirm setup={setup} onEnabled={setRecoveryCodes} />;
  else {
    step = (
      <Card withBorder padding="lg" maw={720}>
        <Stack gap="md" align="flex-start">
          {mandatory ? (
            <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('mfa.setup.mandatoryTitle')}>
              {t('mfa.setup.mandatory')}
            </Alert>
          ) : null}
          {me?.user.mfaEnabled ? (
            <Alert color="orange" variant="light" icon={<IconInfoCircle aria-hidden />}>
              {t('mfa.setup.replaceWarning')}
            </Alert>
          ) : null}
          <Text>{t('mfa.setup.intro')}</Text>
          <List size="sm" spacing={4}>
            <List.Item>{t('mfa.setup.apps')}</List.Item>
            <List.Item>{t('mfa.setup.recoveryNote')}</List.Item>
          </List>
          <Group gap="sm">
            <Button leftSection={<IconShieldLock size={18} aria-hidden />} loading={start.isPending} onClick={() => start.mutate()}>
              {t('mfa.setup.start')}
            </Button>
            {mandatory ? (
              <Button variant="default" onClick={() => void signOut()}>
                {t('user.signOut')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      </Card>
    );
  }

  return (
    <>
      <PageHeader title={t('mfa.setup.title')} description={t('mfa.setup.description')} />
      {step}
    </>
  );
}

function ScanAndConfirm({ setup, onEnabled }: { setup: MfaSetup; onEnabled: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const headingId = useId();
  const enable = useMutation({ mutationFn: enableMfa });
  const form = useZodForm({
    initialValues: { code: '', password: '' },
    schema: enableFormSchema,
    messages: { code: t('validation.sixDigits') },
  });

  const submit = form.onSubmit(async (body) => {
    try {
      const { recoveryCodes } = await enable.mutateAsync(body);
      // The session was renewed (a step-up): what the app knows of it is refreshed.
      await queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey });
      onEnabled(recoveryCodes);
    } catch (error) {
      if (!applyServerErrors(form, error)) notifyError(error);
      form.setFieldValue('code', '');
    }
  });

  return (
    <Card withBorder padding="lg" maw={720} component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Title order={2} id={headingId}>
          {t('mfa.setup.scanTitle')}
        </Title>
        <Text>{t('mfa.setup.scan')}</Text>
        <Image src={svgDataUri(setup.qrSvg)} alt={t('mfa.setup.qrAlt')} w={200} h={200} fit="contain" bg="white" />
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={t('mfa.setup.secret')}
            description={t('mfa.setup.secretHelp')}
            value={setup.secret}
            readOnly
            ff="monospace"
            style={{ flex: 1 }}
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton value={setup.secret}>
            {({ copied, copy }) => (
              <Button
                variant="default"
                onClick={copy}
                leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              >
                {copied ? t('state.copied') : t('state.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <form onSubmit={submit} noValidate>
          <Stack gap="md" maw={420}>
            <TextInput
              label={t('mfa.code')}
              description={t('mfa.setup.codeHelp')}
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              required
              {...form.getInputProps('code')}
            />
            <PasswordField
              label={t('password.current')}
              description={t('mfa.setup.passwordHelp')}
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Group>
              <Button type="submit" loading={enable.isPending}>
                {t('mfa.setup.enable')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

function RecoveryCodes({ codes, email, mandatory }: { codes: string[]; email: string; mandatory: boolean }) {
  const { t } = useTranslation();
  const router = useRouter();
  const { redirect } = useSearch({ strict: false });
  const [saved, setSaved] = useState(false);
  const headingId = useId();
  const text = `${t('mfa.recovery.fileHeader', { email })}\n\n${codes.join('\n')}\n`;

  const finish = () => {
    notify({ message: t('mfa.recovery.enabled') });
    void router.navigate({ href: mandatory ? safeRedirect(redirect) : '/profile' });
  };

  return (
    <Card withBorder padding="lg" maw={720} component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Title order={2} id={headingId}>
          {t('mfa.recovery.title')}
        </Title>
        <Alert color="orange" variant="light" icon={<IconInfoCircle aria-hidden />}>
          {t('mfa.recovery.warning')}
        </Alert>
        <List aria-label={t('mfa.recovery.listLabel')} listStyleType="none" ff="monospace" spacing={4} style={{ columns: '2 12rem' }}>
          {codes.map((code) => (
            <List.Item key={code}>{code}</List.Item>
          ))}
        </List>
        <Group gap="sm">
          <CopyButton value={codes.join('\n')}>
            {({ copied, copy }) => (
              <Button
                variant="default"
                onClick={copy}
                leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              >
                {copied ? t('state.copied') : t('mfa.recovery.copy')}
              </Button>
            )}
          </CopyButton>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={() => saveBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), t('mfa.recovery.fileName'))}
          >
            {t('mfa.recovery.download')}
          </Button>
        </Group>
        <Checkbox label={t('mfa.recovery.saved')} checked={saved} onChange={(event) => setSaved(event.currentTarget.checked)} />
        <Group>
          <Button disabled={!saved} onClick={finish}>
            {t('mfa.recovery.continue')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
