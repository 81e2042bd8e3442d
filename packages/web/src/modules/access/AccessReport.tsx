import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconHistory } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { saveBlob } from '../../ui/download';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { accessReportQueryOptions, downloadAccessReportPdf, type AccessReport } from './api';
import { professionName, reportActionLabel, reportCategoryLabel, reportOutcomeLabel, reportPurposeLabel, roleName } from './labels';

const PAGE = 100;

/** Who accessed the record, when, what and why (FR-07): a table, newest first, shown by hundreds. */
export function AccessReportTable({ report }: { report: AccessReport }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(PAGE);
  if (report.entries.length === 0) return <EmptyState icon={<IconHistory aria-hidden />} title={t('access.report.empty')} />;
  const entries = report.entries.slice(0, shown);
  return (
    <Stack gap="md">
      <TableScroll label={t('access.report.caption')} minWidth={860}>
        <Table verticalSpacing="xs" striped>
          <Table.Caption>{t('access.report.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('access.report.columns.when')}</Table.Th>
              <Table.Th scope="col">{t('access.report.columns.who')}</Table.Th>
              <Table.Th scope="col">{t('access.report.columns.role')}</Table.Th>
              <Table.Th scope="col">{t('access.report.columns.what')}</Table.Th>
              <Table.Th scope="col">{t('access.report.columns.why')}</Table.Th>
              <Table.Th scope="col">{t('access.report.columns.outcome')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry, index) => {
              const category = reportCategoryLabel(t, entry.infoCategory);
              const emergency = entry.purpose === 'break_glass';
              return (
                <Table.Tr key={`${entry.occurredAt}-${index}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
                  </Table.Td>
                  <Table.Td>{entry.who ?? t('access.report.system')}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{roleName(t, entry.role) ?? '—'}</Text>
                    {entry.profession ? (
                      <Text size="xs" c="dimmed">
                        {professionName(t, entry.profession)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{reportActionLabel(t, entry.action, entry.what)}</Text>
                    {category ? (
                      <Text size="xs" c="dimmed">
                        {category}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {emergency ? (
                      <CellBadge color="red" variant="light">
                        {reportPurposeLabel(t, entry.purpose)}
                      </CellBadge>
                    ) : (
                      reportPurposeLabel(t, entry.purpose)
                    )}
                  </Table.Td>
                  <Table.Td>
                    <CellBadge color={entry.outcome === 'success' ? 'teal' : entry.outcome === 'denied' ? 'orange' : 'red'} variant="light">
                      {reportOutcomeLabel(t, entry.outcome)}
                    </CellBadge>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {report.entries.length > shown ? (
        <Group justify="center">
          <Button variant="default" onClick={() => setShown((n) => n + PAGE)}>
            {t('state.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** Rapport des accès of the record, with its PDF to hand to the person (right of access). */
export function AccessReportTab({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const report = useQuery(accessReportQueryOptions(personId));
  const pdf = useMutation({
    mutationFn: () => downloadAccessReportPdf(personId),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename ?? 'rapport-acces.pdf');
      notify({ message: t('access.report.downloaded') });
    },
    onError: (error) => notifyError(error),
  });

  return (
    <section aria-labelledby={headingId}>
      <Group justify="space-between" mb="md" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h3" id={headingId}>
            {t('access.report.title')}
          </Title>
          {report.data ? (
            <Text size="sm" c="dimmed">
              {t('access.report.generatedAt', { date: formatDateTime(report.data.generatedAt, false), count: report.data.entries.length })}
            </Text>
          ) : null}
        </Stack>
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} loading={pdf.isPending} onClick={() => pdf.mutate()}>
          {t('access.report.pdf')}
        </Button>
      </Group>
      {report.isPending ? (
        <LoadingState label={t('access.report.loading')} />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} retrying={report.isFetching} />
      ) : (
        <AccessReportTable report={report.data} />
      )}
    </section>
  );
}
