import { assessmentDomains, needTypeCreateSchema, type AssessmentDomain, type NeedType } from '@maillon/shared/assessments';
import { ActionIcon, Badge, Button, Card, Code, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconArchive, IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconRestore } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../ui/api';
import { ErrorState } from '../../../ui/ErrorState';
import { useIdempotencyKey } from '../../../ui/idempotency';
import { LoadingState } from '../../../ui/LoadingState';
import { notify, notifyError } from '../../../ui/notify';
import { assessmentKeys, createNeedType, isPreconditionFailed, needsTaxonomyQueryOptions, updateNeedType } from '../api';
import { domainLabel } from '../labels';
import { serverFieldErrors } from '../validation';

/** The organisation's needs, by domain: add, rename, reorder, retire (no longer offered; assessments keep them), reactivate. */
export function NeedsTaxonomyAdmin() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery(needsTaxonomyQueryOptions(true));
  const [renaming, setRenaming] = useState<NeedType | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: assessmentKeys.taxonomyAll });
  const onConflict = (error: unknown) => {
    if (isPreconditionFailed(error)) notify({ color: 'orange', message: t('assessments.admin.needs.conflict') });
    else notifyError(error);
    void refresh();
  };

  const toggle = useMutation({
    mutationFn: (need: NeedType) => updateNeedType(need.code, need.version, { active: !need.active }),
    onSuccess: (need) => notify({ message: need.active ? t('assessments.admin.needs.reactivated') : t('assessments.admin.needs.retired') }),
    onError: onConflict,
    onSettled: refresh,
  });
  const swap = useMutation({
    mutationFn: async ([a, b]: [NeedType, NeedType]) => {
      // Distinct orders even where the defaults had equal ones.
      const first = Math.min(a.sortOrder, b.sortOrder);
      const second = Math.max(a.sortOrder, b.sortOrder) === first ? first + 1 : Math.max(a.sortOrder, b.sortOrder);
      await updateNeedType(a.code, a.version, { sortOrder: second });
      await updateNeedType(b.code, b.version, { sortOrder: first });
    },
    onError: onConflict,
    onSettled: refresh,
  });

  if (list.isPending) return <LoadingState label={t('assessments.admin.needs.loading')} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;

  return (
    <Stack gap="lg">
      <Text size="sm">{t('assessments.admin.needs.help')}</Text>
      <AddNeedForm onAdded={() => void refresh()} />
      {assessmentDomains.map((domain) => {
        const needs = list.data.filter((n) => n.domain === domain);
        return (
          <Card key={domain} withBorder padding="md" component="section" aria-labelledby={`needs-${domain}`}>
            <Title order={3} size="h4" id={`needs-${domain}`} mb="sm">
              {domainLabel(t, domain)}
            </Title>
            {needs.length === 0 ? (
              <Text c="dimmed">{t('assessments.admin.needs.empty')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={560} type="native">
                <Table verticalSpacing="xs">
                  <Table.Caption>{t('assessments.admin.needs.caption', { domain: domainLabel(t, domain) })}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('assessments.admin.needs.label')}</Table.Th>
                      <Table.Th>{t('assessments.admin.needs.code')}</Table.Th>
                      <Table.Th>{t('state.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {needs.map((need, i) => (
                      <Table.Tr key={need.code}>
                        <Table.Td>
                          <Group gap="xs">
                            <Text c={need.active ? undefined : 'dimmed'}>{need.label}</Text>
                            {!need.active ? (
                              <Badge color="gray" variant="light">
                                {t('assessments.admin.needs.retiredBadge')}
                              </Badge>
                            ) : null}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          {/* The code administrators manage (a stable identifier of the taxonomy): shown as code, on purpose. */}
                          <Code>{need.code}</Code>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <ActionIcon
                              variant="subtle"
                              size={44}
                              aria-label={t('assessments.admin.needs.moveUp', { name: need.label })}
                              disabled={i === 0 || swap.isPending}
                              onClick={() => swap.mutate([needs[i - 1]!, need])}
                            >
                              <IconArrowUp size={18} aria-hidden />
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              size={44}
                              aria-label={t('assessments.admin.needs.moveDown', { name: need.label })}
                              disabled={i === needs.length - 1 || swap.isPending}
                              onClick={() => swap.mutate([need, needs[i + 1]!])}
                            >
                              <IconArrowDown size={18} aria-hidden />
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              size={44}
                              aria-label={t('assessments.admin.needs.rename', { name: need.label })}
                              onClick={() => setRenaming(need)}
                            >
                              <IconPencil size={18} aria-hidden />
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              color={need.active ? 'red' : 'teal'}
                              size={44}
                              aria-label={
                                need.active
                                  ? t('assessments.admin.needs.retire', { name: need.label })
                                  : t('assessments.admin.needs.reactivate', { name: need.label })
                              }
                              loading={toggle.isPending && toggle.variables.code === need.code}
                              onClick={() => toggle.mutate(need)}
                            >
                              {need.active ? <IconArchive size={18} aria-hidden /> : <IconRestore size={18} aria-hidden />}
                            </ActionIcon>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
        );
      })}
      <RenameModal need={renaming} onClose={() => setRenaming(null)} onDone={() => void refresh()} />
    </Stack>
  );
}

function AddNeedForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const [domain, setDomain] = useState<AssessmentDomain | null>(null);
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const idempotency = useIdempotencyKey();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = needTypeCreateSchema.safeParse({ domain, label });
    if (!parsed.success) {
      setErrors({
        ...(domain ? {} : { domain: t('validation.required') }),
        ...(label.trim() ? {} : { label: t('validation.required') }),
      });
      return;
    }
    setBusy(true);
    try {
      await createNeedType(parsed.data, idempotency.keyFor(parsed.data));
      idempotency.reset();
      notify({ message: t('assessments.admin.needs.added') });
      setLabel('');
      setErrors({});
      onAdded();
    } catch (error) {
      const fields = serverFieldErrors(error, t);
      if (Object.keys(fields).length > 0) setErrors(fields);
      else notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      withBorder
      padding="md"
      component="form"
      onSubmit={(e: FormEvent) => void submit(e)}
      noValidate
      aria-label={t('assessments.admin.needs.add')}
    >
      <Group align="flex-start" wrap="wrap" gap="sm">
        <Select
          size="md"
          w={{ base: '100%', sm: 300 }}
          label={t('assessments.admin.needs.domain')}
          required
          data={assessmentDomains.map((d) => ({ value: d, label: domainLabel(t, d) }))}
          value={domain}
          onChange={(d) => {
            setDomain(d);
            setErrors((e) => ({ ...e, domain: '' }));
          }}
          error={errors.domain || undefined}
        />
        <TextInput
          size="md"
          style={{ flex: '1 1 16rem' }}
          label={t('assessments.admin.needs.label')}
          required
          maxLength={200}
          value={label}
          onChange={(e) => {
            setLabel(e.currentTarget.value);
            setErrors((x) => ({ ...x, label: '' }));
          }}
          error={errors.label || errors.code || undefined}
        />
        <Button type="submit" size="md" mt={{ sm: 26 }} loading={busy} leftSection={<IconPlus size={18} aria-hidden />}>
          {t('assessments.admin.needs.add')}
        </Button>
      </Group>
    </Card>
  );
}

function RenameModal({ need, onClose, onDone }: { need: NeedType | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  if (need && shown !== need.code) {
    setShown(need.code);
    setLabel(need.label);
    setError(null);
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!need) return;
    if (label.trim() === '') {
      setError(t('validation.required'));
      return;
    }
    setBusy(true);
    try {
      await updateNeedType(need.code, need.version, { label: label.trim() });
      notify({ message: t('assessments.admin.needs.renamed') });
      setShown(null);
      onClose();
      onDone();
    } catch (e) {
      if (isPreconditionFailed(e)) {
        notify({ color: 'orange', message: t('assessments.admin.needs.conflict') });
        setShown(null);
        onClose();
        onDone();
      } else if (isApiError(e) && e.fieldErrors.length > 0) setError(t('validation.invalid'));
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={need !== null}
      onClose={() => {
        setShown(null);
        onClose();
      }}
      title={t('assessments.admin.needs.renameTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          <TextInput
            size="md"
            label={t('assessments.admin.needs.label')}
            required
            maxLength={200}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('state.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('state.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
