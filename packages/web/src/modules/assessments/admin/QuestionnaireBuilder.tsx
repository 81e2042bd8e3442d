import { BAND_SEVERITIES, CONDITION_OPERATORS, ITEM_KINDS, type ConditionOperator, type ItemKind } from '@maillon/shared/assessments';
import { ActionIcon, Button, Card, Checkbox, Group, NumberInput, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { severityLabel } from '../labels';
import { newItem, type BandDraft, type DefinitionDraft, type ItemDraft, type NumberField, type OptionDraft } from './definitionDraft';

type Errors = Readonly<Record<string, string | undefined>>;

const toNumber = (value: string | number): NumberField => (typeof value === 'number' ? value : '');

/** Operators that apply to an item of this kind (the shared rules refuse the others). */
const OPERATORS: Record<ItemKind, readonly ConditionOperator[]> = {
  single_choice: ['eq', 'neq', 'in'],
  multiple_choice: ['eq', 'neq', 'in'],
  scale: CONDITION_OPERATORS,
  number: CONDITION_OPERATORS,
  text: ['eq', 'neq', 'in'],
  date: CONDITION_OPERATORS,
};

interface QuestionnaireBuilderProps {
  value: DefinitionDraft;
  onChange: (next: DefinitionDraft) => void;
  errors: Errors;
  disabled?: boolean;
}

/** Questions of every kind, with their options and scores, the conditions that show them, the score and its interpretation. */
export function QuestionnaireBuilder({ value, onChange, errors, disabled = false }: QuestionnaireBuilderProps) {
  const { t } = useTranslation();
  const setItems = (items: ItemDraft[]) => onChange({ ...value, items });
  const setItem = (index: number, patch: Partial<ItemDraft>) =>
    setItems(value.items.map((it, i) => (i === index ? { ...it, ...patch } : it)));
  const move = (index: number, by: -1 | 1) => {
    const items = [...value.items];
    const [moved] = items.splice(index, 1);
    if (!moved) return;
    items.splice(index + by, 0, moved);
    setItems(items);
  };
  const setBands = (bands: BandDraft[]) => onChange({ ...value, bands });

  return (
    <fieldset disabled={disabled} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Stack gap="lg">
        <TextInput
          size="md"
          label={t('assessments.admin.fieldTitle')}
          required
          value={value.title}
          onChange={(e) => onChange({ ...value, title: e.currentTarget.value })}
          error={errors.title}
          maxLength={500}
        />
        <Textarea
          size="md"
          label={t('assessments.admin.fieldDescription')}
          autosize
          minRows={2}
          maxLength={5000}
          value={value.description}
          onChange={(e) => onChange({ ...value, description: e.currentTarget.value })}
          error={errors.description}
        />

        <Title order={3} size="h4">
          {t('assessments.admin.items')}
        </Title>
        {errors.items ? (
          <Text c="red.8" size="sm">
            {errors.items}
          </Text>
        ) : null}
        {value.items.map((item, index) => (
          <ItemCard
            key={item.key}
            item={item}
            index={index}
            count={value.items.length}
            earlier={value.items.slice(0, index)}
            onChange={(patch) => setItem(index, patch)}
            onMove={(by) => move(index, by)}
            onRemove={() => setItems(value.items.filter((_, i) => i !== index))}
            errors={errors}
          />
        ))}
        <Group>
          <Button
            variant="light"
            size="md"
            leftSection={<IconPlus size={18} aria-hidden />}
            onClick={() => setItems([...value.items, newItem(value.items.length)])}
          >
            {t('assessments.admin.addItem')}
          </Button>
        </Group>

        <Title order={3} size="h4">
          {t('assessments.admin.bands')}
        </Title>
        {errors.bands ? (
          <Text c="red.8" size="sm">
            {errors.bands}
          </Text>
        ) : null}
        {value.bands.map((band, i) => {
          const update = (patch: Partial<BandDraft>) => setBands(value.bands.map((b, j) => (j === i ? { ...b, ...patch } : b)));
          return (
            <Card key={i} withBorder padding="sm" component="section" aria-label={t('assessments.admin.band', { number: i + 1 })}>
              <Group align="flex-start" wrap="wrap" gap="sm">
                <NumberInput
                  size="md"
                  w={120}
                  label={t('assessments.admin.bandMin')}
                  value={band.min}
                  onChange={(v) => update({ min: toNumber(v) })}
                  error={errors[`bands.${i}.min`]}
                  decimalSeparator=","
                />
                <NumberInput
                  size="md"
                  w={120}
                  label={t('assessments.admin.bandMax')}
                  value={band.max}
                  onChange={(v) => update({ max: toNumber(v) })}
                  error={errors[`bands.${i}.max`]}
                  decimalSeparator=","
                />
                <TextInput
                  size="md"
                  style={{ flex: '1 1 14rem' }}
                  label={t('assessments.admin.bandLabel')}
                  required
                  value={band.label}
                  onChange={(e) => update({ label: e.currentTarget.value })}
                  error={errors[`bands.${i}.label`]}
                />
                <Select
                  size="md"
                  w={180}
                  label={t('assessments.admin.bandSeverity')}
                  data={BAND_SEVERITIES.map((s) => ({ value: s, label: severityLabel(t, s) }))}
                  value={band.severity}
                  clearable
                  clearButtonProps={{ 'aria-label': t('state.clear') }}
                  onChange={(s) => update({ severity: s })}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size={44}
                  mt={28}
                  aria-label={t('assessments.admin.removeBand', { number: i + 1 })}
                  onClick={() => setBands(value.bands.filter((_, j) => j !== i))}
                >
                  <IconTrash size={20} aria-hidden />
                </ActionIcon>
              </Group>
            </Card>
          );
        })}
        <Group>
          <Button
            variant="light"
            size="md"
            leftSection={<IconPlus size={18} aria-hidden />}
            onClick={() => setBands([...value.bands, { min: '', max: '', label: '', severity: null }])}
          >
            {t('assessments.admin.addBand')}
          </Button>
        </Group>
      </Stack>
    </fieldset>
  );
}

interface ItemCardProps {
  item: ItemDraft;
  index: number;
  count: number;
  earlier: ItemDraft[];
  onChange: (patch: Partial<ItemDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  errors: Errors;
}

function ItemCard({ item, index, count, earlier, onChange, onMove, onRemove, errors }: ItemCardProps) {
  const { t } = useTranslation();
  const number = index + 1;
  const e = (rest: string) => errors[`items.${index}.${rest}`];
  const choice = item.kind === 'single_choice' || item.kind === 'multiple_choice';
  const scorable = choice || item.kind === 'scale' || item.kind === 'number';
  const setOptions = (options: OptionDraft[]) => onChange({ options });
  return (
    <Card withBorder padding="md" component="section" aria-label={t('assessments.admin.item', { number })}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4} size="h5">
            {t('assessments.admin.item', { number })}
          </Title>
          <Group gap={4}>
            <ActionIcon
              variant="subtle"
              size={44}
              aria-label={t('assessments.admin.moveUp', { number })}
              disabled={index === 0}
              onClick={() => onMove(-1)}
            >
              <IconArrowUp size={20} aria-hidden />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              size={44}
              aria-label={t('assessments.admin.moveDown', { number })}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
            >
              <IconArrowDown size={20} aria-hidden />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              size={44}
              aria-label={t('assessments.admin.removeItem', { number })}
              onClick={onRemove}
            >
              <IconTrash size={20} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
        <Group align="flex-start" wrap="wrap" gap="sm">
          <Select
            size="md"
            w={{ base: '100%', sm: 200 }}
            label={t('assessments.admin.itemKind')}
            data={ITEM_KINDS.map((k) => ({ value: k, label: t(`assessments.itemKinds.${k}`) }))}
            value={item.kind}
            allowDeselect={false}
            onChange={(kind) => {
              if (!kind) return;
              const fresh = newItem(index, kind);
              onChange({
                kind: kind,
                options: item.options.length > 0 ? item.options : fresh.options,
                min: fresh.min,
                max: fresh.max,
                step: fresh.step,
              });
            }}
            error={e('kind')}
          />
          <TextInput
            size="md"
            w={{ base: '100%', sm: 220 }}
            label={t('assessments.admin.itemId')}
            description={t('assessments.admin.itemIdHelp')}
            required
            value={item.id}
            onChange={(ev) => onChange({ id: ev.currentTarget.value })}
            error={e('id')}
          />
          <Checkbox
            size="md"
            mt={{ sm: 34 }}
            label={t('assessments.admin.required')}
            checked={item.required}
            onChange={(ev) => onChange({ required: ev.currentTarget.checked })}
          />
        </Group>
        <TextInput
          size="md"
          label={t('assessments.admin.itemLabel')}
          required
          value={item.label}
          onChange={(ev) => onChange({ label: ev.currentTarget.value })}
          error={e('label')}
          maxLength={500}
        />
        <TextInput
          size="md"
          label={t('assessments.admin.itemHelp')}
          value={item.help}
          onChange={(ev) => onChange({ help: ev.currentTarget.value })}
          error={e('help')}
          maxLength={2000}
        />

        {choice ? (
          <Stack gap="xs">
            <Text fw={600}>{t('assessments.admin.options')}</Text>
            {e('options') ? (
              <Text c="red.8" size="sm">
                {e('options')}
              </Text>
            ) : null}
            {item.options.map((option, i) => {
              const update = (patch: Partial<OptionDraft>) => setOptions(item.options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
              return (
                <Group key={i} align="flex-start" wrap="wrap" gap="sm">
                  <TextInput
                    size="md"
                    w={{ base: '100%', sm: 160 }}
                    label={t('assessments.admin.optionValue')}
                    required
                    value={option.value}
                    onChange={(ev) => update({ value: ev.currentTarget.value })}
                    error={e(`options.${i}.value`)}
                  />
                  <TextInput
                    size="md"
                    style={{ flex: '1 1 12rem' }}
                    label={t('assessments.admin.optionLabel')}
                    required
                    value={option.label}
                    onChange={(ev) => update({ label: ev.currentTarget.value })}
                    error={e(`options.${i}.label`)}
                  />
                  <NumberInput
                    size="md"
                    w={110}
                    label={t('assessments.admin.optionScore')}
                    value={option.score}
                    onChange={(v) => update({ score: toNumber(v) })}
                    error={e(`options.${i}.score`)}
                    decimalSeparator=","
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size={44}
                    mt={28}
                    aria-label={t('assessments.admin.removeOption', { number: i + 1 })}
                    onClick={() => setOptions(item.options.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={20} aria-hidden />
                  </ActionIcon>
                </Group>
              );
            })}
            <Group>
              <Button
                variant="subtle"
                size="md"
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={() => setOptions([...item.options, { value: `option_${item.options.length + 1}`, label: '', score: '' }])}
              >
                {t('assessments.admin.addOption')}
              </Button>
            </Group>
          </Stack>
        ) : null}

        {item.kind === 'scale' || item.kind === 'number' ? (
          <Group align="flex-start" wrap="wrap" gap="sm">
            <NumberInput
              size="md"
              w={140}
              label={t('assessments.admin.min')}
              required={item.kind === 'scale'}
              value={item.min}
              onChange={(v) => onChange({ min: toNumber(v) })}
              error={e('min')}
              decimalSeparator=","
            />
            <NumberInput
              size="md"
              w={140}
              label={t('assessments.admin.max')}
              required={item.kind === 'scale'}
              value={item.max}
              onChange={(v) => onChange({ max: toNumber(v) })}
              error={e('max')}
              decimalSeparator=","
            />
            {item.kind === 'scale' ? (
              <NumberInput
                size="md"
                w={140}
                label={t('assessments.admin.step')}
                required
                value={item.step}
                onChange={(v) => onChange({ step: toNumber(v) })}
                error={e('step')}
                decimalSeparator=","
              />
            ) : (
              <Checkbox
                size="md"
                mt={{ sm: 34 }}
                label={t('assessments.admin.integer')}
                checked={item.integer}
                onChange={(ev) => onChange({ integer: ev.currentTarget.checked })}
              />
            )}
          </Group>
        ) : null}
        {item.kind === 'text' ? (
          <NumberInput
            size="md"
            w={200}
            label={t('assessments.admin.maxLength')}
            min={1}
            max={10_000}
            allowDecimal={false}
            value={item.maxLength}
            onChange={(v) => onChange({ maxLength: toNumber(v) })}
            error={e('maxLength')}
          />
        ) : null}

        <ConditionEditor item={item} earlier={earlier} onChange={onChange} error={e('showIf')} />

        {scorable ? (
          <Group align="flex-start" wrap="wrap" gap="sm">
            <Checkbox
              size="md"
              mt={{ sm: item.scored ? 34 : 0 }}
              label={t('assessments.admin.scored')}
              checked={item.scored}
              onChange={(ev) => onChange({ scored: ev.currentTarget.checked })}
              error={e('scored')}
            />
            {item.scored ? (
              <NumberInput
                size="md"
                w={140}
                label={t('assessments.admin.weight')}
                value={item.weight}
                placeholder="1"
                onChange={(v) => onChange({ weight: toNumber(v) })}
                decimalSeparator=","
              />
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

function ConditionEditor({
  item,
  earlier,
  onChange,
  error,
}: {
  item: ItemDraft;
  earlier: ItemDraft[];
  onChange: (patch: Partial<ItemDraft>) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const c = item.condition;
  if (c.mode === 'complex') {
    return (
      <Group gap="sm">
        <Text size="sm">
          {t('assessments.admin.condition')} : {t('assessments.admin.conditionComplex')}
        </Text>
        <Button variant="subtle" size="sm" onClick={() => onChange({ condition: { mode: 'none' } })}>
          {t('assessments.admin.conditionRemove')}
        </Button>
      </Group>
    );
  }
  const target = c.mode === 'simple' ? earlier.find((i) => i.id === c.item) : undefined;
  const ops = target ? OPERATORS[target.kind] : CONDITION_OPERATORS;
  return (
    <Stack gap={4}>
      <Group align="flex-start" wrap="wrap" gap="sm">
        <Select
          size="md"
          w={{ base: '100%', sm: 260 }}
          label={t('assessments.admin.condition')}
          data={[
            { value: '', label: t('assessments.admin.conditionNone') },
            ...earlier.filter((i) => i.id.trim() !== '').map((i) => ({ value: i.id, label: i.label || i.id })),
          ]}
          value={c.mode === 'simple' ? c.item : ''}
          allowDeselect={false}
          onChange={(id) =>
            onChange({
              condition: id ? { mode: 'simple', item: id, op: 'eq', value: c.mode === 'simple' ? c.value : '' } : { mode: 'none' },
            })
          }
          error={error}
        />
        {c.mode === 'simple' ? (
          <>
            <Select
              size="md"
              w={{ base: '100%', sm: 220 }}
              label={t('assessments.admin.conditionOp')}
              data={ops.map((op) => ({ value: op, label: t(`assessments.operators.${op}`) }))}
              value={c.op}
              allowDeselect={false}
              onChange={(op) => op && onChange({ condition: { ...c, op: op } })}
            />
            {target && (target.kind === 'single_choice' || target.kind === 'multiple_choice') && c.op !== 'in' ? (
              <Select
                size="md"
                w={{ base: '100%', sm: 220 }}
                label={t('assessments.admin.conditionValue')}
                data={target.options.filter((o) => o.value.trim() !== '').map((o) => ({ value: o.value, label: o.label || o.value }))}
                value={c.value || null}
                onChange={(v) => onChange({ condition: { ...c, value: v ?? '' } })}
              />
            ) : (
              <TextInput
                size="md"
                w={{ base: '100%', sm: 220 }}
                label={t('assessments.admin.conditionValue')}
                description={c.op === 'in' ? t('assessments.admin.conditionValuesHelp') : undefined}
                type={target?.kind === 'date' && c.op !== 'in' ? 'date' : 'text'}
                value={c.value}
                onChange={(ev) => onChange({ condition: { ...c, value: ev.currentTarget.value } })}
              />
            )}
          </>
        ) : null}
      </Group>
    </Stack>
  );
}
