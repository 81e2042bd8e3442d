import {
  assessmentContexts,
  assessmentDomains,
  assessmentPlaces,
  domainCategory,
  type Assessment,
  type AssessmentCategory,
  type AssessmentDomain,
  type Instrument,
  type NeedType,
} from '@maillon/shared/assessments';
import { Accordion, Alert, Badge, Button, Card, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconCloudOff, IconDeviceFloppy, IconLock, IconRefresh, IconRestore, IconWifiOff } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { formatDate, formatTime, todayDay } from '../../ui/format';
import { notifyError } from '../../ui/notify';
import { useOnline } from '../../ui/useOnline';
import type { Versioned } from './api';
import { AggirGridEditor, AggirGridView, AggirUnavailable, GirPanel } from './AggirGrid';
import { DomainSectionEditor, DomainSectionView } from './DomainSection';
import { emptyGrid, gridIsEmpty, sectionIsEmpty, type AssessmentForm, type WriteRights } from './formState';
import { InstrumentsEditor } from './Instruments';
import { categoryLabel, contextLabel, domainLabel, placeLabel } from './labels';
import { useAssessmentEditor, type SyncState } from './useAssessmentEditor';

export interface EditorActionsState {
  dirty: boolean;
  sync: SyncState;
  online: boolean;
}

export interface AssessmentEditorProps {
  personId: string;
  userId: string;
  /** The draft on the server; null for a new assessment. */
  server: Versioned<Assessment> | null;
  rights: WriteRights;
  /** Categories the caller may read: other domains are not shown at all. */
  readable: readonly AssessmentCategory[];
  catalogue: readonly Instrument[];
  needTypes: readonly NeedType[];
  initialForm: AssessmentForm;
  onSent: (assessment: Versioned<Assessment>, created: boolean, wasQueued: boolean) => void;
  /** After a conflict: reads the server's current version again. */
  onReload?: () => Promise<{ fresh: Versioned<Assessment>; form: AssessmentForm }>;
  /** Names the form for assistive technologies (the page title). */
  title: string;
  /** Buttons shown beside "Enregistrer" (sign, withdraw…). */
  actions?: (state: EditorActionsState) => ReactNode;
}

