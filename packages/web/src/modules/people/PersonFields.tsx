import { Fieldset, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { todayDay } from '../../ui/format';
import type { ZodForm } from '../../ui/form';
import { serviceChoicesQueryOptions } from './api';
import type { PersonFormValues } from './personForm';
import {
  benefitOptions,
  housingOptions,
  insOidOptions,
  insStatusOptions,
  livingOptions,
  occupationOptions,
  personStatusOptions,
  sexOptions,
} from './labels';

function Section({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <Fieldset legend={legend} variant="filled" radius="md">
      {children}
    </Fieldset>
  );
}

export interface PersonFieldsProps {
  form: ZodForm<PersonFormValues, unknown>;
  mode: 'create' | 'edit';
  /** Shown right after the identity fields (the duplicate check, while creating). */
  afterIdentity?: ReactNode;
  /** The current masked INS, when editing. */
  currentIns?: string | null;
  /** False when the caller may not read the social situation: its fields are replaced by a notice. */
  withSituation: boolean;
  /** Only services; a service already archived but still set stays in the list. */
  currentServiceId?: string | null;
  /** False when the caller may not move the record to another service or change its status (the server refuses it: 403). */
  canMove?: boolean;
}

export function PersonFields({
  form,
  mode,
  afterIdentity,
  currentIns,
  withSituation,
  currentServiceId,
  canMove = true,
}: PersonFieldsProps) {
  const { t } = useTranslation();
  const services = useQuery(serviceChoicesQueryOptions());
  const serviceOptions = (services.data ?? [])
    .filter((s) => !s.archived || s.id === currentServiceId)
    .map((s) => ({ value: s.id, label: s.name }));
  const select = { comboboxProps: { withinPortal: false }, clearButtonProps: { 'aria-label': t('state.clear') } } as const;
  const insRequired = form.values['ins.matricule'].trim() !== '';

  return (
    <Stack gap="lg">
      <Section legend={t('people.form.identity')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label={t('people.fields.birthName')} required autoComplete="off" {...form.getInputProps('birthName')} />
          <TextInput
            label={t('people.fields.usedName')}
            description={t('people.fields.usedNameHelp')}
            autoComplete="off"
            {...form.getInputProps('usedName')}
          />
          <TextInput label={t('people.fields.firstNames')} required autoComplete="off" {...form.getInputProps('firstNames')} />
          <Select
            label={t('people.fields.sex')}
            required
            data={sexOptions(t)}
            allowDeselect={false}
            {...select}
            {...form.getInputProps('sex')}
          />
          <TextInput type="date" label={t('people.fields.birthDate')} required max={todayDay()} {...form.getInputProps('birthDate')} />
          <TextInput label={t('people.fields.birthPlace')} autoComplete="off" {...form.getInputProps('birthPlace')} />
          <TextInput
            label={t('people.fields.birthInseeCode')}
            description={t('people.fields.inseeCodeHelp')}
            autoComplete="off"
            maxLength={5}
            {...form.getInputProps('birthInseeCode')}
          />
        </SimpleGrid>
      </Section>

      {afterIdentity}

      <Section legend={t('people.form.ins')}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput
            label={mode === 'edit' && currentIns ? t('people.fields.insReplace') : t('people.fields.insMatricule')}
            description={
              mode === 'edit' && currentIns ? t('people.fields.insReplaceHelp', { masked: currentIns }) : t('people.fields.insHelp')
            }
            autoComplete="off"
            spellCheck={false}
            maxLength={21}
            {...form.getInputProps('ins.matricule')}
          />
          <Select
            label={t('people.fields.insOid')}
            required={insRequired}
            data={insOidOptions(t)}
            {...select}
            {...form.getInputProps('ins.oid')}
          />
          <Select
            label={t('people.fields.insStatus')}
            required={insRequired}
            data={insStatusOptions(t)}
            {...select}
            {...form.getInputProps('ins.status')}
          />
        </SimpleGrid>
      </Section>

      <Section legend={t('people.form.contacts')}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput type="tel" label={t('people.fields.phone')} autoComplete="off" {...form.getInputProps('phone')} />
          <TextInput type="tel" label={t('people.fields.mobile')} autoComplete="off" {...form.getInputProps('mobile')} />
          <TextInput type="email" label={t('people.fields.email')} autoComplete="off" {...form.getInputProps('email')} />
        </SimpleGrid>
      </Section>

      <Section legend={t('people.form.address')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label={t('people.fields.line1')} autoComplete="off" {...form.getInputProps('address.line1')} />
          <TextInput label={t('people.fields.line2')} autoComplete="off" {...form.getInputProps('address.line2')} />
          <TextInput
            label={t('people.fields.postcode')}
            inputMode="numeric"
            maxLength={5}
            autoComplete="off"
            {...form.getInputProps('address.postcode')}
          />
          <TextInput label={t('people.fields.commune')} autoComplete="off" {...form.getInputProps('address.commune')} />
          <TextInput
            label={t('people.fields.inseeCode')}
            description={t('people.fields.inseeCodeHelp')}
            maxLength={5}
            autoComplete="off"
            {...form.getInputProps('address.inseeCode')}
          />
        </SimpleGrid>
      </Section>

      {withSituation ? (
        <Section legend={t('people.form.situation')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('people.fields.living')}
              data={livingOptions(t)}
              clearable
              {...select}
              {...form.getInputProps('situation.livingArrangement')}
            />
            <Select
              label={t('people.fields.housing')}
              data={housingOptions(t)}
              clearable
              {...select}
              {...form.getInputProps('situation.housing')}
            />
            <MultiSelect
              label={t('people.fields.benefits')}
              data={benefitOptions(t)}
              clearable
              searchable
              hidePickedOptions
              {...select}
              {...form.getInputProps('situation.benefits')}
            />
            <Select
              label={t('people.fields.occupation')}
              data={occupationOptions(t)}
              clearable
              {...select}
              {...form.getInputProps('situation.occupation')}
            />
          </SimpleGrid>
          <Textarea
            mt="md"
            label={t('people.fields.notes')}
            autosize
            minRows={2}
            maxLength={2000}
            {...form.getInputProps('situation.notes')}
          />
        </Section>
      ) : null}

      <Section legend={t('people.form.follow')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('people.fields.service')}
            description={mode === 'create' ? t('people.fields.serviceHelp') : undefined}
            data={serviceOptions}
            clearable
            placeholder={services.isPending ? t('state.loading') : undefined}
            error={form.errors.serviceId ?? (services.isError ? t('people.list.servicesUnavailable') : undefined)}
            {...select}
            value={form.values.serviceId}
            onChange={(value) => form.setFieldValue('serviceId', value)}
            disabled={!canMove}
          />
          {mode === 'edit' ? (
            <Select
              label={t('people.fields.status')}
              data={personStatusOptions(t)}
              allowDeselect={false}
              description={t('people.fields.statusHelp')}
              {...select}
              {...form.getInputProps('status')}
              disabled={!canMove}
            />
          ) : null}
        </SimpleGrid>
      </Section>
    </Stack>
  );
}
