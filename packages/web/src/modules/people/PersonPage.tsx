import { Alert, Badge, Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconFolderQuestion, IconGitMerge, IconLock } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay, formatTime } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { AccessReportTab, CareTeamTab, ConsentsTab, accessKeys } from '../access/public';
import { PersonAssessmentsPanel } from '../assessments/public';
import { PersonPlansPanel } from '../plans/public';
import { PersonJournalPanel } from '../coordination/public';
import { useMe } from '../identity/public';
import { isNotFound, peopleKeys, personQueryOptions, sectionQueryOptions, type Person, type Versioned } from './api';
import { DocumentsTab } from './documents/DocumentsTab';
import { birthDateWithAge, birthNameNote, personName } from './format';
import { IdentityTab } from './IdentityTab';
import { personStatusColor, personStatusLabel } from './labels';
import { NotVisible } from './NotVisible';
import { ProfessionalsTab, ProtectionsTab, RelativesTab } from './SectionTabs';
import { SummaryTab } from './SummaryTab';
import { isPersonTab, PERSON_TABS, type PersonTab } from './tabs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The person's record. Only the id is in the URL (never a name); the tab is a search parameter. */
export function PersonPage({ personId, tab }: { personId: string; tab: PersonTab }) {
  const { t } = useTranslation();
  // A mistyped address is a record that does not exist, not a server error.
  const wellFormed = UUID.test(personId);
  const record = useQuery({ ...personQueryOptions(personId), enabled: wellFormed });

  if (!wellFormed) return <RecordNotFound />;
  if (record.isPending)
    return (
      <>
        <PageHeader title={t('people.record.title')} />
        <LoadingState label={t('people.record.loading')} />
      </>
    );
  if (record.isError) {
    if (isNotFound(record.error)) return <RecordNotFound />;
    return (
      <>
        <PageHeader title={t('people.record.title')} />
        <ErrorState error={record.error} onRetry={() => void record.refetch()} retrying={record.isFetching} />
      </>
    );
  }
  return <Record current={record.data} tab={tab} />;
}

/** 404: the record does not exist, or the caller has no access to it (the server says the same in both cases). */
function RecordNotFound() {
  const { t } = useTranslation();
  const permissions = useMe().data?.permissions ?? [];
  return (
    <Stack gap="lg">
      <PageHeader title={t('people.record.notFoundTitle')} />
      <EmptyState
        icon={<IconFolderQuestion aria-hidden />}
        title={t('people.record.notFound')}
        description={t('people.record.notFoundHelp')}
        action={
          <Group gap="sm" justify="center">
            <Button component={Link} to="/people" variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
              {t('people.record.backToList')}
            </Button>
            {permissions.includes('breakglass.use') ? (
              <Button component={Link} to="/access/emergency" color="red" variant="light" leftSection={<IconLock size={16} aria-hidden />}>
                {t('people.record.emergency')}
              </Button>
            ) : null}
          </Group>
        }
      />
    </Stack>
  );
}

