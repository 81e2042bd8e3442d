import { assessmentDomains, correctionInputSchema, discardInputSchema, type Assessment } from '@maillon/shared/assessments';
import { Alert, Badge, Button, Card, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArchive,
  IconArrowLeft,
  IconCircleCheck,
  IconFileDownload,
  IconFolderQuestion,
  IconGitBranch,
  IconInfoCircle,
  IconSignature,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { saveBlob } from '../../ui/download';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime, formatDay } from '../../ui/format';
import { useIdempotencyKey } from '../../ui/idempotency';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { useOnline } from '../../ui/useOnline';
import { useMe } from '../identity/public';
import {
  assessmentKeys,
  assessmentQueryOptions,
  correctAssessment,
  discardAssessment,
  downloadAssessmentPdf,
  instrumentsQueryOptions,
  isNotFound,
  isPreconditionFailed,
  needsSummaryQueryOptions,
  needsTaxonomyQueryOptions,
  signAssessment,
  type Versioned,
} from './api';
import { AggirGridView } from './AggirGrid';
import { AssessmentEditor, type EditorActionsState } from './AssessmentEditor';
import { DomainSectionView } from './DomainSection';
import { formFromAssessment } from './formState';
import { ResultView } from './Instruments';
import {
  aggirVariableLabel,
  categoryLabel,
  contextLabel,
  domainLabel,
  listFormat,
  placeLabel,
  priorityColor,
  priorityLabel,
  statusColor,
  statusLabel,
  urgencyColor,
  urgencyLabel,
  wishSourceLabel,
} from './labels';
import { rightsOf } from './useAssessmentEditor';

