import '@mantine/charts/styles.css';
import type { AssessmentSeries } from '@maillon/shared/assessments';
import { LineChart } from '@mantine/charts';
import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../ui/format';

const COLORS = ['blue.7', 'grape.7', 'orange.8', 'teal.8', 'red.8', 'indigo.7'];

/**
 * GIR and instrument totals of the signed assessments over time. The charts are pictures for the eye; the same values
 * are given in tables right below them for screen readers and keyboard users.
 */
export function AssessmentCharts({ series }: { series: AssessmentSeries }) {
  const { t } = useTranslation();
  if (series.gir.length === 0 && series.instruments.length === 0) return <Text c="dimmed">{t('assessments.chart.empty')}</Text>;

  const girData = series.gir.map((p) => ({ date: formatDay(p.date), gir: p.gir }));
  const dates = [...new Set(series.instruments.flatMap((i) => i.points.map((p) => p.date)))].sort();
  const scoreData = dates.map((date) => {
    const row: Record<string, string | number> = { date: formatDay(date) };
    for (const line of series.instruments) {
      const point = line.points.find((p) => p.date === date);
      if (point) row[line.instrumentId] = point.total;
    }
    return row;
  });

  return (
    <Stack gap="xl">
      {girData.length > 0 ? (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('assessments.chart.girTitle')}
          </Title>
          <Text size="sm">{t('assessments.chart.girNote')}</Text>
          <div role="img" aria-label={t('assessments.chart.girTitle')}>
            <LineChart
              h={240}
              data={girData}
              dataKey="date"
              series={[{ name: 'gir', label: 'GIR', color: 'blue.7' }]}
              curveType="linear"
              yAxisLabel={t('assessments.chart.girAxis')}
              yAxisProps={{
                domain: [1, 6],
                reversed: true,
                ticks: [1, 2, 3, 4, 5, 6],
                allowDecimals: false,
                width: 70,
                padding: { top: 12, bottom: 12 },
              }}
              lineChartProps={{ accessibilityLayer: false }}
              withTooltip={false}
              dotProps={{ r: 5 }}
            />
          </div>
          <ValuesTable title="GIR" rows={series.gir.map((p) => ({ date: p.date, series: 'GIR', value: String(p.gir) }))} />
        </Stack>
      ) : null}
      {series.instruments.length > 0 ? (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('assessments.chart.scoresTitle')}
          </Title>
          <div role="img" aria-label={t('assessments.chart.scoresTitle')}>
            <LineChart
              h={240}
              data={scoreData}
              dataKey="date"
              series={series.instruments.map((line, i) => ({
                name: line.instrumentId,
                label: line.title,
                color: COLORS[i % COLORS.length]!,
              }))}
              curveType="linear"
              connectNulls
              withLegend
              lineChartProps={{ accessibilityLayer: false }}
              withTooltip={false}
              dotProps={{ r: 5 }}
            />
          </div>
          <ValuesTable
            title={t('assessments.chart.scoresTitle')}
            rows={series.instruments.flatMap((line) =>
              line.points.map((p) => ({
                date: p.date,
                series: line.title,
                value: p.band ? `${p.total} (${p.band.label})` : String(p.total),
              })),
            )}
          />
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('assessments.chart.noScores')}
        </Text>
      )}
    </Stack>
  );
}

function ValuesTable({ title, rows }: { title: string; rows: { date: string; series: string; value: string }[] }) {
  const { t } = useTranslation();
  return (
    <Table fz="sm" withTableBorder>
      <Table.Caption>{t('assessments.chart.tableCaption', { title })}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('assessments.chart.date')}</Table.Th>
          <Table.Th>{t('assessments.chart.series')}</Table.Th>
          <Table.Th>{t('assessments.chart.value')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, i) => (
          <Table.Tr key={i}>
            <Table.Td>{formatDay(row.date)}</Table.Td>
            <Table.Td>{row.series}</Table.Td>
            <Table.Td>{row.value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
