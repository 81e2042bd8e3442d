import {
  assessmentDomains,
  type AssessmentDomain,
  type Instrument,
  type InstrumentDefinition,
  type ZaritDefinition,
} from '@maillon/shared/assessments';
import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArchive,
  IconArrowLeft,
  IconDeviceFloppy,
  IconGitBranch,
  IconPlus,
  IconRestore,
  IconSend,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../ui/api';
import { ConfirmModal } from '../../../ui/ConfirmModal';
import { CellBadge, TableScroll } from '../../../ui/DataTable';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { stripLocation } from '../../../ui/form';
import { useIdempotencyKey } from '../../../ui/idempotency';
import { LoadingState } from '../../../ui/LoadingState';
import { notify, notifyError } from '../../../ui/notify';
import { PageHeader } from '../../../ui/PageHeader';
import {
  assessmentKeys,
  createInstrument,
  createInstrumentVersion,
  instrumentsQueryOptions,
  isPreconditionFailed,
  publishInstrumentVersion,
  updateInstrument,
  updateInstrumentVersion,
} from '../api';
import { isZaritDefinition } from '../Instruments';
import { domainLabel } from '../labels';
import {
  builderPath,
  definitionErrors,
  definitionMessage,
  emptyDefinitionDraft,
  fromDefinition,
  toDefinition,
  type DefinitionDraft,
} from './definitionDraft';
import { NeedsTaxonomyAdmin } from './NeedsTaxonomyAdmin';
import { QuestionnaireBuilder } from './QuestionnaireBuilder';
import { emptyZaritDraft, zaritDefinition, zaritErrors, ZaritTextsEditor, type ZaritDraft } from './ZaritTextsEditor';

type Editing = { mode: 'new'; kind: 'zarit' | 'questionnaire' } | { mode: 'edit'; id: string } | null;

