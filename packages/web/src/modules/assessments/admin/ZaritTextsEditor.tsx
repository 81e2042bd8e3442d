import { ZARIT_ITEM_COUNT } from '@maillon/shared/assessments';
import { Button, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ZaritDraft {
  itemTexts: string[];
  responseLabels: string[];
}

export const emptyZaritDraft = (): ZaritDraft => ({
  itemTexts: Array.from({ length: ZARIT_ITEM_COUNT }, () => ''),
  responseLabels: ['', '', '', '', ''],
});

/** The definition sent: the 22 texts, and the five answer labels only when all are given. */
export function zaritDefinition(draft: ZaritDraft): Record<string, unknown> {
  const labels = draft.responseLabels.map((l) => l.trim());
  return {
    itemTexts: draft.itemTexts.map((x) => x.trim()),
    ...(labels.some((l) => l !== '') ? { responseLabels: labels } : {}),
  };
}

/** Problems keyed by field (`itemTexts.3`, `responseLabels.2`), in the UI language. */
export function zaritErrors(draft: ZaritDraft, required: string): Record<string, string> {
  const errors: Record<string, string> = {};
  draft.itemTexts.forEach((text, i) => {
    if (text.trim() === '') errors[`itemTexts.${i}`] = required;
  });
  if (draft.responseLabels.some((l) => l.trim() !== '')) {
    draft.responseLabels.forEach((label, i) => {
      if (label.trim() === '') errors[`responseLabels.${i}`] = required;
    });
  }
  return errors;
}

interface ZaritTextsEditorProps {
  value: ZaritDraft;
  onChange: (next: ZaritDraft) => void;
  errors: Readonly<Record<string, string | undefined>>;
  disabled?: boolean;
}

/** The organisation's licensed texts of the 22 items, typed one by one or pasted as 22 lines. */
export function ZaritTextsEditor({ value, onChange, errors, disabled = false }: ZaritTextsEditorProps) {
  const { t } = useTranslation();
  const [paste, setPaste] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);
  const apply = () => {
    const lines = paste
      .split(/\r?\n/)
      .map((l) => l.replace(/^\s*\d+\s*[.)–-]\s*/, '').trim())
      .filter((l) => l !== '');
    if (lines.length !== ZARIT_ITEM_COUNT) {
      setPasteError(t('assessments.admin.zaritPasteWrong', { count: lines.length }));
      return;
    }
    setPasteError(null);
    setPaste('');
    onChange({ ...value, itemTexts: lines });
  };
  return (
    <fieldset disabled={disabled} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Stack gap="md">
        <Text size="sm">{t('assessments.admin.zaritHelp')}</Text>
        <Textarea
          size="md"
          label={t('assessments.admin.zaritPaste')}
          description={t('assessments.admin.zaritPasteHelp')}
          autosize
          minRows={3}
          maxRows={10}
          value={paste}
          onChange={(e) => {
            setPaste(e.currentTarget.value);
            setPasteError(null);
          }}
          error={pasteError}
        />
        <Group>
          <Button variant="light" size="md" onClick={apply} disabled={paste.trim() === ''}>
            {t('assessments.admin.zaritPasteApply')}
          </Button>
        </Group>
        <Title order={3} size="h4">
          {t('assessments.admin.zaritTitle')}
        </Title>
        {value.itemTexts.map((text, i) => (
          <TextInput
            key={i}
            size="md"
            label={t('assessments.admin.zaritItem', { number: i + 1 })}
            required
            maxLength={1000}
            value={text}
            onChange={(e) => {
              const next = e.currentTarget.value;
              onChange({ ...value, itemTexts: value.itemTexts.map((x, j) => (j === i ? next : x)) });
            }}
            error={errors[`itemTexts.${i}`]}
          />
        ))}
        <Title order={3} size="h4">
          {t('assessments.admin.zaritResponses')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {value.responseLabels.map((label, i) => (
            <TextInput
              key={i}
              size="md"
              label={t('assessments.admin.zaritResponse', { number: i })}
              maxLength={100}
              value={label}
              onChange={(e) => {
                const next = e.currentTarget.value;
                onChange({ ...value, responseLabels: value.responseLabels.map((x, j) => (j === i ? next : x)) });
              }}
              error={errors[`responseLabels.${i}`]}
            />
          ))}
        </SimpleGrid>
      </Stack>
    </fieldset>
  );
}
