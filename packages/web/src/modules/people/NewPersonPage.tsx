import { Alert, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconCopy, IconExternalLink, IconUserCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useId, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay, todayDay } from '../../ui/format';
import { useZodForm } from '../../ui/form';
import { useIdempotencyKey } from '../../ui/idempotency';
import { ButtonLink } from '../../ui/links';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { applyLocalisedServerErrors } from '../../ui/serverErrors';
import { useMe } from '../identity/public';
import {
  createPerson,
  duplicatesOf,
  duplicatesQueryOptions,
  peopleKeys,
  type DuplicateMatch,
  type DuplicateQuery,
  type PersonCreate,
} from './api';
import { birthNameNote, personName } from './format';
import { duplicateReasonLabel } from './labels';
import { PersonFields } from './PersonFields';
import {
  emptyPersonValues,
  personFormMessages,
  personFormSchema,
  personServerMessages,
  preparePerson,
  type PersonFormValues,
} from './personForm';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the duplicate check needs, once the birth name, first names and a plausible birth date are filled. */
function duplicateQueryOf(v: PersonFormValues): DuplicateQuery | null {
  const birthName = v.birthName.trim();
  const firstNames = v.firstNames.trim();
  if (!birthName || !firstNames || !DAY.test(v.birthDate) || v.birthDate > todayDay()) return null;
  const matricule = v['ins.matricule'].replace(/\s/g, '');
  return {
    birthName,
    usedName: v.usedName.trim() || null,
    firstNames,
    birthDate: v.birthDate,
    insMatricule: matricule.length === 15 ? matricule : null,
  };
}

