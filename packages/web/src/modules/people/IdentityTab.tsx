import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconRefreshAlert } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useZodForm } from '../../ui/form';
import { notify, notifyError } from '../../ui/notify';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { isPreconditionFailed, updatePerson, type Person, type PersonUpdate, type Versioned } from './api';
import { personName } from './format';
import { PersonFields } from './PersonFields';
import { personFormMessages, personFormSchema, personServerMessages, personValues, preparePerson } from './personForm';

export interface IdentityTabProps {
  current: Versioned<Person>;
  /** Reloads the record (and its ETag) after a save or a conflict. */
  onSaved: () => Promise<unknown>;
}

/** "Identité et situation": the edit form, sent with If-Match; a 412 shows the current version instead. */
export function IdentityTab({ current, onSaved }: IdentityTabProps) {
  const { t } = useTranslation();
  const [conflict, setConflict] = useState(false);
  const person = current.data;
  if (!person.access.can.update)
    return (
      <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('people.identity.readOnlyTitle')}>
        {person.access.readOnly ? t('people.identity.readOnlyBreakGlass') : t('people.identity.readOnly')}
      </Alert>
    );
  return (
    <Stack gap="md">
      {conflict ? (
        <Alert color="orange" variant="light" icon={<IconRefreshAlert aria-hidden />} role="alert" title={t('conflict.title')}>
          {t('people.identity.conflict', { name: personName(person) })}
        </Alert>
      ) : null}
      {/* A new form for each version read: after a conflict it shows the current state. */}
      <IdentityForm
        key={current.etag}
        current={current}
        onConflict={async () => {
          // The current version first, then the message: what the alert describes is on screen when it is read.
          await onSaved();
          setConflict(true);
        }}
        onSaved={async () => {
          setConflict(false);
          await onSaved();
        }}
      />
    </Stack>
  );
}

function IdentityForm({
  current,
  onConflict,
  onSaved,
}: {
  current: Versioned<Person>;
  onConflict: () => Promise<void>;
  onSaved: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const person = current.data;
  const withSituation = person.access.categories.includes('social');
  const initial = personValues(person);
  const form = useZodForm({
    initialValues: initial,
    schema: personFormSchema,
    prepare: (values) => preparePerson(values, { mode: 'edit', withSituation }),
    messages: personFormMessages(t),
  });
  const mutation = useMutation({ mutationFn: (body: PersonUpdate) => updatePerson(person.id, current.etag, body) });

  const submit = form.onSubmit(async (data) => {
    try {
      await mutation.mutateAsync(data);
      notify({ message: t('people.identity.saved', { name: personName(person) }) });
      await onSaved();
    } catch (error) {
      if (isPreconditionFailed(error)) await onConflict();
      else if (!applyLocalisedServerErrors(form, error, personServerMessages(t))) notifyError(error);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <PersonFields
          form={form}
          mode="edit"
          currentIns={person.ins?.matriculeMasked ?? null}
          withSituation={withSituation}
          currentServiceId={person.serviceId}
          canMove={person.access.can.manageCareTeam}
        />
        {!withSituation ? (
          <Text size="sm" c="dimmed">
            {t('people.identity.situationHidden')}
          </Text>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => form.reset(initial)}>
            {t('people.identity.undo')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('state.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
