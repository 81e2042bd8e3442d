import { Badge, Group, Stack, Text } from '@mantine/core';
import type { RiskKind, RiskLevel } from '@maillon/shared/assessments';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { assessmentListQueryOptions, assessmentQueryOptions, type AssessmentSummary } from './api';
import { riskKindLabel, riskLevelColor, riskLevelLabel } from './labels';

const latestFirst = (a: AssessmentSummary, b: AssessmentSummary) =>
  b.assessedOn.localeCompare(a.assessedOn) || (b.signedAt ?? '').localeCompare(a.signedAt ?? '');
const levelOrder: Record<RiskLevel, number> = { high: 0, moderate: 1, low: 2 };

/**
 * For the record's summary: the latest signed GIR with its date, and the risks noted in the latest signed assessment.
 * Only for a caller who may read assessments (the record hides it otherwise); what they may not read is left out.
 */
export function PersonAssessmentSummary({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const list = useQuery(assessmentListQueryOptions(personId));
  const signed = (list.data?.items ?? []).filter((a) => a.status === 'signed').sort(latestFirst);
  const latest = signed[0];
  const withGir = signed.find((a) => a.gir !== null);
  const detail = useQuery({ ...assessmentQueryOptions(latest?.id ?? ''), enabled: !!latest });

  if (list.isPending) return <LoadingState label={t('assessments.personSummary.loading')} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  if (!latest) return <Text c="dimmed">{t('assessments.personSummary.none')}</Text>;

  const risks: { kind: RiskKind; level: RiskLevel }[] = Object.values(detail.data?.data.sections ?? {})
    .flatMap((section) => section?.risks ?? [])
    .sort((a, b) => levelOrder[a.level] - levelOrder[b.level]);

  return (
    <Stack gap="sm">
      {withGir ? (
        <Group gap="xs" wrap="wrap">
          <Text fw={700} size="lg">
            {t('assessments.personSummary.gir', { gir: withGir.gir })}
          </Text>
          <Text size="sm" c="dimmed">
            {t('assessments.personSummary.girOn', { date: formatDay(withGir.assessedOn) })}
          </Text>
        </Group>
      ) : (
        <Text c="dimmed">{t('assessments.personSummary.noGir')}</Text>
      )}
      <Text size="sm">
        {t('assessments.personSummary.latest', { date: formatDay(latest.assessedOn) })}{' '}
        <AnchorLink to="/assessments/$assessmentId" params={{ assessmentId: latest.id }} size="sm">
          {t('assessments.personSummary.open')}
        </AnchorLink>
      </Text>
      {detail.isSuccess ? (
        risks.length ? (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('assessments.personSummary.risks')}
            </Text>
            <Group gap="xs" wrap="wrap">
              {risks.map((r) => (
                <Badge key={r.kind} color={riskLevelColor[r.level]} variant="light">
                  {riskKindLabel(t, r.kind)} — {riskLevelLabel(t, r.level)}
                </Badge>
              ))}
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('assessments.personSummary.noRisk')}
          </Text>
        )
      ) : null}
    </Stack>
  );
}
