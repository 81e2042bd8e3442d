import {
  scoreAnswers,
  scoreZarit,
  validateAnswers,
  visibleItems,
  ZARIT_BANDS,
  ZARIT_ITEM_COUNT,
  ZARIT_TOTAL_MAX,
  type AnswerValue,
  type AssessmentDomain,
  type AssessmentResult,
  type Instrument,
  type InstrumentDefinition,
  type Item,
  type ZaritDefinition,
} from '@maillon/shared/assessments';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Radio,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconClipboardList, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/ConfirmModal';
import type { FieldErrors } from './DomainSection';
import type { InstrumentEntry } from './formState';
import { domainLabel, severityColor } from './labels';

export function isZaritDefinition(definition: unknown): definition is ZaritDefinition {
  return typeof definition === 'object' && definition !== null && Array.isArray((definition as ZaritDefinition).itemTexts);
}

/** The definition an entry was (or will be) filled against. */
export function definitionOf(instrument: Instrument | undefined, versionId: string): ZaritDefinition | InstrumentDefinition | undefined {
  return instrument?.versions.find((v) => v.id === versionId)?.definition;
}

/** Is this entry complete enough to be recorded? (the server refuses an incomplete sheet). */
export function entryProblems(entry: InstrumentEntry, instrument: Instrument | undefined, t: TFunction): Record<string, string> {
  const problems: Record<string, string> = {};
  const definition = definitionOf(instrument, entry.versionId);
  if (entry.kind === 'zarit') {
    entry.scores.forEach((score, i) => {
      if (score === null) problems[`instruments.${entry.instrumentId}.scores.${i}`] = t('assessments.zarit.missing');
    });
  } else if (definition && !isZaritDefinition(definition)) {
    for (const error of validateAnswers(definition, entry.answers)) {
      problems[`instruments.${entry.instrumentId}.answers.${error.itemId}`] = t(`assessments.answerErrors.${error.code}`);
    }
  }
  return problems;
}

interface InstrumentsEditorProps {
  catalogue: readonly Instrument[];
  entries: Record<string, InstrumentEntry>;
  onChange: (next: Record<string, InstrumentEntry>) => void;
  writableDomains: readonly AssessmentDomain[];
  errors: FieldErrors;
}

