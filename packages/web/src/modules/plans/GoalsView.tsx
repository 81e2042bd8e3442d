import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconProgressCheck } from '@tabler/icons-react';
import type { CoherenceIssue, Plan, PlanAction, PlanGoal } from '@maillon/shared/plans';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../ui/DataTable';
import { formatDateTime, formatDay } from '../../ui/format';
import {
  actionStatusLabel,
  actionTypeLabel,
  coherenceLabel,
  componentLabel,
  euros,
  horizonLabel,
  periodLabel,
  priorityColor,
  priorityLabel,
  sourceLabel,
} from './labels';

export function ownerText(a: PlanAction, none: string): string {
  if (!a.owner) return none;
  return a.owner.organisation ? `${a.owner.name} (${a.owner.organisation})` : a.owner.name;
}

export function datesText(a: { startDate: string | null; endDate: string | null }): string {
  if (a.startDate && a.endDate) return `${formatDay(a.startDate)} → ${formatDay(a.endDate)}`;
  if (a.startDate) return `${formatDay(a.startDate)} →`;
  if (a.endDate) return `→ ${formatDay(a.endDate)}`;
  return '—';
}

/** Following the plan in effect: which actions the reader may move, and how to open the follow-up of one. */
export interface Follow {
  can: (a: PlanAction) => boolean;
  open: (a: PlanAction) => void;
}

/** Goals and their actions, read-only but for the follow-up of actions; coherence issues are shown next to what they concern. */
export function GoalsView({ plan, issues = [], follow }: { plan: Plan; issues?: CoherenceIssue[]; follow?: Follow }) {
  const { t } = useTranslation();
  if (!plan.goals.length) return <Text c="dimmed">{t('plans.view.noGoal')}</Text>;
  return (
    <Stack gap="md">
      {plan.goals.map((g, i) => (
        <GoalCard key={g.id} goal={g} index={i} issues={issues} follow={follow} />
      ))}
    </Stack>
  );
}

function GoalCard({ goal: g, index, issues, follow }: { goal: PlanGoal; index: number; issues: CoherenceIssue[]; follow?: Follow }) {
  const { t } = useTranslation();
  const goalIssues = issues.filter((x) => x.goalId === g.id);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`goal-${g.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Title order={3} size="h4" id={`goal-${g.id}`}>
            {t('plans.view.goalTitle', { n: index + 1, wording: g.wording })}
          </Title>
          <Group gap={6}>
            <Badge variant="light">{componentLabel(t, g.component)}</Badge>
            <Badge variant="light" color={priorityColor[g.priority]}>
              {priorityLabel(t, g.priority)}
            </Badge>
          </Group>
        </Group>
        <Text size="sm">
          {t('plans.view.horizon')} : {g.horizon === 'date' && g.targetDate ? formatDay(g.targetDate) : horizonLabel(t, g.horizon)}
          {g.dueOn ? ` · ${t('plans.view.reviewOn', { date: formatDay(g.dueOn) })}` : ''}
        </Text>
        <Text size="sm">
          {t('plans.view.indicator')} : {g.indicator ?? '—'}
          {g.target ? ` — ${t('plans.view.target')} : ${g.target}` : ''}
        </Text>
        {g.needCodes.length ? (
          <Text size="sm" c="dimmed">
            {t('plans.view.answers')} : {g.needLabels.join(', ')}
          </Text>
        ) : null}
        {goalIssues.map((x, k) => (
          <Text key={k} size="sm" c="red.9">
            ⚠ {coherenceLabel(t, x.code)}
          </Text>
        ))}
        {g.actions.length ? (
          <TableScroll label={t('plans.view.actionsOf', { n: index + 1 })} minWidth={700}>
            <Table verticalSpacing={6} fz="sm" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('plans.action.description')}</Table.Th>
                  <Table.Th>{t('plans.action.owner')}</Table.Th>
                  <Table.Th>{t('plans.action.when')}</Table.Th>
                  <Table.Th ta="right">{t('plans.action.cost')}</Table.Th>
                  <Table.Th>{t('plans.action.funding')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {g.actions.map((a) => {
                  const flagged = issues.filter((x) => x.actionIds?.includes(a.id));
                  return (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {a.description}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {actionTypeLabel(t, a.type)} · {actionStatusLabel(t, a.status)}
                          {a.prescriber ? ` · ${t('plans.action.prescribedBy', { who: a.prescriber })}` : ''}
                        </Text>
                        {a.statusChange ? (
                          <Text size="xs" c="dimmed">
                            {a.statusChange.byName
                              ? t('plans.follow.changed', {
                                  status: actionStatusLabel(t, a.status),
                                  date: formatDateTime(a.statusChange.at, false),
                                  who: a.statusChange.byName,
                                })
                              : t('plans.follow.changedNoName', {
                                  status: actionStatusLabel(t, a.status),
                                  date: formatDateTime(a.statusChange.at, false),
                                })}
                            {a.statusChange.note ? ` — « ${a.statusChange.note} »` : ''}
                          </Text>
                        ) : null}
                        {flagged.map((x, k) => (
                          <Text key={k} size="xs" c="red.9">
                            ⚠ {coherenceLabel(t, x.code)}
                          </Text>
                        ))}
                        {follow?.can(a) ? (
                          <Button
                            size="compact-xs"
                            variant="light"
                            mt={4}
                            leftSection={<IconProgressCheck size={14} aria-hidden />}
                            aria-label={t('plans.follow.buttonLabel', { action: a.description })}
                            onClick={() => follow.open(a)}
                          >
                            {t('plans.follow.button')}
                          </Button>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{ownerText(a, t('plans.action.noOwner'))}</Table.Td>
                      <Table.Td>
                        {a.frequency ? <Text size="sm">{a.frequency}</Text> : null}
                        <Text size="xs" c="dimmed">
                          {datesText(a)}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {a.unitCostCents ? (
                          <>
                            <Text size="sm">
                              {euros(a.cost.periodCents)} {periodLabel(t, a.period)}
                            </Text>
                            {a.period === 'once' ? null : (
                              <Text size="xs" data-testid="action-budget">
                                {t('plans.action.overPlan', { total: euros(a.cost.budgetCents) })}
                              </Text>
                            )}
                            <Text size="xs" c="dimmed">
                              {euros(a.unitCostCents)} × {a.quantity.toLocaleString()}
                            </Text>
                          </>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>{a.fundingSource ? sourceLabel(t, a.fundingSource) : '—'}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
        ) : null}
      </Stack>
    </Card>
  );
}
