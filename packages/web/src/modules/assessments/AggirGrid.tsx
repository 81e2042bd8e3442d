import {
  AGGIR_DISCRIMINANT_VARIABLES,
  AGGIR_ILLUSTRATIVE_VARIABLES,
  computeGir,
  type AggirAdverbs,
  type AggirCode,
  type AggirInput,
} from '@maillon/shared/assessments';
import { ActionIcon, Alert, Badge, Box, Checkbox, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconX } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from './DomainSection';
import { codeOfAnswer, gridAnswer, setGridAnswer, type CodedAnswer } from './formState';
import { aggirVariableLabel, listFormat } from './labels';

const ADVERBS = ['spontanement', 'totalement', 'habituellement', 'correctement'] as const;
const NO_ADVERBS: AggirAdverbs = { spontanement: false, totalement: false, habituellement: false, correctement: false };
const ALL_ADVERBS: AggirAdverbs = { spontanement: true, totalement: true, habituellement: true, correctement: true };

export interface GridRow {
  variable: string;
  sub: string | undefined;
  /** `coherence.communication`, or `transferts`. */
  id: string;
}

/** The rows of the grid, in its order: a row per sub-variable, or per variable when it has none. */
export const DISCRIMINANT_ROWS: readonly GridRow[] = AGGIR_DISCRIMINANT_VARIABLES.flatMap((v): GridRow[] => {
  const subs: readonly { id: string }[] = v.subVariables;
  return subs.length > 0
    ? subs.map((s) => ({ variable: v.id, sub: s.id, id: `${v.id}.${s.id}` }))
    : [{ variable: v.id, sub: undefined, id: v.id }];
});

/** The path of a row in the API's field errors (`aggir.discriminant.coherence.subVariables.communication`). */
const errorPath = (variable: string, sub: string | undefined) =>
  sub ? `aggir.discriminant.${variable}.subVariables.${sub}` : `aggir.discriminant.${variable}`;

interface AggirGridEditorProps {
  value: AggirInput;
  onChange: (next: AggirInput) => void;
  errors: FieldErrors;
}

/** The 10 discriminant variables (with their sub-variables) and the 7 illustrative ones, each coded A/B/C or by the four adverbs. */
export function AggirGridEditor({ value, onChange, errors }: AggirGridEditorProps) {
  const { t } = useTranslation();
  const coded = DISCRIMINANT_ROWS.filter((r) => gridAnswer(value, r.variable, r.sub) !== null).length;
  return (
    <Stack gap="md">
      <Text size="sm">{t('assessments.aggir.legend')}</Text>
      <Group justify="space-between" align="baseline">
        <Title order={3} size="h4">
          {t('assessments.aggir.discriminant')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('assessments.aggir.progress', { done: coded, total: DISCRIMINANT_ROWS.length })}
        </Text>
      </Group>
      <Stack gap={0}>
        {DISCRIMINANT_ROWS.map((row) => (
          <AggirRow
            key={row.id}
            label={aggirVariableLabel(t, row.id)}
            answer={gridAnswer(value, row.variable, row.sub)}
            onChange={(answer) => onChange(setGridAnswer(value, row.variable, row.sub, answer))}
            error={errors[errorPath(row.variable, row.sub)]}
          />
        ))}
      </Stack>
      <Title order={3} size="h4">
        {t('assessments.aggir.illustrative')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('assessments.aggir.illustrativeHelp')}
      </Text>
      <Stack gap={0}>
        {AGGIR_ILLUSTRATIVE_VARIABLES.map((v) => (
          <AggirRow
            key={v.id}
            label={t(`assessments.aggir.illustrativeVariables.${v.id}`)}
            answer={gridAnswer(value, v.id, undefined, true)}
            onChange={(answer) => onChange(setGridAnswer(value, v.id, undefined, answer, true))}
            error={errors[`aggir.illustrative.${v.id}`]}
          />
        ))}
      </Stack>
    </Stack>
  );
}

interface AggirRowProps {
  label: string;
  answer: CodedAnswer | null;
  onChange: (answer: CodedAnswer | null) => void;
  error?: string | undefined;
}