/** The organisation's published scales and questionnaires: each can be filled in this assessment, scored as it is filled. */
export function InstrumentsEditor({ catalogue, entries, onChange, writableDomains, errors }: InstrumentsEditorProps) {
  const { t } = useTranslation();
  const [removing, setRemoving] = useState<Instrument | null>(null);
  const usable = catalogue.filter((i) => (!i.archived && i.currentVersionId !== null) || entries[i.id]);
  if (usable.length === 0) return <Text c="dimmed">{t('assessments.form.noInstruments')}</Text>;

  const start = (instrument: Instrument) => {
    const versionId = instrument.currentVersionId;
    if (!versionId) return;
    const base = { instrumentId: instrument.id, versionId, resultId: null, idempotencyKey: crypto.randomUUID() };
    const entry: InstrumentEntry =
      instrument.kind === 'zarit'
        ? { ...base, kind: 'zarit', scores: Array.from({ length: ZARIT_ITEM_COUNT }, () => null) }
        : { ...base, kind: 'questionnaire', answers: {} };
    onChange({ ...entries, [instrument.id]: entry });
  };

  return (
    <Stack gap="md">
      {usable.map((instrument) => {
        const entry = entries[instrument.id];
        const writable = writableDomains.includes(instrument.domain);
        if (!entry) {
          return (
            <Group key={instrument.id} justify="space-between" wrap="wrap">
              <Stack gap={0}>
                <Text fw={600}>{instrument.title}</Text>
                <Text size="sm" c="dimmed">
                  {domainLabel(t, instrument.domain)}
                </Text>
              </Stack>
              {writable ? (
                <Button
                  variant="light"
                  size="md"
                  leftSection={<IconClipboardList size={18} aria-hidden />}
                  onClick={() => start(instrument)}
                >
                  {t('assessments.instruments.fill', { title: instrument.title })}
                </Button>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('assessments.instruments.notWritable')}
                </Text>
              )}
            </Group>
          );
        }
        const definition = definitionOf(instrument, entry.versionId);
        const number = instrument.versions.find((v) => v.id === entry.versionId)?.number;
        const prefix = `instruments.${instrument.id}`;
        const general = Object.entries(errors).find(
          ([path, message]) =>
            message && path.startsWith(`${prefix}.`) && !path.startsWith(`${prefix}.scores.`) && !path.startsWith(`${prefix}.answers.`),
        )?.[1];
        return (
          <Card key={instrument.id} withBorder padding="md" component="section" aria-label={instrument.title}>
            <Stack gap="md">
              <Group justify="space-between" wrap="wrap">
                <Stack gap={0}>
                  <Title order={3} size="h4">
                    {instrument.title}
                  </Title>
                  {number !== undefined ? (
                    <Text size="sm" c="dimmed">
                      {t('assessments.instruments.version', { number })} · {domainLabel(t, instrument.domain)}
                    </Text>
                  ) : null}
                </Stack>
                {writable ? (
                  <Button
                    variant="subtle"
                    color="red"
                    size="md"
                    leftSection={<IconTrash size={18} aria-hidden />}
                    onClick={() => setRemoving(instrument)}
                  >
                    {t('assessments.instruments.remove')}
                  </Button>
                ) : null}
              </Group>
              {general ? (
                <Alert color="red" variant="light" role="alert">
                  {general}
                </Alert>
              ) : null}
              {entry.kind === 'zarit' && isZaritDefinition(definition) ? (
                <ZaritFiller
                  definition={definition}
                  scores={entry.scores}
                  disabled={!writable}
                  onChange={(scores) => onChange({ ...entries, [instrument.id]: { ...entry, scores } })}
                  errors={errors}
                  prefix={prefix}
                />
              ) : null}
              {entry.kind === 'questionnaire' && definition && !isZaritDefinition(definition) ? (
                <QuestionnaireFiller
                  definition={definition}
                  answers={entry.answers}
                  disabled={!writable}
                  onChange={(answers) => onChange({ ...entries, [instrument.id]: { ...entry, answers } })}
                  errors={errors}
                  prefix={prefix}
                />
              ) : null}
            </Stack>
          </Card>
        );
      })}
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) {
            const next = { ...entries };
            delete next[removing.id];
            onChange(next);
          }
          setRemoving(null);
        }}
        title={t('assessments.instruments.removeTitle', { title: removing?.title ?? '' })}
        confirmLabel={t('assessments.instruments.remove')}
        danger
      >
        <Text>{t('assessments.instruments.removeText')}</Text>
      </ConfirmModal>
    </Stack>
  );
}

interface FillerProps<V> {
  disabled: boolean;
  onChange: (next: V) => void;
  errors: FieldErrors;
  prefix: string;
}

function ZaritFiller({
  definition,
  scores,
  disabled,
  onChange,
  errors,
  prefix,
}: FillerProps<(number | null)[]> & { definition: ZaritDefinition; scores: (number | null)[] }) {
  const { t } = useTranslation();
  const legendId = useId();
  const responses =
    definition.responseLabels ?? [0, 1, 2, 3, 4].map((n) => t(`assessments.zarit.responses.r${n}` as 'assessments.zarit.responses.r0'));
  const result = scoreZarit(scores);
  const missing = scores.filter((s) => s === null).length;
  return (
    <Stack gap="sm">
      <Text id={legendId} size="sm">
        {responses.map((label, n) => (label.startsWith(String(n)) ? label : `${n} – ${label}`)).join(' · ')}
      </Text>
      {definition.itemTexts.map((text, i) => {
        const error = errors[`${prefix}.scores.${i}`];
        return (
          <ChoiceRow
            key={i}
            label={`${i + 1}. ${text}`}
            describedBy={legendId}
            value={scores[i] === null || scores[i] === undefined ? '' : String(scores[i])}
            data={['0', '1', '2', '3', '4']}
            disabled={disabled}
            error={error}
            onChange={(v) => onChange(scores.map((s, j) => (j === i ? Number(v) : s)))}
          />
        );
      })}
      <ScoreLine
        total={result.ok ? result.total : null}
        max={ZARIT_TOTAL_MAX}
        band={result.ok ? t(`assessments.zarit.bands.${ZARIT_BANDS.find((b) => b.id === result.band)!.id}`) : null}
        color={result.ok ? (['gray', 'yellow', 'orange', 'red'] as const)[ZARIT_BANDS.findIndex((b) => b.id === result.band)] : undefined}
        missing={missing}
      />
    </Stack>
  );
}