function Record({ current, tab }: { current: Versioned<Person>; tab: PersonTab }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const person = current.data;
  const { access } = person;
  const permissions = useMe().data?.permissions ?? [];
  const canReadAssessments = permissions.includes('assessment.read');
  const canReadPlans = permissions.includes('plan.read');
  const canReadJournal = permissions.includes('journal.read');
  const name = personName(person);
  const note = birthNameNote(t, person);
  const categories = new Set(access.categories);
  const canEdit = access.can.update;
  const relatives = useQuery({
    ...sectionQueryOptions(person.id, 'relatives'),
    enabled: categories.has('administrative') && tab === 'consents',
  });

  const refreshPerson = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: peopleKeys.person(person.id) }),
      queryClient.invalidateQueries({ queryKey: accessKeys.person(person.id) }),
      queryClient.invalidateQueries({ queryKey: peopleKeys.caseloads }),
    ]);

  const panel = (id: PersonTab, content: ReactNode) => (
    <Tabs.Panel value={id} pt="lg">
      {tab === id ? content : null}
    </Tabs.Panel>
  );
  const visibleIf = (category: 'administrative' | 'social', content: ReactNode) => (categories.has(category) ? content : <NotVisible />);

  return (
    <>
      <PageHeader
        title={name}
        description={
          <Group component="span" gap="xs" wrap="wrap">
            <span>{birthDateWithAge(t, person.birthDate)}</span>
            {note ? <span>· {note}</span> : null}
            <Badge component="span" color={personStatusColor(person.status)} variant="light">
              {personStatusLabel(t, person.status)}
            </Badge>
          </Group>
        }
      />
      <Stack gap="md">
        {person.mergedInto ? (
          <Alert color="orange" variant="light" icon={<IconGitMerge aria-hidden />} title={t('people.record.mergedTitle')}>
            <Text size="sm">
              {t('people.record.merged')}{' '}
              <AnchorLink to="/people/$personId" params={{ personId: person.mergedInto }} search={{ tab: 'summary' }}>
                {t('people.record.openKept')}
              </AnchorLink>
            </Text>
          </Alert>
        ) : null}
        {access.via === 'break_glass' && access.breakGlassUntil ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('people.record.breakGlassTitle')}>
            {t('people.record.breakGlass', {
              time: formatTime(access.breakGlassUntil),
              date: formatDay(access.breakGlassUntil.slice(0, 10)),
            })}
          </Alert>
        ) : access.readOnly ? (
          <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
            {t('people.record.readOnly')}
          </Alert>
        ) : null}

        <Tabs
          value={tab}
          onChange={(value) =>
            isPersonTab(value) &&
            void navigate({ to: '/people/$personId', params: { personId: person.id }, search: { tab: value }, replace: true })
          }
          keepMounted={false}
          variant="outline"
        >
          <Tabs.List aria-label={t('people.record.sections')} style={{ flexWrap: 'wrap' }}>
            {PERSON_TABS.filter(
              (id) =>
                (id !== 'assessments' || canReadAssessments) && (id !== 'plans' || canReadPlans) && (id !== 'journal' || canReadJournal),
            ).map((id) => (
              <Tabs.Tab key={id} value={id}>
                {t(`people.record.tabs.${id}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>

          {panel(
            'summary',
            <SummaryTab person={person} onChanged={refreshPerson} canReadAssessments={canReadAssessments} canReadPlans={canReadPlans} />,
          )}
          {panel('identity', <IdentityTab current={current} onSaved={refreshPerson} />)}
          {panel('relatives', visibleIf('administrative', <RelativesTab personId={person.id} canEdit={canEdit} />))}
          {panel('protection', visibleIf('social', <ProtectionsTab personId={person.id} canEdit={canEdit && categories.has('social')} />))}
          {panel('professionals', visibleIf('administrative', <ProfessionalsTab personId={person.id} canEdit={canEdit} />))}
          {panel(
            'team',
            visibleIf(
              'administrative',
              <CareTeamTab personId={person.id} personName={name} canManage={access.can.manageCareTeam} onChanged={refreshPerson} />,
            ),
          )}
          {panel('documents', <DocumentsTab person={person} />)}
          {canReadAssessments && panel('assessments', <PersonAssessmentsPanel personId={person.id} />)}
          {canReadPlans && panel('plans', <PersonPlansPanel personId={person.id} />)}
          {canReadJournal &&
            panel('journal', <PersonJournalPanel personId={person.id} categories={access.categories} readOnly={access.readOnly} />)}
          {panel(
            'consents',
            visibleIf(
              'administrative',
              <ConsentsTab
                personId={person.id}
                personName={name}
                canManage={access.can.manageConsent}
                representatives={(relatives.data ?? [])
                  .filter((r) => r.isLegalRepresentative)
                  .map((r) => ({ id: r.id, name: `${r.lastName.toLocaleUpperCase('fr-FR')} ${r.firstName}` }))}
                relativesLoading={relatives.isPending && relatives.fetchStatus !== 'idle'}
              />,
            ),
          )}
          {panel('access', <AccessReportTab personId={person.id} />)}
        </Tabs>
      </Stack>
    </>
  );
}
