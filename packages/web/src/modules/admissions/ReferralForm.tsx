import {
  currentPlaces,
  referralChannels,
  referralCreateSchema,
  referralSources,
  referralSubmitSchema,
  referralUrgencies,
  type ReferralCreate,
  type ReferralSubmit,
} from '@maillon/shared/admissions';
import { Button, Card, Checkbox, Group, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useZodForm } from '../../ui/form';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { notifyError } from '../../ui/notify';
import { servicesQueryOptions } from './api';
import { channelLabel, options, placeLabel, sourceLabel, urgencyLabel } from './labels';

const empty = {
  source: 'hospital',
  channel: 'phone',
  sourceOrganisation: '',
  referrerName: '',
  referrerFunction: '',
  referrerPhone: '',
  referrerEmail: '',
  urgency: 'routine',
  requestedServiceIds: [] as string[],
  expectedStartDate: '',
  currentPlace: '',
  personInformed: false,
  'person.birthName': '',
  'person.usedName': '',
  'person.firstNames': '',
  'person.sex': '',
  'person.birthDate': '',
  'person.phone': '',
  'person.commune': '',
  reason: '',
  medicalInformation: '',
};
type Values = typeof empty;

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

function prepare(v: Values, submit: boolean) {
  return {
    source: v.source,
    ...(submit ? {} : { channel: v.channel }),
    sourceOrganisation: orNull(v.sourceOrganisation),
    referrerName: v.referrerName,
    referrerFunction: orNull(v.referrerFunction),
    referrerPhone: orNull(v.referrerPhone),
    referrerEmail: orNull(v.referrerEmail),
    urgency: v.urgency,
    requestedServiceIds: v.requestedServiceIds,
    expectedStartDate: orNull(v.expectedStartDate),
    currentPlace: orNull(v.currentPlace),
    personInformed: v.personInformed,
    reason: v.reason,
    medicalInformation: orNull(v.medicalInformation),
    person: {
      birthName: v['person.birthName'],
      usedName: orNull(v['person.usedName']),
      firstNames: v['person.firstNames'],
      sex: v['person.sex'],
      birthDate: v['person.birthDate'],
      phone: orNull(v['person.phone']),
      commune: orNull(v['person.commune']),
    },
  };
}

export interface ReferralFormProps {
  /** `submit`: a referrer of another organisation sends it from their partner account (no channel: the app). */
  mode: 'intake' | 'submit';
  busy: boolean;
  onSubmit: (body: ReferralCreate | ReferralSubmit) => Promise<void>;
  onCancel: () => void;
}