/** `/assessments/$assessmentId`: a draft to complete and sign, or a signed assessment with its needs and PDF. */
export function AssessmentPage({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const query = useQuery(assessmentQueryOptions(assessmentId));

  if (query.isPending) {
    return (
      <>
        <PageHeader title={t('assessments.history.title')} />
        <LoadingState label={t('assessments.view.loading')} />
      </>
    );
  }
  if (query.isError && !query.data) {
    if (isNotFound(query.error)) {
      return (
        <Stack gap="lg">
          <PageHeader title={t('assessments.view.notFoundTitle')} />
          <EmptyState
            icon={<IconFolderQuestion aria-hidden />}
            title={t('assessments.view.notFoundTitle')}
            description={t('assessments.view.notFound')}
          />
        </Stack>
      );
    }
    return (
      <>
        <PageHeader title={t('assessments.history.title')} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      </>
    );
  }
  return <Loaded current={query.data} />;
}

function Loaded({ current }: { current: Versioned<Assessment> }) {
  const { t } = useTranslation();
  const a = current.data;
  const editable = a.status === 'draft' && a.access.can.edit;
  const title =
    a.status === 'draft'
      ? t('assessments.form.editTitle', { date: formatDay(a.assessedOn, 'long') })
      : t('assessments.view.title', { date: formatDay(a.assessedOn, 'long') });
  const [downloading, setDownloading] = useState(false);
  const [correcting, setCorrecting] = useState(false);

  const pdf = async () => {
    setDownloading(true);
    try {
      const { blob, filename } = await downloadAssessmentPdf(a.id);
      saveBlob(blob, filename ?? `evaluation-${a.assessedOn}.pdf`);
      notify({ message: t('assessments.view.pdfDone') });
    } catch (error) {
      notifyError(error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <>
      <PageHeader
        title={title}
        description={
          <Group component="span" gap="xs" wrap="wrap">
            <Badge component="span" color={statusColor[a.status]} variant="light">
              {statusLabel(t, a.status)}
            </Badge>
            <span>{contextLabel(t, a.context)}</span>
            <span>· {t('assessments.view.assessedBy', { name: a.assessedBy.displayName ?? t('assessments.view.unknownUser') })}</span>
          </Group>
        }
        actions={
          <>
            <ButtonLink
              to="/people/$personId/assessments"
              params={{ personId: a.personId }}
              variant="default"
              leftSection={<IconArrowLeft size={16} aria-hidden />}
            >
              {t('assessments.form.backToHistory')}
            </ButtonLink>
            <Button
              variant="default"
              leftSection={<IconFileDownload size={16} aria-hidden />}
              loading={downloading}
              onClick={() => void pdf()}
            >
              {t('assessments.view.pdf')}
            </Button>
            {a.access.can.correct ? (
              <Button variant="light" leftSection={<IconGitBranch size={16} aria-hidden />} onClick={() => setCorrecting(true)}>
                {t('assessments.view.correct')}
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="lg">
        <StatusNotes a={a} />
        {editable ? <DraftEditor key={a.id} current={current} title={title} /> : <ReadView a={a} />}
        {a.status === 'signed' ? <NeedsSummaryCard assessmentId={a.id} /> : null}
      </Stack>
      <CorrectModal assessment={a} opened={correcting} onClose={() => setCorrecting(false)} />
    </>
  );
}

function StatusNotes({ a }: { a: Assessment }) {
  const { t } = useTranslation();
  const notes = [];
  if (a.status === 'superseded' && a.supersededById) {
    notes.push(
      <Alert key="superseded" color="gray" variant="light" icon={<IconInfoCircle aria-hidden />}>
        {t('assessments.view.superseded')}{' '}
        <AnchorLink to="/assessments/$assessmentId" params={{ assessmentId: a.supersededById }}>
          {t('assessments.view.openSuperseding')}
        </AnchorLink>
      </Alert>,
    );
  }
  if (a.correctionDraftId) {
    notes.push(
      <Alert key="correction" color="blue" variant="light" icon={<IconGitBranch aria-hidden />}>
        {t('assessments.view.openCorrection')}{' '}
        <AnchorLink to="/assessments/$assessmentId" params={{ assessmentId: a.correctionDraftId }}>
          {t('assessments.view.openCorrectionLink')}
        </AnchorLink>
      </Alert>,
    );
  }
  if (a.supersedesId) {
    notes.push(
      <Alert key="corrects" color="blue" variant="light" icon={<IconGitBranch aria-hidden />}>
        {t('assessments.view.correctionOf', { reason: a.correctionReason ?? '' })}{' '}
        <AnchorLink to="/assessments/$assessmentId" params={{ assessmentId: a.supersedesId }}>
          {t('assessments.view.openCorrected')}
        </AnchorLink>
      </Alert>,
    );
  }
  if (a.status === 'discarded') {
    notes.push(
      <Alert key="discarded" color="gray" variant="light" icon={<IconArchive aria-hidden />}>
        {t('assessments.view.discardedNote', {
          date: a.discardedAt ? formatDateTime(a.discardedAt, false) : '',
          reason: a.discardReason ?? '',
        })}
      </Alert>,
    );
  }
  if (a.status === 'signed' || a.status === 'superseded') {
    notes.push(
      <Alert key="signed" color="teal" variant="light" icon={<IconCircleCheck aria-hidden />}>
        {t('assessments.view.signedBy', {
          date: a.signedAt ? formatDateTime(a.signedAt, false) : '',
          name: a.signedBy?.displayName ?? t('assessments.view.unknownUser'),
        })}{' '}
        {a.signedCategories.length < 2
          ? t('assessments.view.signedCategories', { categories: a.signedCategories.map((c) => categoryLabel(t, c)).join(', ') })
          : null}
      </Alert>,
    );
  }
  if (a.access.categories.length < 2) {
    notes.push(
      <Alert key="partial" color="gray" variant="light" icon={<IconInfoCircle aria-hidden />}>
        {t('assessments.view.partialRead', { categories: a.access.categories.map((c) => categoryLabel(t, c)).join(', ') })}
      </Alert>,
    );
  }
  if (a.status === 'draft' && !a.access.can.edit) {
    notes.push(
      <Alert key="readonly" color="gray" variant="light" icon={<IconInfoCircle aria-hidden />}>
        {t('assessments.view.readOnly')}
      </Alert>,
    );
  }
  return notes.length > 0 ? <Stack gap="sm">{notes}</Stack> : null;
}

/** The names of the AGGIR variables a refused signature says are missing (`aggir.discriminant.x.subVariables.y`). */
function missingFromError(error: unknown, t: TFunction, language: string): string | null {
  if (!isApiError(error)) return null;
  const ids = error.fieldErrors
    .map((fe) => /^aggir\.discriminant\.([a-z_]+)(?:\.subVariables\.([a-z_]+))?$/.exec(fe.path))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => (m[2] ? `${m[1]}.${m[2]}` : m[1]!));
  if (ids.length === 0) return null;
  const missing = listFormat(
    ids.map((id) => aggirVariableLabel(t, id)),
    language,
  );
  return t('assessments.aggir.incomplete', { missing });
}

function DraftEditor({ current, title }: { current: Versioned<Assessment>; title: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const a = current.data;
  const taxonomy = useQuery(needsTaxonomyQueryOptions());
  const instruments = useQuery(instrumentsQueryOptions());
  const [initialForm] = useState(() => formFromAssessment(a));
  const [signing, setSigning] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const rights = useMemo(() => rightsOf(a), [a]);
  const online = useOnline();

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: assessmentKeys.person(a.personId) }),
    [a.personId, queryClient],
  );

  const onSent = useCallback(
    (saved: Versioned<Assessment>, _created: boolean, wasQueued: boolean) => {
      queryClient.setQueryData(assessmentKeys.detail(saved.data.id), saved);
      void refresh();
      if (!wasQueued) notify({ message: t('assessments.form.saved') });
    },
    [queryClient, refresh, t],
  );

  const onReload = useCallback(async () => {
    const fresh = await queryClient.fetchQuery({ ...assessmentQueryOptions(a.id), staleTime: 0 });
    return { fresh, form: formFromAssessment(fresh.data) };
  }, [a.id, queryClient]);

  const sign = useMutation({
    mutationFn: () => {
      const latest = queryClient.getQueryData<Versioned<Assessment>>(assessmentKeys.detail(a.id)) ?? current;
      return signAssessment(a.id, latest.etag);
    },
    onSuccess: (signed) => {
      setSigning(false);
      queryClient.setQueryData(assessmentKeys.detail(a.id), signed);
      void refresh();
      if (signed.data.supersedesId) void queryClient.invalidateQueries({ queryKey: assessmentKeys.detail(signed.data.supersedesId) });
      notify({ message: t('assessments.view.signed') });
    },
    onError: (error) => {
      setSigning(false);
      const missing = missingFromError(error, t, i18n.resolvedLanguage ?? 'fr');
      if (missing) notify({ color: 'red', title: t('assessments.aggir.title'), message: missing, autoClose: false });
      else if (isPreconditionFailed(error)) {
        notify({ color: 'orange', title: t('assessments.form.conflictTitle'), message: t('conflict.reloaded') });
        void queryClient.invalidateQueries({ queryKey: assessmentKeys.detail(a.id) });
      } else notifyError(error);
    },
  });

  const failed = [taxonomy, instruments].find((q) => q.isError && q.data === undefined);
  if (failed) return <ErrorState error={failed.error} onRetry={() => void failed.refetch()} retrying={failed.isFetching} />;
  if (!taxonomy.data || !instruments.data || !me) return <LoadingState label={t('assessments.form.loading')} />;

  const actions = ({ dirty, sync }: EditorActionsState) => (
    <>
      {a.access.can.discard ? (
        <Button
          variant="subtle"
          color="red"
          size="md"
          leftSection={<IconArchive size={18} aria-hidden />}
          onClick={() => setDiscarding(true)}
          disabled={!online}
        >
          {t('assessments.view.discard')}
        </Button>
      ) : null}
      {a.access.can.sign ? (
        <Button
          color="teal"
          size="md"
          leftSection={<IconSignature size={18} aria-hidden />}
          onClick={() => {
            if (!online) notify({ color: 'orange', message: t('assessments.view.needsOnline') });
            else if (dirty || sync !== 'idle') notify({ color: 'orange', message: t('assessments.view.signUnsaved') });
            else setSigning(true);
          }}
        >
          {t('assessments.view.sign')}
        </Button>
      ) : null}
    </>
  );

  return (
    <>
      <AssessmentEditor
        title={title}
        personId={a.personId}
        userId={me.user.id}
        server={current}
        rights={rights}
        readable={a.access.categories}
        catalogue={instruments.data}
        needTypes={taxonomy.data}
        initialForm={initialForm}
        onSent={onSent}
        onReload={onReload}
        actions={actions}
      />
      <ConfirmModal
        opened={signing}
        onClose={() => setSigning(false)}
        onConfirm={() => sign.mutate()}
        loading={sign.isPending}
        title={t('assessments.view.signTitle')}
        confirmLabel={t('assessments.view.signConfirm')}
      >
        <Stack gap="sm">
          <Text>{t('assessments.view.signText')}</Text>
          {a.access.categories.length < 2 ? (
            <Text size="sm">
              {t('assessments.view.signPartial', { categories: a.access.categories.map((c) => categoryLabel(t, c)).join(', ') })}
            </Text>
          ) : null}
        </Stack>
      </ConfirmModal>
      <ReasonModal
        opened={discarding}
        onClose={() => setDiscarding(false)}
        title={t('assessments.view.discardTitle')}
        text={t('assessments.view.discardText')}
        label={t('assessments.view.discardReason')}
        confirmLabel={t('assessments.view.discardConfirm')}
        danger
        onConfirm={async (reason) => {
          const latest = queryClient.getQueryData<Versioned<Assessment>>(assessmentKeys.detail(a.id)) ?? current;
          const discarded = await discardAssessment(a.id, latest.etag, reason);
          queryClient.setQueryData(assessmentKeys.detail(a.id), discarded);
          void refresh();
          notify({ message: t('assessments.view.discarded') });
          setDiscarding(false);
          void navigate({ to: '/people/$personId/assessments', params: { personId: a.personId } });
        }}
      />
    </>
  );
}

function ReadView({ a }: { a: Assessment }) {
  const { t } = useTranslation();
  const instruments = useQuery({ ...instrumentsQueryOptions(), enabled: a.results.length > 0 });
  const readable = assessmentDomains.filter((d) => a.sections[d] !== null);
  const assessed = readable.filter((d) => a.sections[d]?.assessed);
  const notAssessed = readable.filter((d) => !a.sections[d]?.assessed);
  const hidden = assessmentDomains.filter((d) => a.sections[d] === null);
  return (
    <Stack gap="lg">
      <Card withBorder padding="md" component="section" aria-labelledby="view-header">
        <Title order={2} id="view-header" mb="sm">
          {t('assessments.form.header')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Field label={t('assessments.view.date')} value={formatDay(a.assessedOn, 'long')} />
          <Field label={t('assessments.view.context')} value={contextLabel(t, a.context)} />
          <Field label={t('assessments.view.place')} value={a.place ? placeLabel(t, a.place) : t('state.none')} />
          <Field label={t('assessments.view.participants')} value={a.participants ?? t('state.none')} />
        </SimpleGrid>
      </Card>

      <Card withBorder padding="md" component="section" aria-labelledby="view-aggir">
        <Title order={2} id="view-aggir" mb="sm">
          {t('assessments.aggir.title')}
        </Title>
        {a.aggir ? (
          <AggirGridView grid={a.aggir.input} />
        ) : a.gir !== null ? (
          <Paper withBorder p="md" radius="md" bg="var(--mantine-color-teal-0)">
            <Text fz={32} fw={800}>
              {t('assessments.aggir.gir', { gir: a.gir })}
            </Text>
            <Text size="sm">{t('assessments.aggir.girScale')}</Text>
          </Paper>
        ) : (
          <Text c="dimmed">{t('assessments.aggir.noGrid')}</Text>
        )}
      </Card>

      <Stack gap="sm" component="section" aria-labelledby="view-domains">
        <Title order={2} id="view-domains">
          {t('assessments.form.domainsTitle')}
        </Title>
        {hidden.length > 0 ? (
          <Text size="sm" c="dimmed">
            {t('assessments.sections.hidden', { domains: hidden.map((d) => domainLabel(t, d)).join(', ') })}
          </Text>
        ) : null}
        {assessed.map((d) => (
          <Card key={d} withBorder padding="md">
            <Title order={3} size="h4" mb="sm">
              {domainLabel(t, d)}
            </Title>
            <DomainSectionView section={a.sections[d]!} />
          </Card>
        ))}
        {notAssessed.length > 0 ? (
          <Text size="sm" c="dimmed">
            {t('assessments.sections.notAssessed')} : {notAssessed.map((d) => domainLabel(t, d)).join(', ')}
          </Text>
        ) : null}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="view-results">
        <Title order={2} id="view-results">
          {t('assessments.view.resultsTitle')}
        </Title>
        {a.results.length === 0 ? <Text c="dimmed">{t('assessments.view.noResults')}</Text> : null}
        {a.results.map((r) => (
          <ResultView key={r.id} result={r} instrument={instruments.data?.find((i) => i.id === r.instrumentId)} />
        ))}
      </Stack>
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text>{value}</Text>
    </Stack>
  );
}

/** The needs of a signed assessment, most urgent first, with the person's wishes: what the personal plan starts from. */
export function NeedsSummaryCard({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const needs = useQuery(needsSummaryQueryOptions(assessmentId));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="needs-summary">
      <Stack gap="sm">
        <Title order={2} id="needs-summary">
          {t('assessments.needsSummary.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('assessments.needsSummary.help')}
        </Text>
        {needs.isPending ? <LoadingState label={t('assessments.needsSummary.loading')} /> : null}
        {needs.isError ? <ErrorState error={needs.error} onRetry={() => void needs.refetch()} retrying={needs.isFetching} /> : null}
        {needs.data && needs.data.items.length === 0 ? <Text c="dimmed">{t('assessments.needsSummary.empty')}</Text> : null}
        {needs.data && needs.data.items.length > 0 ? (
          <Table.ScrollContainer minWidth={640} type="native">
            <Table striped>
              <Table.Caption>{t('assessments.needsSummary.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assessments.needsSummary.domain')}</Table.Th>
                  <Table.Th>{t('assessments.needsSummary.need')}</Table.Th>
                  <Table.Th>{t('assessments.needsSummary.priority')}</Table.Th>
                  <Table.Th>{t('assessments.needsSummary.urgency')}</Table.Th>
                  <Table.Th>{t('assessments.needsSummary.comment')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {needs.data.items.map((n) => (
                  <Table.Tr key={`${n.domain}-${n.code}`}>
                    <Table.Td>{domainLabel(t, n.domain)}</Table.Td>
                    <Table.Td>{n.label}</Table.Td>
                    <Table.Td>
                      <Badge color={priorityColor[n.priority]} variant="light" miw="max-content">
                        {priorityLabel(t, n.priority)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {n.urgency ? (
                        <Badge color={urgencyColor[n.urgency]} variant="light" miw="max-content">
                          {urgencyLabel(t, n.urgency)}
                        </Badge>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>{n.comment ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {needs.data && needs.data.wishes.length > 0 ? (
          <Paper p="md" radius="md" bg="var(--mantine-color-grape-0)" style={{ borderLeft: '4px solid var(--mantine-color-grape-6)' }}>
            <Title order={3} size="h4" mb="xs">
              {t('assessments.needsSummary.wishes')}
            </Title>
            <Stack gap="xs">
              {needs.data.wishes.map((w) => (
                <Text key={w.domain}>
                  <Text span fw={600}>
                    {domainLabel(t, w.domain)}
                  </Text>{' '}
                  :{' '}
                  <Text span fs="italic">
                    « {w.text} »
                  </Text>
                  {w.expressedBy ? ` (${t('assessments.needsSummary.expressedBy', { who: wishSourceLabel(t, w.expressedBy) })})` : ''}
                </Text>
              ))}
            </Stack>
          </Paper>
        ) : null}
      </Stack>
    </Card>
  );
}

function CorrectModal({ assessment, opened, onClose }: { assessment: Assessment; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const idempotency = useIdempotencyKey();
  return (
    <ReasonModal
      opened={opened}
      onClose={onClose}
      title={t('assessments.view.correctTitle')}
      text={t('assessments.view.correctText')}
      label={t('assessments.view.correctReason')}
      confirmLabel={t('assessments.view.correctConfirm')}
      onConfirm={async (reason) => {
        const draft = await correctAssessment(assessment.id, reason, idempotency.keyFor({ id: assessment.id, reason }));
        idempotency.reset();
        queryClient.setQueryData(assessmentKeys.detail(draft.data.id), draft);
        void queryClient.invalidateQueries({ queryKey: assessmentKeys.detail(assessment.id) });
        void queryClient.invalidateQueries({ queryKey: assessmentKeys.person(assessment.personId) });
        notify({ message: t('assessments.view.corrected') });
        onClose();
        void navigate({ to: '/assessments/$assessmentId', params: { assessmentId: draft.data.id } });
      }}
    />
  );
}

interface ReasonModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  text: string;
  label: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: (reason: string) => Promise<void>;
}

/** A confirmation that asks why (a correction, a withdrawal); the shared schema checks the reason. */
function ReasonModal({ opened, onClose, title, text, label, confirmLabel, danger = false, onConfirm }: ReasonModalProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setReason('');
    setError(null);
    onClose();
  };
  const confirm = async () => {
    const parsed = (danger ? discardInputSchema : correctionInputSchema).safeParse({ reason });
    if (!parsed.success) {
      setError(reason.trim() === '' ? t('validation.required') : t('validation.minLength', { min: 3 }));
      return;
    }
    setBusy(true);
    try {
      await onConfirm(parsed.data.reason);
      setReason('');
      setError(null);
    } catch (e) {
      if (isApiError(e) && e.fieldErrors.some((fe) => fe.path.endsWith('reason'))) setError(t('validation.invalid'));
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={title} centered closeButtonProps={{ 'aria-label': t('state.close') }}>
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconAlertTriangle size={20} aria-hidden style={{ flexShrink: 0 }} />
          <Text size="sm">{text}</Text>
        </Group>
        <Textarea
          size="md"
          label={label}
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('state.cancel')}
          </Button>
          <Button color={danger ? 'red' : undefined} loading={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
