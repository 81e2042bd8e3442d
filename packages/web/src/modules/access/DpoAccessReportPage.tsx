import { Button, Card, Group, Stack } from '@mantine/core';
import { IconArrowLeft, IconDownload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../ui/download';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime, formatDay } from '../../ui/format';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { AccessReportTable } from './AccessReport';
import { downloadDpoAccessReportPdf, dpoAccessReportQueryOptions } from './api';

/** The access report of one person for the DPO, who is not in the care team and does not open the record. */
export function DpoAccessReportPage({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const report = useQuery(dpoAccessReportQueryOptions(personId));
  const pdf = useMutation({
    mutationFn: () => downloadDpoAccessReportPdf(personId),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename ?? 'rapport-acces.pdf');
      notify({ message: t('access.dpoReport.downloaded') });
    },
    onError: (error) => notifyError(error),
  });
  const back = (
    <Button component={Link} to="/access/reports" variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t('access.dpoReport.back')}
    </Button>
  );
  if (report.isPending)
    return (
      <>
        <PageHeader title={t('access.dpoReport.title')} actions={back} />
        <LoadingState label={t('access.report.loading')} />
      </>
    );
  if (report.isError)
    return (
      <>
        <PageHeader title={t('access.dpoReport.title')} actions={back} />
        <ErrorState error={report.error} onRetry={() => void report.refetch()} retrying={report.isFetching} />
      </>
    );
  const { person, generatedAt, entries } = report.data;
  return (
    <>
      <PageHeader
        title={t('access.dpoReport.titleFor', { name: person.name })}
        documentTitle={t('access.dpoReport.title')}
        description={t('access.dpoReport.description', {
          date: formatDay(person.birthDate),
          generated: formatDateTime(generatedAt, false),
          count: entries.length,
        })}
        actions={
          <Group gap="sm">
            {back}
            <Button leftSection={<IconDownload size={16} aria-hidden />} loading={pdf.isPending} onClick={() => pdf.mutate()}>
              {t('access.dpoReport.pdf')}
            </Button>
          </Group>
        }
      />
      <Card component="section" withBorder padding="lg" aria-label={t('access.report.title')}>
        <Stack gap="md">
          <AccessReportTable report={report.data} />
        </Stack>
      </Card>
    </>
  );
}
