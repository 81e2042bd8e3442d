import {
  needPriorities,
  riskKinds,
  riskLevels,
  strengthKinds,
  urgencyLevels,
  wishSources,
  type AssessmentDomain,
  type NeedType,
  type RiskKind,
  type Section,
} from '@maillon/shared/assessments';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconMessageCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NeedForm, SectionForm } from './formState';
import {
  priorityColor,
  priorityLabel,
  riskKindLabel,
  riskLevelColor,
  riskLevelLabel,
  strengthKindLabel,
  urgencyColor,
  urgencyLabel,
  wishSourceLabel,
} from './labels';

export type FieldErrors = Readonly<Record<string, string | undefined>>;

interface DomainSectionEditorProps {
  domain: AssessmentDomain;
  value: SectionForm;
  onChange: (next: SectionForm) => void;
  /** The organisation's needs of this domain (active ones), to pick from. */
  needTypes: readonly NeedType[];
  /** Labels of needs already in the section that the taxonomy no longer offers (retired since). */
  knownNeedLabels: ReadonlyMap<string, string>;
  errors: FieldErrors;
}

const options = <T extends string>(values: readonly T[], label: (v: T) => string) =>
  values.map((value) => ({ value, label: label(value) }));

/** One domain of the assessment: observations, the person's own wishes (apart), needs, strengths and risks, urgency. */
export function DomainSectionEditor({ domain, value, onChange, needTypes, knownNeedLabels, errors }: DomainSectionEditorProps) {
  const { t } = useTranslation();
  const path = (rest: string) => `sections.${domain}.${rest}`;
  const err = (rest: string) => errors[path(rest)];
  const set = <K extends keyof SectionForm>(key: K, next: SectionForm[K]) => onChange({ ...value, [key]: next });
  const needLabel = (code: string) => needTypes.find((n) => n.code === code)?.label ?? knownNeedLabels.get(code) ?? code;

  return (
    <Stack gap="lg">
      <Textarea
        size="md"
        label={t('assessments.sections.observations')}
        description={t('assessments.sections.observationsHelp')}
        autosize
        minRows={3}
        maxLength={10_000}
        value={value.observations}
        onChange={(e) => set('observations', e.currentTarget.value)}
        error={err('observations')}
      />

      <WishesEditor domain={domain} value={value} onChange={onChange} errors={errors} />

      <NeedsEditor
        domain={domain}
        needs={value.needs}
        onChange={(needs) => set('needs', needs)}
        needTypes={needTypes}
        needLabel={needLabel}
        errors={errors}
      />

      <Stack gap="xs">
        <Title order={4} size="h5">
          {t('assessments.sections.strengths')}
        </Title>
        {value.strengths.map((strength, i) => (
          <Card key={i} withBorder padding="sm">
            <Group align="flex-start" wrap="wrap" gap="sm">
              <Select
                size="md"
                w={{ base: '100%', sm: 220 }}
                label={t('assessments.sections.strengthKind')}
                data={options(strengthKinds, (k) => strengthKindLabel(t, k))}
                value={strength.kind}
                allowDeselect={false}
                onChange={(kind) =>
                  kind &&
                  set(
                    'strengths',
                    value.strengths.map((s, j) => (j === i ? { ...s, kind: kind } : s)),
                  )
                }
                error={err(`strengths.${i}.kind`)}
              />
              <Textarea
                size="md"
                style={{ flex: '1 1 16rem' }}
                label={t('assessments.sections.strengthDescription')}
                required
                autosize
                minRows={1}
                maxLength={1000}
                value={strength.description}
                onChange={(e) => {
                  const description = e.currentTarget.value;
                  set(
                    'strengths',
                    value.strengths.map((s, j) => (j === i ? { ...s, description } : s)),
                  );
                }}
                error={err(`strengths.${i}.description`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size={44}
                mt={28}
                aria-label={t('assessments.sections.removeStrength', { number: i + 1 })}
                onClick={() =>
                  set(
                    'strengths',
                    value.strengths.filter((_, j) => j !== i),
                  )
                }
              >
                <IconTrash size={20} aria-hidden />
              </ActionIcon>
            </Group>
          </Card>
        ))}
        <Group>
          <Button
            variant="light"
            size="md"
            leftSection={<IconPlus size={18} aria-hidden />}
            onClick={() => set('strengths', [...value.strengths, { kind: 'personal', description: '' }])}
          >
            {t('assessments.sections.addStrength')}
          </Button>
        </Group>
      </Stack>

      <RisksEditor domain={domain} value={value} onChange={onChange} errors={errors} />

      <Select
        size="md"
        w={{ base: '100%', sm: 320 }}
        label={t('assessments.sections.urgency')}
        data={options(urgencyLevels, (u) => urgencyLabel(t, u))}
        value={value.urgency}
        clearable
        clearButtonProps={{ 'aria-label': t('state.clear') }}
        onChange={(u) => set('urgency', u)}
        error={err('urgency')}
      />
    </Stack>
  );
}

/** The person's own words, visually apart from the professionals' assessment. */
function WishesEditor({
  domain,
  value,
  onChange,
  errors,
}: {
  domain: AssessmentDomain;
  value: SectionForm;
  onChange: (s: SectionForm) => void;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      p="md"
      radius="md"
      bg="var(--mantine-color-grape-0)"
      style={{ borderLeft: '4px solid var(--mantine-color-grape-6)' }}
    >
      <Stack gap="sm">
        <Group gap="xs">
          <IconMessageCircle size={20} aria-hidden color="var(--mantine-color-grape-8)" />
          <Title order={4} size="h5" id={headingId}>
            {t('assessments.sections.wishesTitle')}
          </Title>
        </Group>
        <Text size="sm">{t('assessments.sections.wishesHelp')}</Text>
        <Textarea
          size="md"
          label={t('assessments.sections.wishes')}
          autosize
          minRows={2}
          maxLength={5000}
          value={value.wishes}
          onChange={(e) => onChange({ ...value, wishes: e.currentTarget.value })}
          error={errors[`sections.${domain}.wishes`]}
        />
        <Select
          size="md"
          w={{ base: '100%', sm: 320 }}
          label={t('assessments.sections.wishesBy')}
          data={options(wishSources, (w) => wishSourceLabel(t, w))}
          value={value.wishesExpressedBy}
          clearable
          clearButtonProps={{ 'aria-label': t('state.clear') }}
          onChange={(w) => onChange({ ...value, wishesExpressedBy: w })}
          error={errors[`sections.${domain}.wishesExpressedBy`]}
        />
      </Stack>
    </Paper>
  );
}

interface NeedsEditorProps {
  domain: AssessmentDomain;
  needs: NeedForm[];
  onChange: (needs: NeedForm[]) => void;
  needTypes: readonly NeedType[];
  needLabel: (code: string) => string;
  errors: FieldErrors;
}

function NeedsEditor({ domain, needs, onChange, needTypes, needLabel, errors }: NeedsEditorProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  const used = new Set(needs.map((n) => n.code));
  const choices = needTypes.filter((n) => !used.has(n.code)).map((n) => ({ value: n.code, label: n.label }));
  const add = (code: string | null) => {
    if (!code || used.has(code)) return;
    onChange([...needs, { code, priority: 'medium', comment: '' }]);
    setPicked(null);
  };
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        {t('assessments.sections.needs')}
      </Title>
      {needs.map((need, i) => {
        const name = needLabel(need.code);
        const update = (patch: Partial<NeedForm>) => onChange(needs.map((n, j) => (j === i ? { ...n, ...patch } : n)));
        return (
          <Card key={need.code} withBorder padding="sm">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600}>{name}</Text>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size={44}
                  aria-label={t('assessments.sections.removeNeed', { name })}
                  onClick={() => onChange(needs.filter((_, j) => j !== i))}
                >
                  <IconTrash size={20} aria-hidden />
                </ActionIcon>
              </Group>
              {errors[`sections.${domain}.needs.${i}.code`] ? (
                <Text c="red.8" size="sm" role="alert">
                  {errors[`sections.${domain}.needs.${i}.code`]}
                </Text>
              ) : null}
              <Group align="flex-start" wrap="wrap" gap="sm">
                <Select
                  size="md"
                  w={{ base: '100%', sm: 180 }}
                  label={t('assessments.sections.needPriority')}
                  aria-label={`${t('assessments.sections.needPriority')} — ${name}`}
                  data={options(needPriorities, (p) => priorityLabel(t, p))}
                  value={need.priority}
                  allowDeselect={false}
                  onChange={(p) => p && update({ priority: p })}
                  error={errors[`sections.${domain}.needs.${i}.priority`]}
                />
                <TextInput
                  size="md"
                  style={{ flex: '1 1 14rem' }}
                  label={t('assessments.sections.needComment')}
                  aria-label={`${t('assessments.sections.needComment')} — ${name}`}
                  maxLength={1000}
                  value={need.comment}
                  onChange={(e) => update({ comment: e.currentTarget.value })}
                  error={errors[`sections.${domain}.needs.${i}.comment`]}
                />
              </Group>
            </Stack>
          </Card>
        );
      })}
      {choices.length > 0 ? (
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            size="md"
            style={{ flex: '1 1 18rem' }}
            label={t('assessments.sections.addNeed')}
            data={choices}
            value={picked}
            searchable
            onChange={add}
            nothingFoundMessage={t('assessments.sections.noNeedChoices')}
          />
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t('assessments.sections.noNeedChoices')}
        </Text>
      )}
    </Stack>
  );
}