/** A label and a row of radio buttons big enough for a finger. */
function ChoiceRow({
  label,
  describedBy,
  value,
  data,
  disabled,
  error,
  onChange,
}: {
  label: string;
  describedBy?: string;
  value: string;
  data: string[] | { value: string; label: string }[];
  disabled: boolean;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const labelId = useId();
  const errorId = useId();
  return (
    <Stack gap={4} py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text id={labelId} style={{ flex: '1 1 16rem' }}>
          {label}
        </Text>
        <SegmentedControl
          size="lg"
          color="blue"
          aria-labelledby={labelId}
          aria-describedby={[describedBy, error ? errorId : undefined].filter(Boolean).join(' ') || undefined}
          aria-invalid={error ? true : undefined}
          value={value}
          data={data}
          disabled={disabled}
          onChange={onChange}
        />
      </Group>
      {error ? (
        <Text id={errorId} size="sm" c="red.8">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}

function ScoreLine({
  total,
  max,
  band,
  color,
  missing,
}: {
  total: number | null;
  max?: number;
  band: string | null;
  color?: string | undefined;
  missing: number;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" role="status" aria-live="polite">
      {total !== null ? (
        <Text fw={700} size="lg">
          {max === undefined ? t('assessments.instruments.total', { total }) : t('assessments.instruments.totalOf', { total, max })}
        </Text>
      ) : null}
      {band ? (
        <Badge size="lg" color={color ?? 'blue'} variant="light">
          {t('assessments.instruments.band', { band })}
        </Badge>
      ) : null}
      {missing > 0 ? <Text c="dimmed">{t('assessments.instruments.missingCount', { count: missing })}</Text> : null}
    </Group>
  );
}

const asString = (v: AnswerValue | undefined) => (typeof v === 'string' ? v : '');

function QuestionnaireFiller({
  definition,
  answers,
  disabled,
  onChange,
  errors,
  prefix,
}: FillerProps<Record<string, AnswerValue>> & { definition: InstrumentDefinition; answers: Record<string, AnswerValue> }) {
  const items = visibleItems(definition, answers);
  const score = scoreAnswers(definition, answers);
  const missing = validateAnswers(definition, answers).filter((e) => e.code === 'required').length;
  const set = (id: string, value: AnswerValue) => onChange({ ...answers, [id]: value });
  return (
    <Stack gap="md">
      {definition.description ? <Text size="sm">{definition.description}</Text> : null}
      {items.map((item) => {
        return (
          <ItemInput
            key={item.id}
            item={item}
            value={answers[item.id]}
            disabled={disabled}
            error={errors[`${prefix}.answers.${item.id}`]}
            onChange={(v) => set(item.id, v)}
          />
        );
      })}
      {score ? (
        <ScoreLine
          total={score.total}
          band={score.band?.label ?? null}
          color={score.band?.severity ? severityColor[score.band.severity] : undefined}
          missing={missing}
        />
      ) : missing > 0 ? (
        <ScoreLine total={null} band={null} missing={missing} />
      ) : null}
    </Stack>
  );
}

function ItemInput({
  item,
  value,
  disabled,
  error,
  onChange,
}: {
  item: Item;
  value: AnswerValue | undefined;
  disabled: boolean;
  error: string | undefined;
  onChange: (value: AnswerValue) => void;
}) {
  const { t } = useTranslation();
  const common = { label: item.label, description: item.help, required: item.required, error, disabled };
  switch (item.kind) {
    case 'single_choice':
      return (
        <Radio.Group {...common} value={asString(value) || null} onChange={(v) => onChange(v)}>
          <Stack gap="xs" mt="xs">
            {item.options.map((o) => (
              <Radio key={o.value} size="md" value={o.value} label={o.label} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'multiple_choice':
      return (
        <Checkbox.Group
          {...common}
          description={item.help ?? t('assessments.instruments.multipleHelp')}
          value={Array.isArray(value) ? value : []}
          onChange={(v) => onChange(v)}
        >
          <Stack gap="xs" mt="xs">
            {item.options.map((o) => (
              <Checkbox key={o.value} size="md" value={o.value} label={o.label} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    case 'scale': {
      const steps = Math.round((item.max - item.min) / item.step) + 1;
      if (steps <= 11) {
        const data = Array.from({ length: steps }, (_, i) => String(Math.round((item.min + i * item.step) * 1e6) / 1e6));
        return (
          <Stack gap={4}>
            <ChoiceRow
              label={`${item.label}${item.required ? ' *' : ''}`}
              value={typeof value === 'number' ? String(value) : ''}
              data={data}
              disabled={disabled}
              error={error}
              onChange={(v) => onChange(Number(v))}
            />
            {item.help ? (
              <Text size="sm" c="dimmed">
                {item.help}
              </Text>
            ) : null}
          </Stack>
        );
      }
      return (
        <NumberInput
          {...common}
          size="md"
          min={item.min}
          max={item.max}
          step={item.step}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        />
      );
    }
    case 'number':
      return (
        <NumberInput
          {...common}
          size="md"
          w={{ base: '100%', sm: 240 }}
          min={item.min}
          max={item.max}
          allowDecimal={!item.integer}
          decimalSeparator=","
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        />
      );
    case 'text':
      return (
        <Textarea
          {...common}
          size="md"
          autosize
          minRows={2}
          maxLength={item.maxLength}
          value={asString(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          size="md"
          type="date"
          w={{ base: '100%', sm: 240 }}
          value={asString(value)}
          onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}
        />
      );
  }
}

/** A recorded result, read only: total, band and the answers as given. */
export function ResultView({ result, instrument }: { result: AssessmentResult; instrument: Instrument | undefined }) {
  const { t } = useTranslation();
  const definition = definitionOf(instrument, result.instrumentVersionId);
  const rows: { question: string; answer: string }[] = [];
  if (result.kind === 'zarit' && result.scores) {
    const texts = isZaritDefinition(definition) ? definition.itemTexts : [];
    result.scores.forEach((score, i) =>
      rows.push({ question: texts[i] ?? t('assessments.zarit.item', { number: i + 1 }), answer: String(score) }),
    );
  } else if (result.answers) {
    const items = definition && !isZaritDefinition(definition) ? definition.items : [];
    for (const [id, value] of Object.entries(result.answers)) {
      const item = items.find((x) => x.id === id);
      const label = (v: string) => (item && 'options' in item ? (item.options.find((o) => o.value === v)?.label ?? v) : v);
      const answer = Array.isArray(value) ? value.map(label).join(', ') : value === null ? '—' : label(String(value));
      rows.push({ question: item?.label ?? id, answer });
    }
  }
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={0}>
            <Title order={3} size="h4">
              {result.instrumentTitle}
            </Title>
            <Text size="sm" c="dimmed">
              {t('assessments.instruments.version', { number: result.versionNumber })} · {domainLabel(t, result.domain)}
            </Text>
          </Stack>
          <Group gap="xs">
            {result.total !== null ? (
              <Text fw={700}>
                {result.kind === 'zarit'
                  ? t('assessments.instruments.totalOf', { total: result.total, max: ZARIT_TOTAL_MAX })
                  : t('assessments.instruments.total', { total: result.total })}
              </Text>
            ) : null}
            {result.band ? (
              <Badge size="lg" variant="light" color={result.band.severity ? severityColor[result.band.severity] : 'blue'}>
                {result.kind === 'zarit' && result.band.code
                  ? t(`assessments.zarit.bands.${result.band.code}` as 'assessments.zarit.bands.severe')
                  : result.band.label}
              </Badge>
            ) : null}
          </Group>
        </Group>
        {rows.length > 0 ? (
          <Table striped>
            <Table.Caption>{t('assessments.view.answersOf', { title: result.instrumentTitle })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assessments.view.question')}</Table.Th>
                <Table.Th>{t('assessments.view.answer')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{row.question}</Table.Td>
                  <Table.Td>{row.answer}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </Card>
  );
}
