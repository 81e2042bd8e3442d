import { Alert, Badge, Card, Group, List, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconArrowsDiff, IconCalendarDue, IconFolderQuestion, IconHistory } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { followedStatuses } from '@maillon/shared/plans';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay } from '../../ui/format';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { isNotFound, planKeys, planQueryOptions, type Plan, type Versioned } from './api';
import { BudgetView } from './BudgetView';
import { ActionStatusModal } from './ActionStatusModal';
import { GoalsView, type Follow } from './GoalsView';
import { coherenceLabel, outcomeColor, outcomeLabel, statusColor, statusLabel } from './labels';
import { PlanActions } from './PlanActions';

/** `/plans/$planId`: one version of a plan (the latest by default), what can be done with it, its budget, versions and reviews. */
export function PlanPage({ planId, version }: { planId: string; version?: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const q = useQuery(planQueryOptions(planId, version));
  const back = (
    <ButtonLink to="/plans" variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t('plans.view.back')}
    </ButtonLink>
  );
  if (q.isPending)
    return (
      <>
        <PageHeader title={t('plans.view.title')} actions={back} />
        <LoadingState label={t('plans.view.loading')} />
      </>
    );
  if (q.isError)
    return (
      <>
        <PageHeader title={t('plans.view.title')} actions={back} />
        {isNotFound(q.error) ? (
          <EmptyState
            icon={<IconFolderQuestion aria-hidden />}
            title={t('plans.view.notFound')}
            description={t('plans.view.notFoundHelp')}
          />
        ) : (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} />
        )}
      </>
    );
  const onChanged = (p: Versioned<Plan>) => {
    // A version in force followed while the next one is prepared is not the latest: its own entry is updated.
    queryClient.setQueryData(planKeys.version(planId, p.data.version.latest ? undefined : p.data.version.number), p);
    void queryClient.invalidateQueries({ queryKey: planKeys.detail(planId) });
    void queryClient.invalidateQueries({ queryKey: planKeys.lists });
  };
  return <PlanView current={q.data} back={back} onChanged={onChanged} />;
}

function PlanView({
  current,
  back,
  onChanged,
}: {
  current: Versioned<Plan>;
  back: React.ReactNode;
  onChanged: (p: Versioned<Plan>) => void;
}) {
  const { t } = useTranslation();
  const plan = current.data;
  const v = plan.version;
  const partner = plan.access.view === 'partner';
  const [following, setFollowing] = useState<string | null>(null);
  const followed = following ? plan.goals.flatMap((g) => g.actions).find((a) => a.id === following) : undefined;
  // The version in force stays followed while the next one is prepared (issue 19, item 5).
  const inForce = plan.versions.find((x) => followedStatuses.includes(x.status));
  const follow: Follow = {
    can: (a) => followedStatuses.includes(v.status) && !plan.access.readOnly && (plan.access.can.follow || a.own),
    open: (a) => setFollowing(a.id),
  };
  const title = partner
    ? t('plans.partner.title', { name: plan.personName ?? '' })
    : t('plans.view.titleFor', { name: plan.personName ?? t('plans.view.thePerson') });
  return (
    <>
      <PageHeader
        title={title}
        documentTitle={t('plans.view.title')}
        description={
          <Group component="span" gap="xs" wrap="wrap">
            <span>{t('plans.versionNumber', { number: v.number })}</span>
            <Badge component="span" color={statusColor[v.status]} variant="light">
              {statusLabel(t, v.status)}
            </Badge>
            {v.startDate ? <span>· {t('plans.view.since', { date: formatDay(v.startDate) })}</span> : null}
          </Group>
        }
        actions={back}
      />
      <Stack gap="md">
        <PlanActions current={current} onChanged={onChanged} />
        {v.latest && !partner && inForce && inForce.number !== v.number ? (
          <Alert color="blue" variant="light" icon={<IconHistory aria-hidden />}>
            {t('plans.view.inForceFollowed', { number: inForce.number })}{' '}
            <AnchorLink to="/plans/$planId" params={{ planId: plan.id }} search={{ version: inForce.number }}>
              {t('plans.view.openInForce', { number: inForce.number })}
            </AnchorLink>
          </Alert>
        ) : null}
        {!v.latest && !partner ? (
          <Alert color="gray" variant="light" icon={<IconHistory aria-hidden />}>
            {followedStatuses.includes(v.status) ? t('plans.view.inForceVersion') : t('plans.view.olderVersion')}{' '}
            <AnchorLink to="/plans/$planId" params={{ planId: plan.id }} search={{}}>
              {t('plans.view.openLatest')}
            </AnchorLink>
          </Alert>
        ) : null}
        {plan.reviewSchedule?.due && v.status === 'active' ? (
          <Alert color="orange" variant="light" icon={<IconCalendarDue aria-hidden />} title={t('plans.view.reviewDueTitle')}>
            {t('plans.view.reviewDue', { date: formatDay(plan.reviewSchedule.nextReviewOn!) })}
          </Alert>
        ) : null}
        {partner ? <PartnerView plan={plan} follow={follow} /> : <TeamView plan={plan} follow={follow} />}
      </Stack>
      {followed ? <ActionStatusModal current={current} action={followed} onClose={() => setFollowing(null)} onChanged={onChanged} /> : null}
    </>
  );
}

