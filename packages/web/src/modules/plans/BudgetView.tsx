import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Alert, Badge, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { FundingSource, PlanBudget } from '@maillon/shared/plans';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../ui/DataTable';
import { euros, monthLabel, sourceColor, sourceLabel } from './labels';

/** Per source: what is spent against what is granted; the month-by-month chart, with the same values in a table. */
export function BudgetView({ budget, compact = false }: { budget: PlanBudget; compact?: boolean }) {
  const { t } = useTranslation();
  const over = budget.sources.filter((s) => s.overBudget);
  const sources = [...new Set(budget.months.flatMap((m) => Object.keys(m.bySource)))] as FundingSource[];
  const data = budget.months.map((m) => ({
    month: monthLabel(m.month),
    ...Object.fromEntries(sources.map((s) => [s, (m.bySource[s] ?? 0) / 100])),
  }));
  return (
    <Stack gap="md">
      <SimpleGrid cols={compact ? 1 : { base: 1, sm: 3 }} spacing="sm">
        <Figure label={t('plans.budget.perMonth')} value={euros(budget.totals.monthlyCents)} />
        <Figure label={t('plans.budget.oneOff')} value={euros(budget.totals.oneOffCents)} />
        <Figure label={t('plans.budget.total12')} value={euros(budget.totals.periodCents)} testId="plan-total" />
      </SimpleGrid>
      {over.length ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('plans.budget.overTitle')} role="alert">
          <Stack gap={4}>
            {over.map((s) => (
              <Text size="sm" key={s.source}>
                {s.remainingMonthlyCents !== null && s.remainingMonthlyCents < 0
                  ? t('plans.budget.overMonthly', {
                      source: sourceLabel(t, s.source),
                      amount: euros(-s.remainingMonthlyCents),
                      months: s.overMonths.map(monthLabel).join(', '),
                    })
                  : null}
                {s.remainingOneOffCents !== null && s.remainingOneOffCents < 0
                  ? t('plans.budget.overOneOff', { source: sourceLabel(t, s.source), amount: euros(-s.remainingOneOffCents) })
                  : null}
              </Text>
            ))}
          </Stack>
        </Alert>
      ) : null}
      {budget.unfundedCents > 0 ? (
        <Alert color="yellow" variant="light">
          {t('plans.budget.unfunded', { amount: euros(budget.unfundedCents) })}
        </Alert>
      ) : null}
      {compact ? (
        // The editor's side panel is narrow: one block per source, every amount whole, no inner scroll.
        <Stack gap="xs" component="section" aria-label={t('plans.budget.sourcesCaption')}>
          {budget.sources.map((s) => (
            <Stack key={s.source} gap={2} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
              <Group gap={6}>
                <Text size="sm" fw={700}>
                  {sourceLabel(t, s.source)}
                </Text>
                {s.overBudget ? (
                  <Badge color="red" variant="light" size="sm">
                    {t('plans.budget.over')}
                  </Badge>
                ) : null}
              </Group>
              <Stack gap={0} component="dl" m={0}>
                {sourceCells(t, s).map((c) => (
                  <Group key={c.label} justify="space-between" gap="xs" wrap="wrap">
                    <Text component="dt" size="sm" c="dimmed">
                      {c.label}
                    </Text>
                    <Text component="dd" size="sm" m={0} c={c.over ? 'red.9' : undefined} style={{ whiteSpace: 'nowrap' }}>
                      {c.value}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Stack>
          ))}
        </Stack>
      ) : (
        <TableScroll label={t('plans.budget.sourcesCaption')} minWidth={640}>
          <Table verticalSpacing="xs" striped>
            <Table.Caption>{t('plans.budget.sourcesCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plans.budget.source')}</Table.Th>
                {sourceCells(t, undefined).map((c) => (
                  <Table.Th key={c.label} ta="right">
                    {c.label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {budget.sources.map((s) => (
                <Table.Tr key={s.source}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">{sourceLabel(t, s.source)}</Text>
                      {s.overBudget ? (
                        <Badge color="red" variant="light" size="sm">
                          {t('plans.budget.over')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  {sourceCells(t, s).map((c) => (
                    <Table.Td key={c.label} ta="right" c={c.over ? 'red.9' : undefined}>
                      {c.value}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {!compact && sources.length ? (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('plans.budget.chartTitle')}
          </Title>
          <div role="img" aria-label={t('plans.budget.chartLabel')}>
            <BarChart
              h={260}
              data={data}
              dataKey="month"
              type="stacked"
              withLegend
              withTooltip={false}
              valueFormatter={(v) => euros(Math.round(v * 100))}
              series={sources.map((s) => ({ name: s, label: sourceLabel(t, s), color: sourceColor[s] }))}
              barChartProps={{ accessibilityLayer: false }}
              yAxisProps={{ width: 90 }}
            />
          </div>
          <TableScroll label={t('plans.budget.monthsCaption')} minWidth={640}>
            <Table verticalSpacing={4} fz="sm">
              <Table.Caption>{t('plans.budget.monthsCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('plans.budget.month')}</Table.Th>
                  {sources.map((s) => (
                    <Table.Th key={s} ta="right">
                      {sourceLabel(t, s)}
                    </Table.Th>
                  ))}
                  <Table.Th ta="right">{t('plans.budget.totalShort')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {budget.months.map((m) => (
                  <Table.Tr key={m.month}>
                    <Table.Td>{monthLabel(m.month)}</Table.Td>
                    {sources.map((s) => (
                      <Table.Td key={s} ta="right">
                        {euros(m.bySource[s] ?? 0)}
                      </Table.Td>
                    ))}
                    <Table.Td ta="right">{euros(m.totalCents)}</Table.Td>
                  </Table.Tr>
                ))}
                {budget.years.map((y) => (
                  <Table.Tr key={y.year} fw={700}>
                    <Table.Td>{t('plans.budget.year', { year: y.year })}</Table.Td>
                    {sources.map((s) => (
                      <Table.Td key={s} ta="right">
                        {euros(y.bySource[s] ?? 0)}
                      </Table.Td>
                    ))}
                    <Table.Td ta="right">{euros(y.totalCents)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </Stack>
      ) : null}
    </Stack>
  );
}

type SourceLine = PlanBudget['sources'][number];

/** The amounts shown for one funding source, in the order of the table's columns (also its headers). */
function sourceCells(t: TFunction, s: SourceLine | undefined): { label: string; value: string; over?: boolean }[] {
  const amount = (v: number | null | undefined) => (v === null || v === undefined ? '—' : euros(v));
  return [
    { label: t('plans.budget.monthly'), value: amount(s?.monthlyCents) },
    { label: t('plans.budget.allocatedMonthly'), value: amount(s?.allocatedMonthlyCents) },
    { label: t('plans.budget.oneOffShort'), value: amount(s?.oneOffCents) },
    { label: t('plans.budget.allocatedOneOff'), value: amount(s?.allocatedOneOffCents) },
    {
      label: t('plans.budget.remaining'),
      value: s
        ? [s.remainingMonthlyCents, s.remainingOneOffCents]
            .map((v, i) => (v === null ? null : `${euros(v)}${i === 0 ? t('plans.budget.perMonthSuffix') : ''}`))
            .filter(Boolean)
            .join(' · ') || '—'
        : '—',
      over: Boolean(s?.overBudget),
    },
    { label: t('plans.budget.over12'), value: amount(s?.periodCents) },
  ];
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={2} p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
    </Stack>
  );
}
