import { isRole } from '../identity/public';
import { referentRoles } from '@maillon/shared/identity';
import { careTeamAddSchema } from '@maillon/shared/people';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconInfoCircle, IconStar, IconStarFilled, IconUserMinus, IconUserPlus, IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { isApiError } from '../../ui/api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay, todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import {
  accessKeys,
  addCareTeamMember,
  careTeamQueryOptions,
  staffQueryOptions,
  updateCareTeamMember,
  type CareTeamAdd,
  type CareTeamMember,
  type CareTeamUpdate,
} from './api';
import { careTeamFunctionLabel, careTeamFunctionOptions, professionName, roleName } from './labels';

export interface CareTeamTabProps {
  personId: string;
  /** "LEFÈVRE André Jean", for confirmations. */
  personName: string;
  /** From the record's `access.can.manageCareTeam`: the server refuses anyway. */
  canManage: boolean;
  /** The referent is part of the record: it is read again after a change. */
  onChanged: () => Promise<unknown>;
}

type MemberState = 'active' | 'ended' | 'upcoming';
const stateOf = (m: CareTeamMember, today: string): MemberState => (m.active ? 'active' : m.startDate > today ? 'upcoming' : 'ended');
const STATE_COLOR = { active: 'teal', ended: 'gray', upcoming: 'blue' } as const;

/** Only the roles that manage care teams may be named referent coordinator (issue 19). */
const isReferentRole = (role: string | null) => !!role && isRole(role) && referentRoles.includes(role);