/** The plan as a partner sees it: their own actions only, and the goals they serve. */
function PartnerView({ plan, follow }: { plan: Plan; follow: Follow }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert color="blue" variant="light">
        {t('plans.partner.explain')}
      </Alert>
      <GoalsView plan={plan} follow={follow} />
    </Stack>
  );
}

function TeamView({ plan, follow }: { plan: Plan; follow: Follow }) {
  const { t } = useTranslation();
  const v = plan.version;
  const issues = plan.coherence ?? [];
  return (
    <Tabs defaultValue="goals" keepMounted={false} variant="outline">
      <Tabs.List aria-label={t('plans.view.sections')} style={{ flexWrap: 'wrap' }}>
        <Tabs.Tab value="goals">{t('plans.view.tabs.goals')}</Tabs.Tab>
        <Tabs.Tab
          value="budget"
          rightSection={
            plan.budget?.overBudget ? (
              <Badge color="red" size="xs" variant="filled" aria-label={t('plans.budget.over')}>
                !
              </Badge>
            ) : null
          }
        >
          {t('plans.view.tabs.budget')}
        </Tabs.Tab>
        <Tabs.Tab value="person">{t('plans.view.tabs.person')}</Tabs.Tab>
        <Tabs.Tab value="versions">{t('plans.view.tabs.versions')}</Tabs.Tab>
      </Tabs.List>

      <Tabs.Panel value="goals" pt="md">
        <Stack gap="md">
          <Card withBorder padding="md" component="section" aria-labelledby="plan-coherence">
            <Stack gap="xs">
              <Title order={2} size="h3" id="plan-coherence">
                {t('plans.coherence.title')}
              </Title>
              {issues.length === 0 ? (
                <Text c="teal.9">{t('plans.coherence.none')}</Text>
              ) : (
                <List size="sm" spacing={4}>
                  {issues.map((x, i) => (
                    <List.Item key={i} icon={<IconAlertTriangle size={16} color="var(--mantine-color-orange-8)" aria-hidden />}>
                      <Text span size="sm" fw={600}>
                        {coherenceLabel(t, x.code)}
                      </Text>{' '}
                      <Text span size="sm">
                        {x.message}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Card>
          <NeedsTable plan={plan} />
          <Title order={2} size="h3">
            {t('plans.view.goals')}
          </Title>
          {plan.hidden.goals ? (
            <Text size="sm" c="dimmed">
              {t('plans.view.hidden', { count: plan.hidden.goals })}
            </Text>
          ) : null}
          <GoalsView plan={plan} issues={issues} follow={follow} />
        </Stack>
      </Tabs.Panel>

      <Tabs.Panel value="budget" pt="md">
        {plan.budget ? <BudgetView budget={plan.budget} /> : <Text c="dimmed">{t('plans.budget.notVisible')}</Text>}
      </Tabs.Panel>

      <Tabs.Panel value="person" pt="md">
        <Stack gap="md">
          <Card withBorder padding="md" component="section" aria-labelledby="plan-expectations">
            <Title order={2} size="h3" id="plan-expectations">
              {t('plans.view.expectations')}
            </Title>
            {v.expectations ? (
              <Text fs="italic" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
                « {v.expectations} »
              </Text>
            ) : (
              <Text c="dimmed" mt="xs">
                {t('plans.view.noExpectations')}
              </Text>
            )}
            {v.expectationsBy ? (
              <Text size="sm" c="dimmed">
                {t(`plans.expectationSources.${v.expectationsBy}`)}
              </Text>
            ) : null}
          </Card>
          <Card withBorder padding="md" component="section" aria-labelledby="plan-agreement">
            <Title order={2} size="h3" id="plan-agreement">
              {t('plans.agreement.title')}
            </Title>
            {v.agreement ? (
              <Stack gap={4} mt="xs">
                <Text>
                  {t('plans.agreement.summary', {
                    date: formatDay(v.agreement.agreedOn),
                    form: t(`plans.agreementForms.${v.agreement.form}`),
                    who:
                      v.agreement.givenBy === 'person'
                        ? t('plans.agreement.byPerson')
                        : (v.agreement.representative?.name ?? t('plans.agreement.byRepresentative')),
                  })}
                </Text>
                <Text size="sm">
                  {v.agreement.copyHandedOver
                    ? t('plans.agreement.copyGiven', { date: v.agreement.copyHandedOn ? formatDay(v.agreement.copyHandedOn) : '—' })
                    : t('plans.agreement.noCopy')}
                </Text>
                {v.agreement.note ? <Text size="sm">{v.agreement.note}</Text> : null}
              </Stack>
            ) : (
              <Text c="dimmed" mt="xs">
                {t('plans.agreement.none')}
              </Text>
            )}
          </Card>
        </Stack>
      </Tabs.Panel>

      <Tabs.Panel value="versions" pt="md">
        <VersionsPanel plan={plan} />
      </Tabs.Panel>
    </Tabs>
  );
}

function NeedsTable({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  if (!plan.needs.length) return null;
  const goalNo = new Map(plan.goals.map((g, i) => [g.id, i + 1]));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="plan-needs">
      <Title order={2} size="h3" id="plan-needs" mb="xs">
        {t('plans.needs.title')}
      </Title>
      <TableScroll label={t('plans.needs.title')} minWidth={560}>
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('plans.needs.need')}</Table.Th>
              <Table.Th>{t('plans.needs.priority')}</Table.Th>
              <Table.Th>{t('plans.needs.answer')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.needs.map((n) => (
              <Table.Tr key={n.code}>
                <Table.Td>{n.label}</Table.Td>
                <Table.Td>{t(`assessments.priorities.${n.priority}`)}</Table.Td>
                <Table.Td>
                  {n.answeredBy.length ? (
                    n.answeredBy.map((id) => t('plans.needs.goalN', { n: goalNo.get(id) ?? '?' })).join(', ')
                  ) : n.deferredReason ? (
                    t('plans.needs.deferred', { reason: n.deferredReason })
                  ) : (
                    <Text span c="red.9" size="sm">
                      {t('plans.needs.unanswered')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Card>
  );
}

function VersionsPanel({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const numbers = plan.versions.map((v) => v.number);
  const last = numbers.at(-1) ?? 1;
  return (
    <Stack gap="md">
      <TableScroll label={t('plans.versions.caption')} minWidth={560}>
        <Table verticalSpacing="xs">
          <Table.Caption>{t('plans.versions.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('plans.versions.number')}</Table.Th>
              <Table.Th>{t('plans.versions.status')}</Table.Th>
              <Table.Th>{t('plans.versions.agreedOn')}</Table.Th>
              <Table.Th>{t('plans.versions.start')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.versions.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>
                  <AnchorLink to="/plans/$planId" params={{ planId: plan.id }} search={{ version: v.number }}>
                    {t('plans.versionNumber', { number: v.number })}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <CellBadge color={statusColor[v.status]} variant="light">
                    {statusLabel(t, v.status)}
                  </CellBadge>
                </Table.Td>
                <Table.Td>{v.agreedOn ? formatDay(v.agreedOn) : '—'}</Table.Td>
                <Table.Td>{v.startDate ? formatDay(v.startDate) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {numbers.length > 1 ? (
        <Group>
          <ButtonLink
            to="/plans/$planId/compare"
            params={{ planId: plan.id }}
            search={{ a: numbers.at(-2)!, b: last }}
            variant="light"
            leftSection={<IconArrowsDiff size={16} aria-hidden />}
          >
            {t('plans.versions.compareLast', { a: numbers.at(-2)!, b: last })}
          </ButtonLink>
        </Group>
      ) : null}
      <Title order={2} size="h3">
        {t('plans.reviews.title')}
      </Title>
      {plan.reviews.length === 0 ? <Text c="dimmed">{t('plans.reviews.none')}</Text> : null}
      {plan.reviews.map((r) => (
        <Card key={r.id} withBorder padding="sm">
          <Text fw={600}>
            {t('plans.reviews.line', { date: formatDay(r.reviewedOn), from: r.versionNumber, to: r.nextVersionNumber ?? '—' })}
          </Text>
          {r.participants ? <Text size="sm">{t('plans.reviews.with', { who: r.participants })}</Text> : null}
          <Stack gap={4} mt="xs">
            {r.outcomes.map((o) => (
              <Group key={o.goalKey} gap="xs" wrap="nowrap" align="flex-start">
                <CellBadge color={outcomeColor[o.outcome]} variant="light">
                  {outcomeLabel(t, o.outcome)}
                </CellBadge>
                <Text size="sm">
                  {o.wording}
                  {o.comment ? ` — ${o.comment}` : ''}
                </Text>
              </Group>
            ))}
          </Stack>
          {r.summary ? (
            <Text size="sm" mt="xs">
              {r.summary}
            </Text>
          ) : null}
        </Card>
      ))}
    </Stack>
  );
}