function RisksEditor({
  domain,
  value,
  onChange,
  errors,
}: {
  domain: AssessmentDomain;
  value: SectionForm;
  onChange: (s: SectionForm) => void;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  const used = new Set(value.risks.map((r) => r.kind));
  const available = riskKinds.filter((k) => !used.has(k));
  const [picked, setPicked] = useState<string | null>(null);
  const setRisks = (risks: SectionForm['risks']) => onChange({ ...value, risks });
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        {t('assessments.sections.risks')}
      </Title>
      {value.risks.map((risk, i) => {
        const name = riskKindLabel(t, risk.kind);
        const update = (patch: Partial<(typeof value.risks)[number]>) =>
          setRisks(value.risks.map((r, j) => (j === i ? { ...r, ...patch } : r)));
        return (
          <Card key={risk.kind} withBorder padding="sm">
            <Group align="flex-start" wrap="wrap" gap="sm">
              <Text fw={600} w={{ base: '100%', sm: 200 }} mt={{ sm: 34 }}>
                {name}
              </Text>
              <Select
                size="md"
                w={{ base: '100%', sm: 160 }}
                label={t('assessments.sections.riskLevel')}
                aria-label={`${t('assessments.sections.riskLevel')} — ${name}`}
                data={options(riskLevels, (l) => riskLevelLabel(t, l))}
                value={risk.level}
                allowDeselect={false}
                onChange={(l) => l && update({ level: l })}
                error={errors[`sections.${domain}.risks.${i}.level`]}
              />
              <TextInput
                size="md"
                style={{ flex: '1 1 12rem' }}
                label={t('assessments.sections.riskComment')}
                aria-label={`${t('assessments.sections.riskComment')} — ${name}`}
                maxLength={1000}
                value={risk.comment}
                onChange={(e) => update({ comment: e.currentTarget.value })}
                error={errors[`sections.${domain}.risks.${i}.comment`] ?? errors[`sections.${domain}.risks.${i}.kind`]}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size={44}
                mt={28}
                aria-label={t('assessments.sections.removeRisk', { name })}
                onClick={() => setRisks(value.risks.filter((_, j) => j !== i))}
              >
                <IconTrash size={20} aria-hidden />
              </ActionIcon>
            </Group>
          </Card>
        );
      })}
      {available.length > 0 ? (
        <Select
          size="md"
          w={{ base: '100%', sm: 360 }}
          label={t('assessments.sections.addRisk')}
          data={options(available, (k) => riskKindLabel(t, k))}
          value={picked}
          searchable
          onChange={(kind) => {
            if (!kind) return;
            setRisks([...value.risks, { kind: kind as RiskKind, level: 'moderate', comment: '' }]);
            setPicked(null);
          }}
        />
      ) : null}
    </Stack>
  );
}