/** A new record, after checking that the person is not already known (same birth date and close names, or same INS). */
export function NewPersonPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const idempotency = useIdempotencyKey();
  const duplicatesRef = useRef<HTMLDivElement>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [fromConflict, setFromConflict] = useState<DuplicateMatch[]>([]);
  const [mustReview, setMustReview] = useState(false);

  const form = useZodForm({
    initialValues: emptyPersonValues(me?.membership?.serviceId ?? null),
    schema: personFormSchema,
    prepare: (values) => preparePerson(values, { mode: 'create', withSituation: true }),
    messages: personFormMessages(t),
  });

  const [query] = useDebouncedValue(duplicateQueryOf(form.values), 400);
  const duplicates = useQuery({ ...duplicatesQueryOptions(query ?? emptyQuery), enabled: query !== null });
  const candidates = mergeById(query ? (duplicates.data ?? []) : [], fromConflict);
  const pending = candidates.filter((c) => !dismissed.has(c.id));

  const mutation = useMutation({
    mutationFn: (body: PersonCreate) => createPerson(body, idempotency.keyFor(body)),
  });

  const showDuplicates = () => {
    setMustReview(true);
    duplicatesRef.current?.focus();
    duplicatesRef.current?.scrollIntoView({ block: 'center' });
  };

  const submit = form.onSubmit(async (data) => {
    if (pending.length > 0) {
      showDuplicates();
      return;
    }
    const body: PersonCreate = { ...data, ...(dismissed.size > 0 ? { duplicatesReviewed: true } : {}) };
    try {
      const created = await mutation.mutateAsync(body);
      idempotency.reset();
      await queryClient.invalidateQueries({ queryKey: peopleKeys.caseloads });
      notify({ message: t('people.new.created', { name: personName(created) }) });
      await navigate({ to: '/people/$personId', params: { personId: created.id } });
    } catch (error) {
      const found = duplicatesOf(error);
      if (found) {
        setFromConflict(found);
        showDuplicates();
      } else if (!applyLocalisedServerErrors(form, error, personServerMessages(t))) notifyError(error);
    }
  });

  return (
    <>
      <PageHeader title={t('people.new.title')} description={t('people.new.description')} />
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <PersonFields
            form={form}
            mode="create"
            withSituation
            afterIdentity={
              <DuplicatesPanel
                ref={duplicatesRef}
                checking={query !== null && duplicates.isFetching}
                candidates={pending}
                reviewed={candidates.length - pending.length}
                mustReview={mustReview && pending.length > 0}
                onDismiss={(id) => setDismissed((previous) => new Set(previous).add(id))}
              />
            }
          />
          <Group justify="flex-end" gap="sm">
            <Button component={Link} to="/people" variant="default">
              {t('state.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('people.new.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

const emptyQuery: DuplicateQuery = { birthName: '', usedName: null, firstNames: '', birthDate: '', insMatricule: null };

function mergeById(a: DuplicateMatch[], b: DuplicateMatch[]): DuplicateMatch[] {
  const seen = new Set(a.map((d) => d.id));
  return [...a, ...b.filter((d) => !seen.has(d.id))];
}

interface DuplicatesPanelProps {
  ref: Ref<HTMLDivElement>;
  checking: boolean;
  candidates: DuplicateMatch[];
  reviewed: number;
  mustReview: boolean;
  onDismiss: (id: string) => void;
}

/** "Doublons possibles": open the existing record, or say it is another person. A live region announces the result. */
function DuplicatesPanel({ ref, checking, candidates, reviewed, mustReview, onDismiss }: DuplicatesPanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <div
      ref={ref}
      tabIndex={-1}
      aria-labelledby={candidates.length > 0 ? headingId : undefined}
      role={candidates.length > 0 ? 'region' : undefined}
    >
      <div role="status" aria-live="polite">
        {checking ? (
          <Group gap="xs">
            <Loader size="xs" aria-hidden />
            <Text size="sm" c="dimmed">
              {t('people.duplicates.checking')}
            </Text>
          </Group>
        ) : candidates.length > 0 ? (
          <Text size="sm" fw={500}>
            {t('people.duplicates.found', { count: candidates.length })}
          </Text>
        ) : reviewed > 0 ? (
          <Group gap="xs">
            <IconUserCheck size={16} aria-hidden />
            <Text size="sm">{t('people.duplicates.allReviewed')}</Text>
          </Group>
        ) : null}
      </div>
      {candidates.length > 0 ? (
        <Card withBorder padding="md" mt="sm" bg="orange.0" style={{ borderColor: 'var(--mantine-color-orange-5)' }}>
          <Stack gap="sm">
            <Group gap="xs">
              <IconCopy size={20} aria-hidden />
              <Title order={2} size="h4" id={headingId}>
                {t('people.duplicates.title')}
              </Title>
            </Group>
            <Text size="sm">{t('people.duplicates.help')}</Text>
            {mustReview ? (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
                {t('people.duplicates.mustReview')}
              </Alert>
            ) : null}
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
              {candidates.map((candidate) => (
                <DuplicateCard key={candidate.id} candidate={candidate} onDismiss={() => onDismiss(candidate.id)} />
              ))}
            </SimpleGrid>
          </Stack>
        </Card>
      ) : null}
    </div>
  );
}

function DuplicateCard({ candidate, onDismiss }: { candidate: DuplicateMatch; onDismiss: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const name = personName(candidate);
  const note = birthNameNote(t, candidate);
  return (
    <Card component="article" aria-labelledby={titleId} withBorder padding="sm" radius="md">
      <Stack gap={6}>
        <Text fw={600} id={titleId}>
          {name}
        </Text>
        {note ? (
          <Text size="xs" c="dimmed">
            {note}
          </Text>
        ) : null}
        <Text size="sm">
          {t('people.duplicates.bornOn', { date: formatDay(candidate.birthDate) })}
          {candidate.commune ? ` · ${candidate.commune}` : ''}
          {candidate.serviceName ? ` · ${candidate.serviceName}` : ''}
        </Text>
        <Group gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('people.duplicates.reasons')}>
          {candidate.reasons.map((reason) => (
            <Badge component="li" key={reason} variant="light" color={reason === 'same_ins' ? 'red' : 'orange'} tt="none">
              {duplicateReasonLabel(t, reason)}
            </Badge>
          ))}
        </Group>
        <Group gap="xs" mt={4}>
          <ButtonLink
            to="/people/$personId"
            params={{ personId: candidate.id }}
            size="xs"
            leftSection={<IconExternalLink size={14} aria-hidden />}
            aria-label={t('people.duplicates.openFor', { name })}
          >
            {t('people.duplicates.open')}
          </ButtonLink>
          <Button size="xs" variant="default" onClick={onDismiss} aria-label={t('people.duplicates.otherFor', { name })}>
            {t('people.duplicates.other')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
