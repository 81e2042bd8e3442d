import { passwordChangeSchema } from '@maillon/shared/identity';
import { Button, Card, DataList, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconDevices, IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { applyServerErrors, useZodForm } from '../../ui/form';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { PasswordField } from '../../ui/PasswordField';
import { changePassword, endSession, identityKeys, sessionsQueryOptions, useMe, type Me, type SessionInfo } from './api';
import { professionLabel, roleLabel } from './labels';
import { checkPassword } from './passwordPolicy';
import { describeUserAgent } from './userAgent';

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      {me.isPending ? (
        <LoadingState />
      ) : me.isError ? (
        <ErrorState error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
      ) : me.data ? (
        <Stack gap="lg">
          <IdentityCard me={me.data} />
          <ChangePasswordCard me={me.data} />
          <MfaCard me={me.data} />
          <SessionsCard />
        </Stack>
      ) : null}
    </>
  );
}

function Section({ title, id, children }: { title: string; id?: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <Card component="section" id={id} aria-labelledby={headingId} withBorder padding="lg">
      <Title order={2} id={headingId} mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function IdentityCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const profession = me.membership?.profession;
  return (
    <Section title={t('profile.identity')}>
      <DataList labelWidth="10rem">
        <DataList.Item>
          <DataList.ItemLabel>{t('profile.name')}</DataList.ItemLabel>
          <DataList.ItemValue>{me.user.displayName}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('profile.email')}</DataList.ItemLabel>
          <DataList.ItemValue>{me.user.email}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('profile.organisation')}</DataList.ItemLabel>
          <DataList.ItemValue>{me.organisation?.name ?? t('state.none')}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('profile.role')}</DataList.ItemLabel>
          <DataList.ItemValue>{me.membership ? roleLabel(t, me.membership.role) : t('state.none')}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('profile.profession')}</DataList.ItemLabel>
          <DataList.ItemValue>{profession ? professionLabel(t, profession) : t('state.none')}</DataList.ItemValue>
        </DataList.Item>
      </DataList>
    </Section>
  );
}

function ChangePasswordCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const names = me.organisations.map((o) => o.name);
  const schema = passwordChangeSchema.superRefine((value, ctx) =>
    checkPassword(ctx, value.newPassword, 'newPassword', { email: me.user.email, names }),
  );
  const form = useZodForm({ initialValues: { currentPassword: '', newPassword: '' }, schema });
  const mutation = useMutation({ mutationFn: changePassword });

  const submit = form.onSubmit(async (body) => {
    try {
      await mutation.mutateAsync(body);
      form.reset();
      notify({ message: t('profile.password.changed') });
      await queryClient.invalidateQueries({ queryKey: identityKeys.sessions });
    } catch (error) {
      if (!applyServerErrors(form, error)) notifyError(error);
    }
  });

  return (
    <Section title={t('profile.password.title')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={420}>
          <Text size="sm">{t('profile.password.help')}</Text>
          <PasswordField
            label={t('password.current')}
            autoComplete="current-password"
            required
            {...form.getInputProps('currentPassword')}
          />
          <PasswordField
            label={t('password.new')}
            description={t('password.policy')}
            autoComplete="new-password"
            required
            {...form.getInputProps('newPassword')}
          />
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {t('profile.password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function MfaCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const enabled = me.user.mfaEnabled;
  return (
    <Section title={t('profile.mfa.title')}>
      <Stack gap="md" align="flex-start">
        <Group gap="sm">
          <Text>{t('profile.mfa.status')}</Text>
          <CellBadge
            color={enabled ? 'teal' : 'gray'}
            variant="light"
            leftSection={enabled ? <IconShieldCheck size={14} aria-hidden /> : <IconShieldOff size={14} aria-hidden />}
          >
            {enabled ? t('profile.mfa.enabled') : t('profile.mfa.disabled')}
          </CellBadge>
        </Group>
        <Text size="sm">{enabled ? t('profile.mfa.enabledHelp') : t('profile.mfa.disabledHelp')}</Text>
        <Button component={Link} to="/mfa/setup" variant={enabled ? 'default' : 'filled'}>
          {enabled ? t('profile.mfa.reconfigure') : t('profile.mfa.configure')}
        </Button>
      </Stack>
    </Section>
  );
}

function SessionsCard() {
  const { t } = useTranslation();
  const sessions = useQuery(sessionsQueryOptions());
  const [ending, setEnding] = useState<SessionInfo | null>(null);
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: endSession,
    onSuccess: async () => {
      notify({ message: t('profile.sessions.ended') });
      setEnding(null);
      await queryClient.invalidateQueries({ queryKey: identityKeys.sessions });
    },
    onError: (error) => notifyError(error),
  });

  let content;
  if (sessions.isPending) content = <LoadingState label={t('profile.sessions.loading')} />;
  else if (sessions.isError)
    content = <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} retrying={sessions.isFetching} />;
  else if (sessions.data.length === 0) content = <EmptyState icon={<IconDevices aria-hidden />} title={t('profile.sessions.empty')} />;
  else {
    content = (
      <TableScroll label={t('profile.sessions.caption')} minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Caption>{t('profile.sessions.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('profile.sessions.device')}</Table.Th>
              <Table.Th scope="col">{t('profile.sessions.ip')}</Table.Th>
              <Table.Th scope="col">{t('profile.sessions.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('profile.sessions.lastSeenAt')}</Table.Th>
              <Table.Th scope="col">{t('state.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.map((session) => (
              <Table.Tr key={session.id}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{describeUserAgent(session.userAgent, t)}</Text>
                    {session.current ? (
                      <CellBadge color="blue" variant="light">
                        {t('profile.sessions.current')}
                      </CellBadge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>{session.ip ?? t('state.unknown')}</Table.Td>
                <Table.Td>{formatDateTime(session.createdAt, false)}</Table.Td>
                <Table.Td>{formatDateTime(session.lastSeenAt, false)}</Table.Td>
                <Table.Td>
                  {session.current ? (
                    <Text size="sm" c="dimmed">
                      {t('profile.sessions.thisDevice')}
                    </Text>
                  ) : (
                    <Button size="xs" variant="default" color="red" onClick={() => setEnding(session)}>
                      {t('profile.sessions.end')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    );
  }

  return (
    <Section title={t('profile.sessions.title')} id="sessions">
      <Stack gap="md">
        <Text size="sm">{t('profile.sessions.help')}</Text>
        {content}
      </Stack>
      <ConfirmModal
        opened={ending !== null}
        onClose={() => setEnding(null)}
        onConfirm={() => ending && mutation.mutate(ending.id)}
        title={t('profile.sessions.confirmTitle')}
        confirmLabel={t('profile.sessions.end')}
        danger
        loading={mutation.isPending}
      >
        <Text>
          {ending
            ? t('profile.sessions.confirm', {
                device: describeUserAgent(ending.userAgent, t),
                date: formatDateTime(ending.lastSeenAt, false),
              })
            : null}
        </Text>
      </ConfirmModal>
    </Section>
  );
}