/** A domain as written, read only. */
export function DomainSectionView({ section }: { section: Section }) {
  const { t } = useTranslation();
  if (!section.assessed) return <Text c="dimmed">{t('assessments.sections.empty')}</Text>;
  return (
    <Stack gap="md">
      {section.observations ? (
        <Stack gap={4}>
          <Title order={4} size="h5">
            {t('assessments.sections.observations')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{section.observations}</Text>
        </Stack>
      ) : null}
      {section.wishes ? (
        <Paper p="md" radius="md" bg="var(--mantine-color-grape-0)" style={{ borderLeft: '4px solid var(--mantine-color-grape-6)' }}>
          <Title order={4} size="h5">
            {t('assessments.sections.wishesTitle')}
          </Title>
          <Text fs="italic" style={{ whiteSpace: 'pre-wrap' }}>
            « {section.wishes} »
          </Text>
          {section.wishesExpressedBy ? (
            <Text size="sm" mt={4}>
              {t('assessments.needsSummary.expressedBy', { who: wishSourceLabel(t, section.wishesExpressedBy) })}
            </Text>
          ) : null}
        </Paper>
      ) : null}
      {section.needs.length > 0 ? (
        <Stack gap={4}>
          <Title order={4} size="h5">
            {t('assessments.sections.needs')}
          </Title>
          <Table>
            <Table.Tbody>
              {section.needs.map((n) => (
                <Table.Tr key={n.code}>
                  <Table.Td>{n.label}</Table.Td>
                  <Table.Td>
                    <Badge color={priorityColor[n.priority]} variant="light">
                      {priorityLabel(t, n.priority)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{n.comment}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
      {section.strengths.length > 0 ? (
        <Stack gap={4}>
          <Title order={4} size="h5">
            {t('assessments.sections.strengths')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {section.strengths.map((s, i) => (
              <Text key={i}>
                <Text span fw={600}>
                  {strengthKindLabel(t, s.kind)}
                </Text>{' '}
                : {s.description}
              </Text>
            ))}
          </SimpleGrid>
        </Stack>
      ) : null}
      {section.risks.length > 0 ? (
        <Stack gap={4}>
          <Title order={4} size="h5">
            {t('assessments.sections.risks')}
          </Title>
          <Group gap="xs">
            {section.risks.map((r) => (
              <Badge key={r.kind} color={riskLevelColor[r.level]} variant="light" size="lg">
                {riskKindLabel(t, r.kind)} : {riskLevelLabel(t, r.level)}
              </Badge>
            ))}
          </Group>
        </Stack>
      ) : null}
      {section.urgency ? <UrgencyBadge t={t} urgency={section.urgency} /> : null}
    </Stack>
  );
}

function UrgencyBadge({ t, urgency }: { t: TFunction; urgency: NonNullable<Section['urgency']> }) {
  return (
    <Group gap="xs">
      <Text fw={600}>{t('assessments.sections.urgency')} :</Text>
      <Badge color={urgencyColor[urgency]} variant="light" size="lg">
        {urgencyLabel(t, urgency)}
      </Badge>
    </Group>
  );
}
