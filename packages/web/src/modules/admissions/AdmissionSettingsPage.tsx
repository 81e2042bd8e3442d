import { committeeFunctions, decisionModes, type AdmissionSettings, type CommitteeMember } from '@maillon/shared/admissions';
import { ActionIcon, Button, Card, Group, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { admissionKeys, saveSettings, settingsQueryOptions } from './api';
import { functionLabel, isOneOf, modeLabel, options } from './labels';

/** `/admin/admissions`: who sits on the committee, which services let the coordinator decide alone, e-mail to referrers. */
export function AdmissionSettingsPage() {
  const { t } = useTranslation();
  const q = useQuery(settingsQueryOptions());
  return (
    <>
      <PageHeader title={t('admissions.settings.title')} description={t('admissions.settings.description')} />
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Editor key={q.data.version} s={q.data} />
      )}
    </>
  );
}

function Editor({ s }: { s: AdmissionSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(s.notifyReferrerByEmail);
  const [members, setMembers] = useState<CommitteeMember[]>(s.committeeMembers);
  const [modes, setModes] = useState<Record<string, (typeof decisionModes)[number]>>(
    Object.fromEntries(s.services.map((x) => [x.serviceId, x.decisionMode])),
  );
  const m = useMutation({
    mutationFn: () =>
      saveSettings(s, {
        notifyReferrerByEmail: email,
        committeeMembers: members.map((x) => ({ function: x.function, userId: x.userId ?? null, name: x.name, present: true })),
        services: Object.fromEntries(
          s.services.map((x) => [x.serviceId, { decisionMode: modes[x.serviceId] ?? 'committee', checklist: x.checklist }]),
        ),
      }),
  });
  return (
    <Stack gap="lg">
      <Card withBorder padding="lg" component="section" aria-labelledby="set-services">
        <Title order={2} size="h4" id="set-services" mb="md">
          {t('admissions.settings.services')}
        </Title>
        <TableScroll label={t('admissions.settings.services')} minWidth={640}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('admissions.fields.service')}</Table.Th>
                <Table.Th scope="col">{t('admissions.occupancy.capacity')}</Table.Th>
                <Table.Th scope="col">{t('admissions.occupancy.mode')}</Table.Th>
                <Table.Th scope="col">{t('admissions.settings.checklist')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.services.map((x) => (
                <Table.Tr key={x.serviceId}>
                  <Table.Td fw={600}>{x.name}</Table.Td>
                  <Table.Td>{x.capacity ?? '—'}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('admissions.settings.modeFor', { service: x.name })}
                      data={options(decisionModes, (d) => modeLabel(t, d))}
                      value={modes[x.serviceId] ?? 'committee'}
                      onChange={(v) => isOneOf(decisionModes, v) && setModes({ ...modes, [x.serviceId]: v })}
                      allowDeselect={false}
                      comboboxProps={{ withinPortal: false }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{x.checklist.map((c) => c.label).join(' ; ')}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="set-members">
        <Title order={2} size="h4" id="set-members" mb="md">
          {t('admissions.settings.members')}
        </Title>
        <Stack gap="xs">
          {members.map((x, i) => (
            <Group key={i} align="flex-end" wrap="wrap">
              <Select
                label={t('admissions.settings.function')}
                data={options(committeeFunctions, (f) => functionLabel(t, f))}
                value={x.function}
                onChange={(v) => isOneOf(committeeFunctions, v) && setMembers(members.map((y, j) => (j === i ? { ...y, function: v } : y)))}
                allowDeselect={false}
                comboboxProps={{ withinPortal: false }}
                w={220}
              />
              <TextInput
                label={t('admissions.settings.name')}
                value={x.name}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setMembers(members.map((y, j) => (j === i ? { ...y, name: v } : y)));
                }}
                style={{ flex: 1, minWidth: 200 }}
              />
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={t('admissions.settings.remove', { name: x.name })}
                onClick={() => setMembers(members.filter((_, j) => j !== i))}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => setMembers([...members, { function: 'other', userId: null, name: '', present: true }])}
            >
              {t('admissions.settings.addMember')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="set-mail">
        <Title order={2} size="h4" id="set-mail" mb="md">
          {t('admissions.settings.referrers')}
        </Title>
        <Switch label={t('admissions.settings.email')} checked={email} onChange={(e) => setEmail(e.currentTarget.checked)} />
      </Card>
      <Group justify="flex-end">
        <Button
          loading={m.isPending}
          onClick={() =>
            m.mutate(undefined, {
              onSuccess: (x) => {
                queryClient.setQueryData(admissionKeys.settings, x);
                void queryClient.invalidateQueries({ queryKey: admissionKeys.occupancy });
                notify({ message: t('admissions.settings.saved') });
              },
              onError: (e) => notifyError(e),
            })
          }
        >
          {t('state.save')}
        </Button>
      </Group>
    </Stack>
  );
}