/** The assessment form: header, domains, AGGIR grid with its live GIR, instruments; kept encrypted on the device as it is typed. */
export function AssessmentEditor(props: AssessmentEditorProps) {
  const { personId, userId, server, rights, readable, catalogue, needTypes, initialForm, onSent, onReload, actions, title } = props;
  const { t } = useTranslation();
  const online = useOnline();
  const catalogueById = useMemo(() => new Map(catalogue.map((i) => [i.id, i])), [catalogue]);
  const editor = useAssessmentEditor({ personId, userId, server, rights, catalogue: catalogueById, initialForm, onSent });
  const { form, setForm, errors, sync } = editor;
  const formRef = useRef<HTMLFormElement>(null);
  const [opened, setOpened] = useState<string[]>([]);
  const [removingGrid, setRemovingGrid] = useState(false);
  const [discardingLocal, setDiscardingLocal] = useState(false);
  const [reloading, setReloading] = useState(false);

  const knownNeedLabels = useMemo(() => {
    const map = new Map<string, string>();
    for (const s of Object.values(server?.data.sections ?? {})) for (const n of s?.needs ?? []) map.set(n.code, n.label);
    return map;
  }, [server]);

  // Domains with an error open, then the first field in error takes the focus.
  const errorCount = Object.keys(errors).length;
  useEffect(() => {
    if (errorCount === 0) return;
    const withErrors = assessmentDomains.filter((d) => Object.keys(errors).some((p) => p.startsWith(`sections.${d}.`)));
    if (withErrors.length > 0) setOpened((current) => [...new Set([...current, ...withErrors])]);
    const frame = requestAnimationFrame(() => {
      formRef.current
        ?.querySelector<HTMLElement>(
          'input[aria-invalid="true"], textarea[aria-invalid="true"], [role="radiogroup"][aria-invalid="true"] input',
        )
        ?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [errorCount, errors]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void editor.submit();
  };

  const visibleDomains = assessmentDomains.filter((d) => readable.includes(domainCategory[d]));
  const hiddenDomains = assessmentDomains.filter((d) => !readable.includes(domainCategory[d]));
  const healthReadable = readable.includes('health');
  const serverGrid = server?.data.aggir?.input ?? null;

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={title}>
      <Stack gap="lg">
        {online && sync === 'queued' ? (
          <Alert color="orange" variant="light" icon={<IconCloudOff aria-hidden />} title={t('assessments.form.queuedTitle')} role="status">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('assessments.form.queued')}</Text>
              <Button size="sm" variant="default" leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => void editor.retry()}>
                {t('assessments.form.retryNow')}
              </Button>
            </Stack>
          </Alert>
        ) : null}
        {!online && sync === 'queued' ? (
          <Alert color="orange" variant="light" icon={<IconCloudOff aria-hidden />} title={t('assessments.form.queuedTitle')} role="status">
            {t('assessments.form.queued')}
          </Alert>
        ) : null}
        {sync === 'conflict' ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title={t('assessments.form.conflictTitle')}
            role="alert"
          >
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('assessments.form.conflictText')}</Text>
              {onReload ? (
                <Button
                  size="sm"
                  variant="default"
                  loading={reloading}
                  leftSection={<IconRefresh size={16} aria-hidden />}
                  onClick={() => {
                    setReloading(true);
                    onReload()
                      .then(({ fresh, form: next }) => editor.reset(fresh, next))
                      .catch((error: unknown) => notifyError(error))
                      .finally(() => setReloading(false));
                  }}
                >
                  {t('assessments.form.reload')}
                </Button>
              ) : null}
            </Stack>
          </Alert>
        ) : null}
        {editor.resumable ? (
          <Alert color="blue" variant="light" icon={<IconRestore aria-hidden />} title={t('assessments.form.resumeTitle')}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                {t('assessments.form.resumeText', {
                  date: formatDate(editor.resumable.savedAt),
                  time: formatTime(editor.resumable.savedAt),
                })}{' '}
                {editor.resumable.pending ? t('assessments.form.resumePending') : null}
              </Text>
              <Group gap="sm">
                <Button size="md" onClick={editor.resume} leftSection={<IconRestore size={18} aria-hidden />}>
                  {t('assessments.form.resume')}
                </Button>
                <Button size="md" variant="default" onClick={() => setDiscardingLocal(true)}>
                  {t('assessments.form.discardLocal')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        {errorCount > 0 ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title={t('assessments.form.errorsTitle')}
            role="alert"
          >
            {t('assessments.form.errorsCount', { count: errorCount })}
          </Alert>
        ) : null}

        <Card withBorder padding="md" component="section" aria-labelledby="assessment-header">
          <Title order={2} id="assessment-header" mb="sm">
            {t('assessments.form.header')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              size="md"
              type="date"
              label={t('assessments.form.assessedOn')}
              required
              max={todayDay()}
              value={form.assessedOn}
              onChange={(e) => {
                const assessedOn = e.currentTarget.value;
                setForm((f) => ({ ...f, assessedOn }));
              }}
              error={errors.assessedOn}
            />
            <Select
              size="md"
              label={t('assessments.form.context')}
              required
              data={assessmentContexts.map((c) => ({ value: c, label: contextLabel(t, c) }))}
              value={form.context}
              allowDeselect={false}
              onChange={(c) => setForm((f) => ({ ...f, context: c }))}
              error={errors.context}
            />
            <Select
              size="md"
              label={t('assessments.form.place')}
              data={assessmentPlaces.map((p) => ({ value: p, label: placeLabel(t, p) }))}
              value={form.place}
              clearable
              clearButtonProps={{ 'aria-label': t('state.clear') }}
              onChange={(p) => setForm((f) => ({ ...f, place: p }))}
              error={errors.place}
            />
            <TextInput
              size="md"
              label={t('assessments.form.participants')}
              description={t('assessments.form.participantsHelp')}
              maxLength={500}
              value={form.participants}
              onChange={(e) => {
                const participants = e.currentTarget.value;
                setForm((f) => ({ ...f, participants }));
              }}
              error={errors.participants}
            />
          </SimpleGrid>
        </Card>

        <Stack gap="sm" component="section" aria-labelledby="assessment-domains">
          <Title order={2} id="assessment-domains">
            {t('assessments.form.domainsTitle')}
          </Title>
          {hiddenDomains.length > 0 ? (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
              {t('assessments.sections.hidden', { domains: hiddenDomains.map((d) => domainLabel(t, d)).join(', ') })}
            </Alert>
          ) : null}
          <Accordion multiple value={opened} onChange={setOpened} variant="separated" order={3}>
            {visibleDomains.map((domain) => {
              const writable = rights.domains.includes(domain);
              const section = form.sections[domain];
              const serverSection = server?.data.sections[domain] ?? null;
              const filled = writable ? !sectionIsEmpty(section) : !!serverSection?.assessed;
              const domainErrors = Object.keys(errors).filter((p) => p.startsWith(`sections.${domain}.`)).length;
              return (
                <Accordion.Item key={domain} value={domain}>
                  <Accordion.Control>
                    <Group gap="sm" wrap="wrap">
                      <Text fw={600}>{domainLabel(t, domain)}</Text>
                      <Badge variant="light" color={filled ? 'teal' : 'gray'}>
                        {filled ? t('assessments.sections.assessed') : t('assessments.sections.notAssessed')}
                      </Badge>
                      {!writable ? (
                        <Badge variant="outline" color="gray" leftSection={<IconLock size={12} aria-hidden />}>
                          {t('assessments.sections.readOnlyBadge')}
                        </Badge>
                      ) : null}
                      {domainErrors > 0 ? <Badge color="red">{t('assessments.form.errorsCount', { count: domainErrors })}</Badge> : null}
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    {writable ? (
                      <DomainSectionEditor
                        domain={domain}
                        value={section}
                        onChange={(next) => setForm((f) => ({ ...f, sections: { ...f.sections, [domain]: next } }))}
                        needTypes={needTypes.filter((n) => n.domain === domain && n.active)}
                        knownNeedLabels={knownNeedLabels}
                        errors={errors}
                      />
                    ) : (
                      <Stack gap="sm">
                        <Text size="sm" c="dimmed">
                          {t('assessments.sections.readOnly')}
                        </Text>
                        {serverSection ? (
                          <DomainSectionView section={serverSection} />
                        ) : (
                          <Text c="dimmed">{t('assessments.sections.empty')}</Text>
                        )}
                      </Stack>
                    )}
                  </Accordion.Panel>
                </Accordion.Item>
              );
            })}
          </Accordion>
        </Stack>

        <Card withBorder padding="md" component="section" aria-labelledby="assessment-aggir">
          <Stack gap="md">
            <Group justify="space-between" wrap="wrap">
              <Title order={2} id="assessment-aggir">
                {t('assessments.aggir.title')}
              </Title>
              {rights.aggir && form.aggir ? (
                <Button variant="subtle" color="red" size="md" onClick={() => setRemovingGrid(true)}>
                  {t('assessments.aggir.remove')}
                </Button>
              ) : null}
            </Group>
            {!healthReadable ? (
              <AggirUnavailable readable={false} />
            ) : !rights.aggir ? (
              <>
                <AggirUnavailable readable />
                {serverGrid ? <AggirGridView grid={serverGrid} /> : <Text c="dimmed">{t('assessments.aggir.noGrid')}</Text>}
              </>
            ) : form.aggir ? (
              <>
                <Text size="sm">{t('assessments.aggir.description')}</Text>
                <div style={{ position: 'sticky', top: 'calc(var(--app-shell-header-height, 60px) + 8px)', zIndex: 3 }}>
                  <GirPanel grid={form.aggir} />
                </div>
                <AggirGridEditor value={form.aggir} onChange={(aggir) => setForm((f) => ({ ...f, aggir }))} errors={errors} />
              </>
            ) : (
              <Group justify="space-between" wrap="wrap">
                <Text c="dimmed">{t('assessments.aggir.noGrid')}</Text>
                <Button size="md" variant="light" onClick={() => setForm((f) => ({ ...f, aggir: emptyGrid() }))}>
                  {t('assessments.aggir.start')}
                </Button>
              </Group>
            )}
          </Stack>
        </Card>

        <Card withBorder padding="md" component="section" aria-labelledby="assessment-instruments">
          <Stack gap="md">
            <Title order={2} id="assessment-instruments">
              {t('assessments.form.instrumentsTitle')}
            </Title>
            <InstrumentsEditor
              catalogue={catalogue.filter((i) => readable.includes(i.category))}
              entries={form.instruments}
              onChange={(instruments) => setForm((f) => ({ ...f, instruments }))}
              writableDomains={rights.instrumentDomains}
              errors={errors}
            />
          </Stack>
        </Card>

        {/* Always in view while the form scrolls: the network state and the save button. */}
        <Stack gap="xs" style={{ position: 'sticky', bottom: 8, zIndex: 4 }}>
          {!online ? (
            <Alert color="orange" variant="filled" icon={<IconWifiOff aria-hidden />} role="alert">
              {t('assessments.form.offline')}
            </Alert>
          ) : null}
          <Paper withBorder shadow="sm" p="sm" radius="md" bg="var(--mantine-color-body)">
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Text size="sm" c="dimmed" role="status" aria-live="polite">
                {sync === 'sending'
                  ? t('assessments.form.sending')
                  : editor.local.state === 'saved'
                    ? t('assessments.form.localSaved', { time: formatTime(editor.local.savedAt) })
                    : editor.local.state === 'unavailable'
                      ? t('assessments.form.localUnavailable')
                      : ''}
              </Text>
              <Group gap="sm">
                {actions?.({ dirty: editor.dirty, sync, online })}
                <Button type="submit" size="md" loading={sync === 'sending'} leftSection={<IconDeviceFloppy size={18} aria-hidden />}>
                  {t('assessments.form.saveDraft')}
                </Button>
              </Group>
            </Group>
          </Paper>
        </Stack>
      </Stack>

      <ConfirmModal
        opened={removingGrid}
        onClose={() => setRemovingGrid(false)}
        onConfirm={() => {
          setForm((f) => ({ ...f, aggir: null }));
          setRemovingGrid(false);
        }}
        title={t('assessments.aggir.removeTitle')}
        confirmLabel={t('assessments.aggir.remove')}
        danger
      >
        <Text>{form.aggir && !gridIsEmpty(form.aggir) ? t('assessments.aggir.removeText') : t('assessments.aggir.noGrid')}</Text>
      </ConfirmModal>
      <ConfirmModal
        opened={discardingLocal}
        onClose={() => setDiscardingLocal(false)}
        onConfirm={() => {
          void editor.discardResumable();
          setDiscardingLocal(false);
        }}
        title={t('assessments.form.discardLocalTitle')}
        confirmLabel={t('assessments.form.discardLocalConfirm')}
        danger
      >
        <Text>{t('assessments.form.discardLocalText')}</Text>
      </ConfirmModal>
    </form>
  );
}

export const readableCategories = (categories: readonly string[]): AssessmentCategory[] =>
  (['health', 'social'] as const).filter((c) => categories.includes(c));

export const domainsOf = (categories: readonly string[]): AssessmentDomain[] =>
  assessmentDomains.filter((d) => categories.includes(domainCategory[d]));

export { categoryLabel };