/** `/admin/instruments` (instrument.manage): the organisation's scales and questionnaires, in versions, and its needs list. */
export function InstrumentsAdminPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('instruments');
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <>
      <PageHeader title={t('assessments.admin.title')} description={t('assessments.admin.description')} />
      <Tabs value={tab} onChange={setTab} keepMounted={false} variant="outline">
        <Tabs.List aria-label={t('assessments.admin.title')}>
          <Tabs.Tab value="instruments">{t('assessments.admin.tabs.instruments')}</Tabs.Tab>
          <Tabs.Tab value="needs">{t('assessments.admin.tabs.needs')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="instruments" pt="lg">
          {editing ? (
            <InstrumentEditor
              key={editing.mode === 'edit' ? editing.id : editing.kind}
              editing={editing}
              onClose={() => setEditing(null)}
              onCreated={(id) => setEditing({ mode: 'edit', id })}
            />
          ) : (
            <InstrumentList onOpen={setEditing} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="needs" pt="lg">
          <NeedsTaxonomyAdmin />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function InstrumentList({ onOpen }: { onOpen: (editing: Editing) => void }) {
  const { t } = useTranslation();
  const list = useQuery(instrumentsQueryOptions());
  const actions = (
    <Group gap="sm">
      <Button size="md" leftSection={<IconPlus size={18} aria-hidden />} onClick={() => onOpen({ mode: 'new', kind: 'questionnaire' })}>
        {t('assessments.admin.newQuestionnaire')}
      </Button>
      <Button
        size="md"
        variant="light"
        leftSection={<IconPlus size={18} aria-hidden />}
        onClick={() => onOpen({ mode: 'new', kind: 'zarit' })}
      >
        {t('assessments.admin.newZarit')}
      </Button>
    </Group>
  );
  if (list.isPending) return <LoadingState label={t('assessments.admin.loading')} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  if (list.data.length === 0)
    return <EmptyState title={t('assessments.admin.empty')} description={t('assessments.admin.emptyHelp')} action={actions} />;
  return (
    <Stack gap="md">
      {actions}
      <TableScroll label={t('assessments.admin.caption')} minWidth={720}>
        <Table verticalSpacing="sm" striped>
          <Table.Caption>{t('assessments.admin.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assessments.admin.colTitle')}</Table.Th>
              <Table.Th>{t('assessments.admin.colKind')}</Table.Th>
              <Table.Th>{t('assessments.admin.colDomain')}</Table.Th>
              <Table.Th>{t('assessments.admin.colVersions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((instrument) => (
              <Table.Tr key={instrument.id}>
                <Table.Td>
                  <Group gap="xs">
                    <Button
                      variant="subtle"
                      size="compact-md"
                      onClick={() => onOpen({ mode: 'edit', id: instrument.id })}
                      aria-label={t('assessments.admin.open', { title: instrument.title })}
                    >
                      {instrument.title}
                    </Button>
                    {instrument.archived ? (
                      <CellBadge color="gray" variant="light">
                        {t('assessments.admin.archived')}
                      </CellBadge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>{t(`assessments.admin.kinds.${instrument.kind}`)}</Table.Td>
                <Table.Td>{domainLabel(t, instrument.domain)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {instrument.versions.map((v) => (
                      <CellBadge key={v.id} color={v.status === 'published' ? 'teal' : 'blue'} variant="light">
                        {t('assessments.admin.versionLabel', { number: v.number })} · {t(`assessments.admin.versionStatus.${v.status}`)}
                      </CellBadge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Stack>
  );
}

type Draft = { kind: 'zarit'; zarit: ZaritDraft } | { kind: 'questionnaire'; questionnaire: DefinitionDraft };

function draftOf(definition: ZaritDefinition | InstrumentDefinition): Draft {
  if (isZaritDefinition(definition)) {
    return {
      kind: 'zarit',
      zarit: {
        itemTexts: [...definition.itemTexts],
        responseLabels: definition.responseLabels ? [...definition.responseLabels] : ['', '', '', '', ''],
      },
    };
  }
  return { kind: 'questionnaire', questionnaire: fromDefinition(definition) };
}

/** Field errors of the server (`body.definition.items.2.label`) on the builder's paths. */
function serverDefinitionErrors(error: unknown, draft: Draft, t: TFunction): Record<string, string> {
  if (!isApiError(error)) return {};
  const errors: Record<string, string> = {};
  for (const fe of error.fieldErrors) {
    const raw = stripLocation(fe.path);
    if (raw === 'domain') {
      errors.domain = t('validation.required');
      continue;
    }
    const inner = raw.replace(/^definition\.?/, '');
    const path = draft.kind === 'questionnaire' ? builderPath(inner, draft.questionnaire) || 'title' : inner;
    if (!(path in errors))
      errors[path] = fe.code === 'too_small' && draft.kind === 'zarit' ? t('validation.required') : definitionMessage(fe.code, t);
  }
  return errors;
}

function InstrumentEditor({
  editing,
  onClose,
  onCreated,
}: {
  editing: NonNullable<Editing>;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery(instrumentsQueryOptions());
  const instrument: Instrument | undefined = editing.mode === 'edit' ? list.data?.find((i) => i.id === editing.id) : undefined;
  const versions = instrument?.versions ?? [];
  const latest = versions[versions.length - 1];
  const [draft, setDraft] = useState<Draft | null>(() =>
    editing.mode === 'new'
      ? editing.kind === 'zarit'
        ? { kind: 'zarit', zarit: emptyZaritDraft() }
        : { kind: 'questionnaire', questionnaire: emptyDefinitionDraft() }
      : null,
  );
  const [loadedVersion, setLoadedVersion] = useState<string | null>(null);
  const [domain, setDomain] = useState<AssessmentDomain | null>(editing.mode === 'new' && editing.kind === 'zarit' ? 'family' : null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const idempotency = useIdempotencyKey();

  // The latest version is what the editor shows (a draft to change, or the frozen published one).
  if (latest && loadedVersion !== `${latest.id}:${latest.version}` && !dirty) {
    setLoadedVersion(`${latest.id}:${latest.version}`);
    setDraft(draftOf(latest.definition));
  }

  const refresh = () => queryClient.invalidateQueries({ queryKey: assessmentKeys.instruments });
  const frozen = latest?.status === 'published';
  const kind = editing.mode === 'new' ? editing.kind : instrument?.kind;

  if (editing.mode === 'edit' && (list.isPending || !draft)) return <LoadingState label={t('assessments.admin.loading')} />;
  if (editing.mode === 'edit' && list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (!draft || !kind) return null;

  const change = (next: Draft) => {
    setDraft(next);
    setDirty(true);
  };

  const localErrors = (): Record<string, string> => {
    const found = draft.kind === 'zarit' ? zaritErrors(draft.zarit, t('validation.required')) : definitionErrors(draft.questionnaire, t);
    if (editing.mode === 'new' && draft.kind === 'questionnaire' && !domain) found.domain = t('validation.required');
    return found;
  };
  const definition = (): Record<string, unknown> =>
    draft.kind === 'zarit' ? zaritDefinition(draft.zarit) : toDefinition(draft.questionnaire);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = localErrors();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (editing.mode === 'new') {
        const body = { kind, ...(domain ? { domain } : {}), definition: definition() };
        const created = await createInstrument(body, idempotency.keyFor(body));
        idempotency.reset();
        notify({ message: t('assessments.admin.created') });
        await refresh();
        setDirty(false);
        onCreated(created.id);
      } else if (instrument && latest) {
        await updateInstrumentVersion(instrument.id, latest.id, latest.version, definition());
        notify({ message: t('assessments.admin.saved') });
        setDirty(false);
        await refresh();
      }
    } catch (error) {
      if (isPreconditionFailed(error)) {
        notify({ color: 'orange', message: t('assessments.admin.conflict') });
        setDirty(false);
        await refresh();
      } else {
        const fields = serverDefinitionErrors(error, draft, t);
        if (Object.keys(fields).length > 0) setErrors(fields);
        else notifyError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const run = async (action: () => Promise<unknown>, message: string) => {
    setBusy(true);
    try {
      await action();
      notify({ message });
      setDirty(false);
      await refresh();
    } catch (error) {
      if (isPreconditionFailed(error)) notify({ color: 'orange', message: t('assessments.admin.conflict') });
      else notifyError(error);
      await refresh();
    } finally {
      setBusy(false);
    }
  };

  const title =
    editing.mode === 'new'
      ? kind === 'zarit'
        ? t('assessments.admin.newZarit')
        : t('assessments.admin.newQuestionnaire')
      : (instrument?.title ?? '');
  const errorCount = Object.keys(errors).length;

  return (
    <form onSubmit={(e) => void save(e)} noValidate aria-label={title}>
      <Stack gap="lg">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={2}>
            <Title order={2}>{title}</Title>
            {instrument ? (
              <Group gap={4}>
                <Badge variant="light">{t(`assessments.admin.kinds.${instrument.kind}`)}</Badge>
                <Badge variant="light" color="gray">
                  {domainLabel(t, instrument.domain)}
                </Badge>
                {latest ? (
                  <Badge variant="light" color={latest.status === 'published' ? 'teal' : 'blue'}>
                    {t('assessments.admin.versionLabel', { number: latest.number })} ·{' '}
                    {t(`assessments.admin.versionStatus.${latest.status}`)}
                  </Badge>
                ) : null}
                {instrument.archived ? <Badge color="gray">{t('assessments.admin.archived')}</Badge> : null}
              </Group>
            ) : null}
          </Stack>
          <Button variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={onClose}>
            {t('assessments.admin.back')}
          </Button>
        </Group>

        {frozen ? (
          <Alert color="gray" variant="light">
            {t('assessments.admin.frozen')}
          </Alert>
        ) : null}
        {errorCount > 0 ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
            {t('assessments.admin.problems')} {t('assessments.form.errorsCount', { count: errorCount })}
          </Alert>
        ) : null}

        {editing.mode === 'new' && kind === 'questionnaire' ? (
          <Select
            size="md"
            w={{ base: '100%', sm: 360 }}
            label={t('assessments.admin.fieldDomain')}
            description={t('assessments.admin.fieldDomainHelp')}
            required
            data={assessmentDomains.map((d) => ({ value: d, label: domainLabel(t, d) }))}
            value={domain}
            onChange={(d) => setDomain(d)}
            error={errors.domain}
          />
        ) : null}

        <Card withBorder padding="md">
          {draft.kind === 'zarit' ? (
            <ZaritTextsEditor
              value={draft.zarit}
              onChange={(zarit) => change({ kind: 'zarit', zarit })}
              errors={errors}
              disabled={frozen}
            />
          ) : (
            <QuestionnaireBuilder
              value={draft.questionnaire}
              onChange={(questionnaire) => change({ kind: 'questionnaire', questionnaire })}
              errors={errors}
              disabled={frozen}
            />
          )}
        </Card>

        <Card withBorder padding="sm" style={{ position: 'sticky', bottom: 8, zIndex: 4 }}>
          <Group justify="flex-end" gap="sm" wrap="wrap">
            {instrument ? (
              <Button
                variant="subtle"
                color={instrument.archived ? 'teal' : 'gray'}
                size="md"
                leftSection={instrument.archived ? <IconRestore size={18} aria-hidden /> : <IconArchive size={18} aria-hidden />}
                onClick={() =>
                  void run(
                    () => updateInstrument(instrument.id, instrument.version, { archived: !instrument.archived }),
                    instrument.archived ? t('assessments.admin.unarchivedDone') : t('assessments.admin.archivedDone'),
                  )
                }
                disabled={busy}
              >
                {instrument.archived ? t('assessments.admin.unarchive') : t('assessments.admin.archive')}
              </Button>
            ) : null}
            {instrument && frozen ? (
              <Button
                size="md"
                variant="light"
                leftSection={<IconGitBranch size={18} aria-hidden />}
                loading={busy}
                onClick={() =>
                  void run(() => createInstrumentVersion(instrument.id, crypto.randomUUID()), t('assessments.admin.versionCreated'))
                }
              >
                {t('assessments.admin.newVersion')}
              </Button>
            ) : null}
            {instrument && latest && !frozen ? (
              <Button
                size="md"
                variant="light"
                color="teal"
                leftSection={<IconSend size={18} aria-hidden />}
                disabled={busy}
                onClick={() => {
                  if (dirty) notify({ color: 'orange', message: t('assessments.admin.publishUnsaved') });
                  else setPublishing(true);
                }}
              >
                {t('assessments.admin.publish')}
              </Button>
            ) : null}
            {!frozen ? (
              <Button type="submit" size="md" loading={busy} leftSection={<IconDeviceFloppy size={18} aria-hidden />}>
                {t('assessments.admin.saveDraft')}
              </Button>
            ) : null}
          </Group>
        </Card>
      </Stack>
      {instrument && latest ? (
        <ConfirmModal
          opened={publishing}
          onClose={() => setPublishing(false)}
          loading={busy}
          onConfirm={() => {
            setPublishing(false);
            void run(() => publishInstrumentVersion(instrument.id, latest.id, latest.version), t('assessments.admin.published'));
          }}
          title={t('assessments.admin.publishTitle', { number: latest.number })}
          confirmLabel={t('assessments.admin.publishConfirm')}
        >
          <Text>{t('assessments.admin.publishText')}</Text>
        </ConfirmModal>
      ) : null}
    </form>
  );
}