/** The intake of a request for support: who refers, the person as described, the request. */
export function ReferralForm({ mode, busy, onSubmit, onCancel }: ReferralFormProps) {
  const { t } = useTranslation();
  const submitMode = mode === 'submit';
  const services = useQuery(servicesQueryOptions(submitMode));
  const form = useZodForm({
    initialValues: empty,
    schema: submitMode ? referralSubmitSchema : referralCreateSchema,
    prepare: (v) => prepare(v, submitMode),
    messages: {
      sourceOrganisation: t('admissions.form.organisationNeeded'),
      reason: t('admissions.form.reasonTooShort'),
      requestedServiceIds: t('admissions.form.chooseService'),
      'person.birthDate': t('admissions.form.birthDateInvalid'),
    },
  });
  const submit = form.onSubmit(async (data) => {
    try {
      await onSubmit(data);
    } catch (error) {
      if (
        !applyLocalisedServerErrors(form, error, {
          byCode: { unknown_service: t('admissions.form.unknownService'), not_your_service: t('admissions.form.notYourService') },
        })
      )
        notifyError(error);
    }
  });
  const sexes = ['female', 'male', 'unknown'] as const;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="ref-who">
          <Title order={2} size="h4" id="ref-who" mb="md">
            {t('admissions.form.who')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('admissions.fields.source')}
              data={options(referralSources, (s) => sourceLabel(t, s))}
              allowDeselect={false}
              required
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps('source')}
            />
            {submitMode ? null : (
              <Select
                label={t('admissions.fields.channel')}
                data={options(referralChannels, (c) => channelLabel(t, c))}
                allowDeselect={false}
                required
                comboboxProps={{ withinPortal: false }}
                {...form.getInputProps('channel')}
              />
            )}
            <TextInput
              label={t('admissions.fields.sourceOrganisation')}
              description={t('admissions.form.organisationHelp')}
              {...form.getInputProps('sourceOrganisation')}
            />
            <TextInput label={t('admissions.fields.referrerName')} required {...form.getInputProps('referrerName')} />
            <TextInput label={t('admissions.fields.referrerFunction')} {...form.getInputProps('referrerFunction')} />
            <TextInput label={t('admissions.fields.referrerPhone')} type="tel" {...form.getInputProps('referrerPhone')} />
            <TextInput
              label={t('admissions.fields.referrerEmail')}
              type="email"
              description={t('admissions.form.emailHelp')}
              {...form.getInputProps('referrerEmail')}
            />
          </SimpleGrid>
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="ref-person">
          <Title order={2} size="h4" id="ref-person" mb="md">
            {t('admissions.form.person')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('admissions.fields.birthName')} required autoComplete="off" {...form.getInputProps('person.birthName')} />
            <TextInput label={t('admissions.fields.usedName')} autoComplete="off" {...form.getInputProps('person.usedName')} />
            <TextInput label={t('admissions.fields.firstNames')} required autoComplete="off" {...form.getInputProps('person.firstNames')} />
            <Select
              label={t('admissions.fields.sex')}
              data={options(sexes, (s) => t(`admissions.sexes.${s}`))}
              required
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps('person.sex')}
            />
            <TextInput label={t('admissions.fields.birthDate')} type="date" required {...form.getInputProps('person.birthDate')} />
            <TextInput label={t('admissions.fields.phone')} type="tel" {...form.getInputProps('person.phone')} />
            <TextInput label={t('admissions.fields.commune')} {...form.getInputProps('person.commune')} />
            <Select
              label={t('admissions.fields.currentPlace')}
              data={options(currentPlaces, (p) => placeLabel(t, p))}
              clearable
              clearButtonProps={{ 'aria-label': t('state.clear') }}
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps('currentPlace')}
            />
          </SimpleGrid>
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="ref-request">
          <Title order={2} size="h4" id="ref-request" mb="md">
            {t('admissions.form.request')}
          </Title>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <MultiSelect
                label={t('admissions.fields.requestedServices')}
                data={(services.data ?? []).filter((s) => !s.archived).map((s) => ({ value: s.id, label: s.name }))}
                placeholder={services.isPending ? t('state.loading') : t('admissions.form.servicesPlaceholder')}
                required
                comboboxProps={{ withinPortal: false }}
                {...form.getInputProps('requestedServiceIds')}
                // the server names the service it refuses by its place in the list
                error={
                  form.errors.requestedServiceIds ?? Object.entries(form.errors).find(([k]) => k.startsWith('requestedServiceIds.'))?.[1]
                }
              />
              <Select
                label={t('admissions.fields.urgency')}
                data={options(referralUrgencies, (u) => urgencyLabel(t, u))}
                allowDeselect={false}
                required
                comboboxProps={{ withinPortal: false }}
                {...form.getInputProps('urgency')}
              />
              <TextInput label={t('admissions.fields.expectedStartDate')} type="date" {...form.getInputProps('expectedStartDate')} />
            </SimpleGrid>
            <Textarea
              label={t('admissions.fields.reason')}
              description={t('admissions.form.reasonHelp')}
              required
              autosize
              minRows={3}
              {...form.getInputProps('reason')}
            />
            <Textarea
              label={t('admissions.fields.medicalInformation')}
              description={t('admissions.form.medicalHelp')}
              autosize
              minRows={2}
              {...form.getInputProps('medicalInformation')}
            />
            <Checkbox label={t('admissions.fields.personInformed')} {...form.getCheckboxProps('personInformed')} />
          </Stack>
        </Card>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('state.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {submitMode ? t('admissions.form.send') : t('admissions.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