function AggirRow({ label, answer, onChange, error }: AggirRowProps) {
  const { t } = useTranslation();
  const labelId = useId();
  const errorId = useId();
  const mode = answer === null ? '' : 'code' in answer ? answer.code : 'adverbs';
  return (
    <Paper
      py="sm"
      px="xs"
      radius={0}
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      bg={error ? 'var(--mantine-color-red-0)' : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text id={labelId} fw={600} style={{ flex: '1 1 12rem' }}>
            {label}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl
              size="lg"
              color="blue"
              aria-labelledby={labelId}
              aria-describedby={error ? errorId : undefined}
              aria-invalid={error ? true : undefined}
              value={mode}
              data={[
                { value: 'A', label: 'A' },
                { value: 'B', label: 'B' },
                { value: 'C', label: 'C' },
                { value: 'adverbs', label: t('assessments.aggir.byAdverbs') },
              ]}
              onChange={(next) => {
                if (next === 'adverbs') {
                  onChange({ adverbs: answer && 'code' in answer && answer.code === 'A' ? ALL_ADVERBS : NO_ADVERBS });
                } else onChange({ code: next as AggirCode });
              }}
            />
            {answer === null ? (
              <Box w={44} aria-hidden />
            ) : (
              <ActionIcon
                variant="subtle"
                color="gray"
                size={44}
                aria-label={t('assessments.aggir.clearRow', { name: label })}
                onClick={() => onChange(null)}
              >
                <IconX size={18} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        </Group>
        {answer && 'adverbs' in answer ? (
          <Group gap="md" wrap="wrap" role="group" aria-label={t('assessments.aggir.adverbsLegend', { name: label })}>
            {ADVERBS.map((adverb) => (
              <Checkbox
                key={adverb}
                size="md"
                label={t(`assessments.aggir.adverbs.${adverb}`)}
                checked={answer.adverbs[adverb]}
                onChange={(e) => onChange({ adverbs: { ...answer.adverbs, [adverb]: e.currentTarget.checked } })}
                styles={{ body: { alignItems: 'center', minHeight: 44 } }}
              />
            ))}
            <Badge size="lg" variant="filled" color="blue">
              {t('assessments.aggir.codeFromAdverbs', { code: codeOfAnswer(answer) })}
            </Badge>
          </Group>
        ) : null}
        {error ? (
          <Text id={errorId} size="sm" c="red.8">
            {error}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** The GIR computed as the grid is filled (same CASF algorithm as the server), or the variables still to code. */
export function GirPanel({ grid }: { grid: AggirInput }) {
  const { t, i18n } = useTranslation();
  const result = computeGir(grid);
  const allMissing = !result.ok && DISCRIMINANT_ROWS.every((r) => gridAnswer(grid, r.variable, r.sub) === null);
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      bg={result.ok ? 'var(--mantine-color-teal-0)' : 'var(--mantine-color-yellow-0)'}
    >
      {result.ok ? (
        <Group gap="md" align="center">
          <IconCircleCheck size={32} aria-hidden color="var(--mantine-color-teal-8)" />
          <Stack gap={0}>
            <Text size="sm" fw={600}>
              {t('assessments.aggir.girTitle')}
            </Text>
            <Text fz={32} fw={800} lh={1.1}>
              {t('assessments.aggir.gir', { gir: result.gir })}{' '}
              <Text span fz="lg" fw={600}>
                ({t('assessments.aggir.rank', { rank: result.rank })})
              </Text>
            </Text>
            <Text size="sm">{t('assessments.aggir.girDetail', { rank: result.rank, group: result.group, score: result.score })}</Text>
            <Text size="sm">{t('assessments.aggir.girScale')}</Text>
          </Stack>
        </Group>
      ) : (
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <IconAlertTriangle size={24} aria-hidden color="var(--mantine-color-yellow-9)" style={{ flexShrink: 0 }} />
          <Text>
            {allMissing
              ? t('assessments.aggir.empty')
              : t('assessments.aggir.incomplete', {
                  missing: listFormat(
                    result.missing.map((id) => aggirVariableLabel(t, id)),
                    i18n.resolvedLanguage ?? 'fr',
                  ),
                })}
          </Text>
        </Group>
      )}
    </Paper>
  );
}

/** A signed or read-only grid: the codes, and the GIR the server computed. */
export function AggirGridView({ grid }: { grid: AggirInput }) {
  const { t } = useTranslation();
  const cell = (answer: CodedAnswer | null) => {
    if (!answer) return <Text c="dimmed">—</Text>;
    return (
      <Group gap="xs">
        <Badge variant="light" size="lg">
          {codeOfAnswer(answer)}
        </Badge>
        {'adverbs' in answer ? (
          <Text size="sm" c="dimmed">
            {ADVERBS.filter((a) => answer.adverbs[a])
              .map((a) => t(`assessments.aggir.adverbs.${a}`))
              .join(', ') || '—'}
          </Text>
        ) : null}
      </Group>
    );
  };
  return (
    <Stack gap="sm">
      <GirPanel grid={grid} />
      <Title order={3} size="h4">
        {t('assessments.aggir.discriminant')}
      </Title>
      <Stack gap={4}>
        {DISCRIMINANT_ROWS.map((row) => (
          <Group key={row.id} justify="space-between" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }} py={4}>
            <Text>{aggirVariableLabel(t, row.id)}</Text>
            {cell(gridAnswer(grid, row.variable, row.sub))}
          </Group>
        ))}
      </Stack>
      <Title order={3} size="h4">
        {t('assessments.aggir.illustrative')}
      </Title>
      <Stack gap={4}>
        {AGGIR_ILLUSTRATIVE_VARIABLES.map((v) => (
          <Group key={v.id} justify="space-between" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }} py={4}>
            <Text>{t(`assessments.aggir.illustrativeVariables.${v.id}`)}</Text>
            {cell(gridAnswer(grid, v.id, undefined, true))}
          </Group>
        ))}
      </Stack>
    </Stack>
  );
}

export function AggirUnavailable({ readable }: { readable: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert variant="light" color="gray">
      {readable ? t('assessments.aggir.readOnly') : t('assessments.aggir.notReadable')}
    </Alert>
  );
}
