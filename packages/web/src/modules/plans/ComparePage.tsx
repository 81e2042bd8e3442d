import { Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay } from '../../ui/format';
import { ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { comparisonQueryOptions, planQueryOptions, type PlanComparison } from './api';
import { actionTypeLabel, componentLabel, euros, horizonLabel, periodLabel, priorityLabel, sourceLabel, statusLabel } from './labels';

type FieldChange = PlanComparison['goals']['changed'][number]['changes'][number];

/** `/plans/$planId/compare?a=&b=`: what changed from one version to another — goals, actions, budget. */
export function ComparePage({ planId, a, b }: { planId: string; a?: number; b?: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const plan = useQuery(planQueryOptions(planId));
  const numbers = plan.data?.data.versions.map((v) => v.number) ?? [];
  const from = a ?? numbers.at(-2) ?? 1;
  const to = b ?? numbers.at(-1) ?? 1;
  const cmp = useQuery({ ...comparisonQueryOptions(planId, from, to), enabled: !!plan.data });
  const back = (
    <ButtonLink to="/plans/$planId" params={{ planId }} search={{}} variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t('plans.editor.back')}
    </ButtonLink>
  );
  const choose = (which: 'a' | 'b', value: string | null) =>
    value &&
    void navigate({
      to: '/plans/$planId/compare',
      params: { planId },
      search: { a: which === 'a' ? Number(value) : from, b: which === 'b' ? Number(value) : to },
    });
  const options = numbers.map((n) => ({ value: String(n), label: t('plans.versionNumber', { number: n }) }));
  return (
    <>
      <PageHeader title={t('plans.compare.title')} description={plan.data?.data.personName ?? undefined} actions={back} />
      <Stack gap="md">
        <Group gap="md" align="flex-end">
          <Select
            label={t('plans.compare.from')}
            data={options}
            value={String(from)}
            onChange={(v) => choose('a', v)}
            allowDeselect={false}
            w={180}
          />
          <Select
            label={t('plans.compare.to')}
            data={options}
            value={String(to)}
            onChange={(v) => choose('b', v)}
            allowDeselect={false}
            w={180}
          />
        </Group>
        {plan.isError ? <ErrorState error={plan.error} /> : null}
        {cmp.isPending ? <LoadingState /> : null}
        {cmp.isError ? <ErrorState error={cmp.error} onRetry={() => void cmp.refetch()} /> : null}
        {cmp.data ? <Comparison cmp={cmp.data} needLabels={new Map(plan.data?.data.needs.map((n) => [n.code, n.label]))} /> : null}
      </Stack>
    </>
  );
}

function Comparison({ cmp, needLabels }: { cmp: PlanComparison; needLabels: Map<string, string> }) {
  const { t } = useTranslation();
  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    switch (field) {
      case 'component':
        return componentLabel(t, v as never);
      case 'horizon':
        return horizonLabel(t, v as never);
      case 'priority':
        return priorityLabel(t, v as never);
      case 'type':
        return actionTypeLabel(t, v as never);
      case 'period':
        return periodLabel(t, v as never);
      case 'fundingSource':
        return sourceLabel(t, v as never);
      case 'unitCostCents':
        return euros(v as number);
      case 'startDate':
      case 'endDate':
      case 'targetDate':
        return formatDay(v as string);
      case 'needCodes':
        // In words, never a code (issue 19 item 15).
        return (v as string[]).map((c) => needLabels.get(c) ?? c.replaceAll('_', ' ')).join(', ');
      case 'status':
        return t(`plans.actionStatuses.${v as 'planned'}`);
      default:
        return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    }
  };
  const changes = (list: FieldChange[]) =>
    list.map((c) => (
      <Text key={c.field} size="sm">
        {t(`plans.compare.fields.${c.field}` as never)} : <s>{value(c.field, c.from)}</s> → <strong>{value(c.field, c.to)}</strong>
      </Text>
    ));
  const nothing =
    !cmp.goals.added.length &&
    !cmp.goals.removed.length &&
    !cmp.goals.changed.length &&
    !cmp.actions.added.length &&
    !cmp.actions.removed.length &&
    !cmp.actions.changed.length;
  return (
    <Stack gap="md">
      <Text>
        {t('plans.compare.line', {
          a: cmp.a.number,
          aStatus: statusLabel(t, cmp.a.status),
          b: cmp.b.number,
          bStatus: statusLabel(t, cmp.b.status),
        })}
      </Text>
      {nothing ? <Text c="dimmed">{t('plans.compare.nothing')}</Text> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder padding="md" component="section" aria-labelledby="cmp-goals">
          <Title order={2} size="h3" id="cmp-goals" mb="xs">
            {t('plans.compare.goals')}
          </Title>
          <Stack gap="xs">
            {cmp.goals.added.map((g) => (
              <Group key={g.key} gap="xs" wrap="nowrap" align="flex-start">
                <CellBadge color="teal" variant="light">
                  {t('plans.compare.added')}
                </CellBadge>
                <Text size="sm">{g.wording}</Text>
              </Group>
            ))}
            {cmp.goals.removed.map((g) => (
              <Group key={g.key} gap="xs" wrap="nowrap" align="flex-start">
                <CellBadge color="red" variant="light">
                  {t('plans.compare.removed')}
                </CellBadge>
                <Text size="sm">{g.wording}</Text>
              </Group>
            ))}
            {cmp.goals.changed.map((c) => (
              <Stack key={c.to.key} gap={2}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <CellBadge color="orange" variant="light">
                    {t('plans.compare.changed')}
                  </CellBadge>
                  <Text size="sm" fw={600}>
                    {c.to.wording}
                  </Text>
                </Group>
                {changes(c.changes)}
              </Stack>
            ))}
            {!cmp.goals.added.length && !cmp.goals.removed.length && !cmp.goals.changed.length ? (
              <Text size="sm" c="dimmed">
                {t('plans.compare.same')}
              </Text>
            ) : null}
          </Stack>
        </Card>
        <Card withBorder padding="md" component="section" aria-labelledby="cmp-actions">
          <Title order={2} size="h3" id="cmp-actions" mb="xs">
            {t('plans.compare.actions')}
          </Title>
          <Stack gap="xs">
            {cmp.actions.added.map((x) => (
              <Group key={x.key} gap="xs" wrap="nowrap" align="flex-start">
                <CellBadge color="teal" variant="light">
                  {t('plans.compare.added')}
                </CellBadge>
                <Text size="sm">{x.description}</Text>
              </Group>
            ))}
            {cmp.actions.removed.map((x) => (
              <Group key={x.key} gap="xs" wrap="nowrap" align="flex-start">
                <CellBadge color="red" variant="light">
                  {t('plans.compare.removed')}
                </CellBadge>
                <Text size="sm">{x.description}</Text>
              </Group>
            ))}
            {cmp.actions.changed.map((c) => (
              <Stack key={c.to.key} gap={2}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <CellBadge color="orange" variant="light">
                    {t('plans.compare.changed')}
                  </CellBadge>
                  <Text size="sm" fw={600}>
                    {c.to.description}
                  </Text>
                </Group>
                {changes(c.changes)}
              </Stack>
            ))}
            {!cmp.actions.added.length && !cmp.actions.removed.length && !cmp.actions.changed.length ? (
              <Text size="sm" c="dimmed">
                {t('plans.compare.same')}
              </Text>
            ) : null}
          </Stack>
        </Card>
      </SimpleGrid>
      <Card withBorder padding="md" component="section" aria-labelledby="cmp-budget">
        <Title order={2} size="h3" id="cmp-budget" mb="xs">
          {t('plans.compare.budget')}
        </Title>
        <TableScroll label={t('plans.compare.budget')} minWidth={420}>
          <Table verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plans.budget.source')}</Table.Th>
                <Table.Th ta="right">{t('plans.versionNumber', { number: cmp.a.number })}</Table.Th>
                <Table.Th ta="right">{t('plans.versionNumber', { number: cmp.b.number })}</Table.Th>
                <Table.Th ta="right">{t('plans.compare.difference')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cmp.budget.sources.map((s) => (
                <Table.Tr key={s.source}>
                  <Table.Td>{sourceLabel(t, s.source)}</Table.Td>
                  <Table.Td ta="right">{euros(s.fromCents)}</Table.Td>
                  <Table.Td ta="right">{euros(s.toCents)}</Table.Td>
                  <Table.Td ta="right">{signed(s.changeCents)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr fw={700}>
                <Table.Td>{t('plans.compare.total12')}</Table.Td>
                <Table.Td ta="right">{euros(cmp.budget.total.fromCents)}</Table.Td>
                <Table.Td ta="right">{euros(cmp.budget.total.toCents)}</Table.Td>
                <Table.Td ta="right" data-testid="budget-difference">
                  {signed(cmp.budget.total.changeCents)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
    </Stack>
  );
}

const signed = (c: number) => (c > 0 ? `+${euros(c)}` : euros(c));
