import { Alert, Button, Card, Checkbox, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowsDiff, IconClipboardPlus, IconDeviceFloppy, IconFileAnalytics } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellBadge, TableScroll } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay, formatTime, formatDate } from '../../ui/format';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { useMe } from '../identity/public';
import { assessmentListQueryOptions, assessmentSeriesQueryOptions } from './api';
import { AssessmentCharts } from './AssessmentCharts';
import { findLocalDrafts, type LocalDraft } from './drafts';
import { contextLabel, statusColor, statusLabel } from './labels';

export interface PersonAssessmentsPanelProps {
  personId: string;
}

/**
 * A person's assessments: the history (latest first, drafts and superseded ones included), entries kept on this device
 * and not sent yet, the GIR and scores over time, and the choice of two assessments to compare. Shown in the person's
 * record (tab) and on its own page.
 */
export function PersonAssessmentsPanel({ personId }: PersonAssessmentsPanelProps) {
  const { t } = useTranslation();
  const me = useMe().data;
  const navigate = useNavigate();
  const list = useQuery(assessmentListQueryOptions(personId));
  const series = useQuery(assessmentSeriesQueryOptions(personId));
  const [selected, setSelected] = useState<string[]>([]);
  const [localDrafts, setLocalDrafts] = useState<LocalDraft[]>([]);
  const canWrite = !!me?.permissions.includes('assessment.write');

  useEffect(() => {
    if (!me) return;
    let cancelled = false;
    findLocalDrafts(me.user.id, (d) => d.personId === personId)
      .then((found) => {
        if (!cancelled) setLocalDrafts(found);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [me, personId]);

  const items = list.data?.items ?? [];
  const toggle = (id: string, checked: boolean) =>
    setSelected((current) => (checked ? [...current.filter((x) => x !== id), id].slice(-2) : current.filter((x) => x !== id)));
  const compare = () => {
    // Older first: the comparison reads "from a to b".
    const [a, b] = [...selected].sort((x, y) => {
      const ix = items.findIndex((i) => i.id === x);
      const iy = items.findIndex((i) => i.id === y);
      return iy - ix;
    });
    if (a && b) void navigate({ to: '/assessments/compare', search: { a, b } });
  };

  let history;
  if (list.isPending) history = <LoadingState label={t('assessments.history.loading')} />;
  else if (list.isError && !list.data)
    history = <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  else if (items.length === 0)
    history = (
      <EmptyState
        icon={<IconFileAnalytics aria-hidden />}
        title={t('assessments.history.empty')}
        description={t('assessments.history.emptyHelp')}
      />
    );
  else
    history = (
      <Stack gap="sm">
        <TableScroll label={t('assessments.history.caption')} minWidth={720}>
          <Table verticalSpacing="sm" striped highlightOnHover>
            <Table.Caption>{t('assessments.history.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56}>
                  <VisuallyHidden>{t('assessments.history.compare')}</VisuallyHidden>
                </Table.Th>
                <Table.Th>{t('assessments.history.date')}</Table.Th>
                <Table.Th>{t('assessments.history.context')}</Table.Th>
                <Table.Th>{t('assessments.history.status')}</Table.Th>
                <Table.Th>{t('assessments.history.gir')}</Table.Th>
                <Table.Th>{t('assessments.history.assessor')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => {
                const date = formatDay(a.assessedOn);
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Checkbox
                        size="md"
                        aria-label={t('assessments.history.select', { date })}
                        checked={selected.includes(a.id)}
                        onChange={(e) => toggle(a.id, e.currentTarget.checked)}
                        disabled={a.status === 'discarded'}
                      />
                    </Table.Td>
                    <Table.Td>
                      <AnchorLink
                        to="/assessments/$assessmentId"
                        params={{ assessmentId: a.id }}
                        aria-label={t('assessments.history.open', { date })}
                      >
                        {date}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{contextLabel(t, a.context)}</Table.Td>
                    <Table.Td>
                      <CellBadge color={statusColor[a.status]} variant="light">
                        {statusLabel(t, a.status)}
                      </CellBadge>
                    </Table.Td>
                    <Table.Td>{a.gir === null ? '—' : <Text fw={700}>{t('assessments.aggir.gir', { gir: a.gir })}</Text>}</Table.Td>
                    <Table.Td>{a.assessedBy.displayName ?? t('assessments.view.unknownUser')}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </TableScroll>
        <Group gap="sm" wrap="wrap">
          <Button
            size="md"
            variant="light"
            leftSection={<IconArrowsDiff size={18} aria-hidden />}
            disabled={selected.length !== 2}
            onClick={compare}
          >
            {t('assessments.history.compare')}
          </Button>
          <Text size="sm" c="dimmed">
            {t('assessments.history.compareHelp')}
          </Text>
        </Group>
      </Stack>
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('assessments.history.title')}</Title>
        {canWrite ? (
          <ButtonLink
            to="/people/$personId/assessments/new"
            params={{ personId }}
            size="md"
            leftSection={<IconClipboardPlus size={18} aria-hidden />}
          >
            {t('assessments.history.new')}
          </ButtonLink>
        ) : null}
      </Group>
      {localDrafts.length > 0 ? (
        <Alert color="blue" variant="light" icon={<IconDeviceFloppy aria-hidden />} title={t('assessments.history.localTitle')}>
          <Stack gap="xs">
            {localDrafts.map((d) => (
              <Group key={d.localId} gap="sm" wrap="wrap">
                <Text size="sm">
                  {t('assessments.history.localDraft', { date: formatDate(d.savedAt), time: formatTime(d.savedAt) })}
                  {d.pending ? ` · ${t('assessments.history.localPending')}` : ''}
                </Text>
                {d.assessmentId ? (
                  <AnchorLink to="/assessments/$assessmentId" params={{ assessmentId: d.assessmentId }}>
                    {t('assessments.history.resume')}
                  </AnchorLink>
                ) : (
                  <AnchorLink to="/people/$personId/assessments/new" params={{ personId }}>
                    {t('assessments.history.resume')}
                  </AnchorLink>
                )}
              </Group>
            ))}
          </Stack>
        </Alert>
      ) : null}
      {history}
      <Card withBorder padding="md" component="section" aria-labelledby={`chart-${personId}`}>
        <Stack gap="sm">
          <Title order={2} id={`chart-${personId}`}>
            {t('assessments.chart.title')}
          </Title>
          {series.isPending ? <LoadingState /> : null}
          {series.isError && !series.data ? (
            <ErrorState error={series.error} onRetry={() => void series.refetch()} retrying={series.isFetching} />
          ) : null}
          {series.data ? <AssessmentCharts series={series.data} /> : null}
        </Stack>
      </Card>
    </Stack>
  );
}
