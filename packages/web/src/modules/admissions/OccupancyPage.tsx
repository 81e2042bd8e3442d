import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { AnchorLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { occupancyQueryOptions } from './api';
import { AdmissionsNav } from './AdmissionsNav';
import { modeLabel } from './labels';

/**
 * `/admissions/occupancy`: places taken, free places and people waiting per service. The chart is
 * for the eye; the same figures are in the table under it for screen readers and keyboards.
 */
export function OccupancyPage() {
  const { t } = useTranslation();
  const q = useQuery(occupancyQueryOptions());
  return (
    <>
      <PageHeader title={t('admissions.occupancy.title')} description={t('admissions.occupancy.description')} />
      <AdmissionsNav current="occupancy" />
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Stack gap="lg">
          <Card withBorder padding="lg" component="section" aria-labelledby="occ-chart">
            <Title order={2} size="h4" id="occ-chart" mb="md">
              {t('admissions.occupancy.chart')}
            </Title>
            <div role="img" aria-label={t('admissions.occupancy.chartLabel')}>
              <BarChart
                h={Math.max(220, q.data.length * 70)}
                data={q.data.map((s) => ({ service: s.name, occupied: s.occupied, free: s.free ?? 0, waiting: s.waiting }))}
                dataKey="service"
                orientation="vertical"
                type="stacked"
                yAxisProps={{ width: 190 }}
                series={[
                  { name: 'occupied', label: t('admissions.occupancy.occupied'), color: 'blue.7' },
                  { name: 'free', label: t('admissions.occupancy.free'), color: 'teal.4' },
                  { name: 'waiting', label: t('admissions.occupancy.waiting'), color: 'orange.6' },
                ]}
                withLegend
                withTooltip={false}
                barChartProps={{ accessibilityLayer: false }}
              />
            </div>
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="occ-table">
            <Title order={2} size="h4" id="occ-table" mb="md">
              {t('admissions.occupancy.table')}
            </Title>
            <TableScroll label={t('admissions.occupancy.table')} minWidth={720}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('admissions.fields.service')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.occupancy.capacity')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.occupancy.occupied')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.occupancy.free')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.occupancy.rate')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.occupancy.waiting')}</Table.Th>
                    <Table.Th scope="col">{t('admissions.occupancy.mode')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {q.data.map((s) => (
                    <Table.Tr key={s.serviceId}>
                      <Table.Td fw={600}>{s.name}</Table.Td>
                      <Table.Td>{s.capacity ?? '—'}</Table.Td>
                      <Table.Td>{s.occupied}</Table.Td>
                      <Table.Td>
                        {s.free ?? '—'}{' '}
                        {s.full ? (
                          <Badge color="red" ml={4}>
                            {t('admissions.occupancy.full')}
                          </Badge>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{s.rate === null ? '—' : `${s.rate.toLocaleString()} %`}</Table.Td>
                      <Table.Td>
                        {s.waiting ? (
                          <AnchorLink to="/admissions/waiting-list" search={{ serviceId: s.serviceId }}>
                            {s.waiting}
                          </AnchorLink>
                        ) : (
                          0
                        )}
                      </Table.Td>
                      <Table.Td>{modeLabel(t, s.decisionMode)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            <Text size="xs" c="dimmed" mt="sm">
              {t('admissions.occupancy.help')}
            </Text>
          </Card>
        </Stack>
      )}
    </>
  );
}