/** Équipe: members of staff and external contacts, one referent; ending a membership ends its access at once. */
export function CareTeamTab({ personId, personName, canManage, onChanged }: CareTeamTabProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const queryClient = useQueryClient();
  const team = useQuery(careTeamQueryOptions(personId));
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<CareTeamMember | null>(null);
  const today = todayDay();

  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: accessKeys.careTeam(personId) }), onChanged()]);
  const update = useMutation({
    mutationFn: ({ member, body }: { member: CareTeamMember; body: CareTeamUpdate }) => updateCareTeamMember(personId, member, body),
    onError: (error) => {
      if (isApiError(error) && error.status === 412)
        notify({ color: 'orange', title: t('conflict.title'), message: t('conflict.listReloaded') });
      else notifyError(error);
    },
    onSettled: refresh,
  });

  let content;
  if (team.isPending) content = <LoadingState label={t('access.team.loading')} />;
  else if (team.isError) content = <ErrorState error={team.error} onRetry={() => void team.refetch()} retrying={team.isFetching} />;
  else if (team.data.length === 0) content = <EmptyState icon={<IconUsersGroup aria-hidden />} title={t('access.team.empty')} />;
  else
    content = (
      <TableScroll label={t('access.team.caption')} minWidth={860}>
        <Table verticalSpacing="sm">
          <Table.Caption>{t('access.team.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('access.team.columns.member')}</Table.Th>
              <Table.Th scope="col">{t('access.team.columns.function')}</Table.Th>
              <Table.Th scope="col">{t('access.team.columns.dates')}</Table.Th>
              <Table.Th scope="col">{t('access.team.columns.state')}</Table.Th>
              {canManage ? <Table.Th scope="col">{t('state.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {team.data.map((member) => {
              const state = stateOf(member, today);
              const subtitle =
                member.kind === 'external'
                  ? [t('access.team.external'), member.externalOrganisation, member.externalPhone, member.externalEmail]
                      .filter(Boolean)
                      .join(' · ')
                  : [professionName(t, member.profession) ?? roleName(t, member.role)].filter(Boolean).join(' · ');
              return (
                <Table.Tr key={member.id}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      {member.isReferent ? (
                        <Tooltip label={t('access.team.referent')}>
                          <IconStarFilled
                            size={16}
                            color="var(--mantine-color-yellow-7)"
                            aria-label={t('access.team.referent')}
                            role="img"
                          />
                        </Tooltip>
                      ) : null}
                      <Text size="sm" fw={500}>
                        {member.displayName}
                      </Text>
                    </Group>
                    {subtitle ? (
                      <Text size="xs" c="dimmed">
                        {subtitle}
                      </Text>
                    ) : null}
                    {member.restrictedAccess ? (
                      <Text size="xs" c="dimmed">
                        {t('access.team.restricted')}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{careTeamFunctionLabel(t, member.function)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {member.endDate
                      ? t('access.team.fromTo', { start: formatDay(member.startDate), end: formatDay(member.endDate) })
                      : t('access.team.since', { start: formatDay(member.startDate) })}
                  </Table.Td>
                  <Table.Td>
                    <CellBadge color={STATE_COLOR[state]} variant="light">
                      {t(`access.team.states.${state}`)}
                    </CellBadge>
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {member.kind === 'internal' && state === 'active' && !member.isReferent && isReferentRole(member.role) ? (
                          <Button
                            size="xs"
                            variant="default"
                            leftSection={<IconStar size={14} aria-hidden />}
                            onClick={() =>
                              update.mutate(
                                { member, body: { isReferent: true } },
                                { onSuccess: () => notify({ message: t('access.team.referentSet', { name: member.displayName }) }) },
                              )
                            }
                            loading={update.isPending && update.variables.member.id === member.id}
                            aria-label={t('access.team.makeReferentFor', { name: member.displayName })}
                          >
                            {t('access.team.makeReferent')}
                          </Button>
                        ) : null}
                        {state !== 'ended' ? (
                          <Button
                            size="xs"
                            variant="default"
                            color="red"
                            leftSection={<IconUserMinus size={14} aria-hidden />}
                            onClick={() => setEnding(member)}
                            aria-label={t('access.team.endFor', { name: member.displayName })}
                          >
                            {t('access.team.end')}
                          </Button>
                        ) : null}
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </TableScroll>
    );

  return (
    <section aria-labelledby={headingId}>
      <Group justify="space-between" mb="md" gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('access.team.title')}
        </Title>
        {canManage ? (
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            {t('access.team.add')}
          </Button>
        ) : null}
      </Group>
      {content}
      {canManage ? (
        <>
          <Modal
            opened={adding}
            onClose={() => setAdding(false)}
            title={t('access.team.addTitle')}
            size="lg"
            closeButtonProps={{ 'aria-label': t('state.close') }}
          >
            {adding ? (
              <AddMemberForm
                personId={personId}
                current={team.data ?? []}
                onDone={async (added) => {
                  setAdding(false);
                  if (added) await refresh();
                }}
              />
            ) : null}
          </Modal>
          <EndMembershipModal
            member={ending}
            personName={personName}
            onClose={() => setEnding(null)}
            onConfirm={(member, endDate) =>
              update.mutate(
                { member, body: { endDate } },
                {
                  onSuccess: () => {
                    notify({ message: t('access.team.ended', { name: member.displayName }) });
                    setEnding(null);
                  },
                },
              )
            }
            loading={update.isPending}
          />
        </>
      ) : null}
    </section>
  );
}

interface EndMembershipModalProps {
  member: CareTeamMember | null;
  personName: string;
  onClose: () => void;
  onConfirm: (member: CareTeamMember, endDate: string) => void;
  loading: boolean;
}

/** Ending a membership is costly (the member loses the record at their next request): a confirmation with the date. */
/**
 * The end date is the last day in the team (the server counts it in): yesterday ends the access at once, which is
 * what "Terminer" means; a membership that started today can only end tonight.
 */
function defaultEndDate(member: CareTeamMember | null): string {
  const yesterday = new Date();
  yesterday.setDate(yesterday.getDate() - 1);
  const day = todayDay(yesterday);
  return member && day < member.startDate ? member.startDate : day;
}

function EndMembershipModal({ member, personName, onClose, onConfirm, loading }: EndMembershipModalProps) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<{ memberId: string; day: string } | null>(null);
  const endDate = chosen && chosen.memberId === member?.id ? chosen.day : defaultEndDate(member);
  const setEndDate = (day: string) => member && setChosen({ memberId: member.id, day });
  const invalid = member !== null && (endDate === '' || endDate < member.startDate);
  return (
    <ConfirmModal
      opened={member !== null}
      onClose={() => {
        setChosen(null);
        onClose();
      }}
      onConfirm={() => member && !invalid && onConfirm(member, endDate)}
      title={member ? t('access.team.endTitle', { name: member.displayName }) : ''}
      confirmLabel={t('access.team.end')}
      danger
      loading={loading}
    >
      {member ? (
        <Stack gap="sm">
          <Text size="sm">{t('access.team.endConsequence', { name: member.displayName, person: personName })}</Text>
          <TextInput
            type="date"
            label={t('access.team.endDate')}
            description={t('access.team.endDateHelp')}
            required
            value={endDate}
            min={member.startDate}
            onChange={(event) => setEndDate(event.currentTarget.value)}
            error={invalid ? t('access.team.errors.endBeforeStart') : undefined}
          />
        </Stack>
      ) : null}
    </ConfirmModal>
  );
}

const ADD_FIELDS = [
  'userId',
  'externalName',
  'externalOrganisation',
  'externalEmail',
  'externalPhone',
  'function',
  'isReferent',
  'restrictedAccess',
  'startDate',
  'endDate',
];
const blank = (value: string): string | null => (value.trim() === '' ? null : value.trim());

function AddMemberForm({
  personId,
  current,
  onDone,
}: {
  personId: string;
  current: readonly CareTeamMember[];
  onDone: (added: boolean) => Promise<void> | void;
}) {
  const { t } = useTranslation();
  const staff = useQuery(staffQueryOptions());
  const idempotency = useIdempotencyKey();
  const staffAllowed = staff.data !== null;
  const [kind, setKind] = useState<'internal' | 'external'>('internal');
  const mode = staffAllowed ? kind : 'external';
  const messages = {
    userId: t('access.team.errors.chooseMember'),
    endDate: t('access.team.errors.endBeforeStart'),
    externalPhone: t('access.team.errors.phone'),
    externalEmail: t('validation.email'),
  };
  const form = useZodForm({
    initialValues: {
      userId: null as string | null,
      externalName: '',
      externalOrganisation: '',
      externalEmail: '',
      externalPhone: '',
      function: null as string | null,
      isReferent: false,
      restrictedAccess: false,
      startDate: todayDay(),
      endDate: '',
    },
    schema: careTeamAddSchema,
    prepare: (v) =>
      mode === 'internal'
        ? {
            userId: v.userId,
            function: v.function,
            isReferent: v.isReferent,
            restrictedAccess: v.restrictedAccess,
            startDate: v.startDate,
            endDate: blank(v.endDate),
          }
        : {
            externalName: v.externalName.trim(),
            externalOrganisation: blank(v.externalOrganisation),
            externalEmail: blank(v.externalEmail),
            externalPhone: blank(v.externalPhone),
            function: v.function,
            startDate: v.startDate,
            endDate: blank(v.endDate),
          },
    messages,
  });
  const mutation = useMutation({ mutationFn: (body: CareTeamAdd) => addCareTeamMember(personId, body, idempotency.keyFor(body)) });

  const activeUserIds = new Set(current.filter((m) => m.active && m.userId).map((m) => m.userId));
  const staffOptions = (staff.data ?? [])
    .filter((m) => !activeUserIds.has(m.userId))
    .map((m) => ({
      value: m.userId,
      label: [m.displayName, professionName(t, m.profession) ?? roleName(t, m.role)].filter(Boolean).join(' — '),
    }));

  const submit = form.onSubmit(async (body: z.output<typeof careTeamAddSchema>) => {
    try {
      const added = await mutation.mutateAsync(body);
      idempotency.reset();
      notify({ message: t('access.team.added', { name: added.displayName }) });
      await onDone(true);
    } catch (error) {
      if (
        !applyLocalisedServerErrors(form, error, {
          byCode: {
            duplicate: t('access.team.errors.alreadyMember'),
            unknown_member: t('access.team.errors.unknownMember'),
            referent_not_eligible: t('access.team.errors.referentNotEligible'),
          },
          byPath: messages,
          fields: ADD_FIELDS,
        })
      )
        notifyError(error);
    }
  });

  const select = { comboboxProps: { withinPortal: false }, clearButtonProps: { 'aria-label': t('state.clear') } } as const;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {staffAllowed ? (
          <SegmentedControl
            aria-label={t('access.team.kind')}
            value={kind}
            onChange={(value) => setKind(value === 'external' ? 'external' : 'internal')}
            data={[
              { value: 'internal', label: t('access.team.internal') },
              { value: 'external', label: t('access.team.externalContact') },
            ]}
          />
        ) : staff.isSuccess ? (
          <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden />}>
            {t('access.team.externalOnly')}
          </Alert>
        ) : null}
        {mode === 'internal' ? (
          <Select
            label={t('access.team.member')}
            required
            searchable
            data={staffOptions}
            placeholder={staff.isPending ? t('state.loading') : undefined}
            nothingFoundMessage={t('access.team.noMemberFound')}
            error={form.errors.userId ?? (staff.isError ? t('access.team.staffUnavailable') : undefined)}
            {...select}
            value={form.values.userId}
            onChange={(value) => form.setFieldValue('userId', value)}
          />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t('access.team.externalName')}
              required
              {...form.getInputProps('externalName')}
              error={form.errors.externalName ?? form.errors.userId}
            />
            <TextInput label={t('access.team.externalOrganisation')} {...form.getInputProps('externalOrganisation')} />
            <TextInput type="tel" label={t('access.team.externalPhone')} {...form.getInputProps('externalPhone')} />
            <TextInput type="email" label={t('access.team.externalEmail')} {...form.getInputProps('externalEmail')} />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Select
            label={t('access.team.function')}
            required
            data={careTeamFunctionOptions(t)}
            {...select}
            {...form.getInputProps('function')}
          />
          <TextInput type="date" label={t('access.team.startDate')} required {...form.getInputProps('startDate')} />
          <TextInput
            type="date"
            label={t('access.team.endDateOptional')}
            min={form.values.startDate || undefined}
            {...form.getInputProps('endDate')}
          />
        </SimpleGrid>
        {mode === 'internal' ? (
          <Stack gap="xs">
            <Checkbox
              label={t('access.team.isReferent')}
              description={t('access.team.isReferentHelp')}
              {...form.getCheckboxProps('isReferent')}
            />
            <Checkbox
              label={t('access.team.restrictedAccess')}
              description={t('access.team.restrictedAccessHelp')}
              {...form.getCheckboxProps('restrictedAccess')}
            />
          </Stack>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => void onDone(false)}>
            {t('state.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('access.team.addSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
