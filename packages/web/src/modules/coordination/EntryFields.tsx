import type { InfoCategory } from '@maillon/shared/people';
import { Checkbox, Fieldset, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ZodForm } from '../../ui/form';
import type { EntryFormValues } from './entryForm';
import { categoryOptions, kindOptions } from './labels';
import { toParisLocalInput } from './paris';

export interface EntryFieldsProps<V extends EntryFormValues> {
  form: ZodForm<V, unknown>;
  /** The categories the author may write for this person. */
  writable: readonly InfoCategory[];
  /** The category shown while the author has not chosen one (the default of the kind and profession). */
  defaultCategory: InfoCategory | null;
  /** Prefix of the fields' ids, unique on the page. */
  idPrefix: string;
}

/** The content of an entry: kind, fact time, targeted transmission or free text, category, urgent. */
export function EntryFields<V extends EntryFormValues>({ form, writable, defaultCategory, idPrefix }: EntryFieldsProps<V>) {
  const { t } = useTranslation();
  const f = form as unknown as ZodForm<EntryFormValues, unknown>;
  const v = f.values;
  const select = { allowDeselect: false, comboboxProps: { withinPortal: false }, checkIconPosition: 'right' as const };
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Select
          id={`${idPrefix}-kind`}
          label={t('journal.form.kind')}
          required
          data={kindOptions(t)}
          {...select}
          value={v.kind}
          onChange={(value) => value && f.setFieldValue('kind', value)}
          error={f.errors.kind}
        />
        <TextInput
          id={`${idPrefix}-factAt`}
          type="datetime-local"
          label={t('journal.form.factAt')}
          description={t('journal.form.factAtHelp')}
          required
          max={toParisLocalInput(new Date())}
          value={v.factAt}
          onChange={(event) => {
            f.setFieldValue('factAt', event.currentTarget.value);
            f.setFieldValue('factAtChanged', true);
          }}
          error={f.errors.factAt}
        />
        <Select
          id={`${idPrefix}-category`}
          label={t('journal.form.category')}
          description={t('journal.form.categoryHelp')}
          required
          data={categoryOptions(t, writable)}
          {...select}
          value={v.category ?? defaultCategory}
          onChange={(value) => f.setFieldValue('category', value ?? null)}
          error={f.errors.category}
        />
      </SimpleGrid>
      <Checkbox
        id={`${idPrefix}-targeted`}
        label={t('journal.form.targeted')}
        description={t('journal.form.targetedHelp')}
        {...f.getCheckboxProps('targeted')}
      />
      {v.targeted ? (
        <Fieldset legend={t('journal.form.targetLegend')} variant="filled">
          <Stack gap="sm">
            <TextInput
              id={`${idPrefix}-cible`}
              label={t('journal.target.cible')}
              description={t('journal.form.cibleHelp')}
              required
              maxLength={200}
              value={v.cible}
              onChange={(event) => f.setFieldValue('cible', event.currentTarget.value)}
              error={f.errors['target.cible'] ?? f.errors.cible}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <Textarea
                id={`${idPrefix}-data`}
                label={t('journal.target.data')}
                autosize
                minRows={2}
                {...f.getInputProps('data')}
                error={f.errors['target.data']}
              />
              <Textarea
                id={`${idPrefix}-actions`}
                label={t('journal.target.actions')}
                autosize
                minRows={2}
                {...f.getInputProps('actions')}
                error={f.errors['target.actions']}
              />
              <Textarea
                id={`${idPrefix}-results`}
                label={t('journal.target.results')}
                autosize
                minRows={2}
                {...f.getInputProps('results')}
                error={f.errors['target.results']}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
      ) : null}
      <Textarea
        id={`${idPrefix}-text`}
        label={v.targeted ? t('journal.form.textOptional') : t('journal.form.text')}
        required={!v.targeted}
        autosize
        minRows={3}
        {...f.getInputProps('text')}
      />
      <Checkbox id={`${idPrefix}-urgent`} label={t('journal.form.urgent')} color="red" {...f.getCheckboxProps('urgent')} />
    </Stack>
  );
}
