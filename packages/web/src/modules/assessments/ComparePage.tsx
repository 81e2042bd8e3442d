import type { AssessmentComparison, NeedPriority, RiskLevel } from '@maillon/shared/assessments';
import { riskLevels } from '@maillon/shared/assessments';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowsExchange } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { formatDay } from '../../ui/format';
import { ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { PageHeader } from '../../ui/PageHeader';
import { comparisonQueryOptions } from './api';
import { contextLabel, domainLabel, priorityLabel, riskKindLabel, riskLevelLabel, statusColor, statusLabel, urgencyLabel } from './labels';

/** `/assessments/compare?a=…&b=…`: what changed from assessment a to assessment b. */
export function ComparePage({ a, b }: { a: string | undefined; b: string | undefined }) {
  const { t } = useTranslation();
  const query = useQuery({ ...comparisonQueryOptions(a ?? '', b ?? ''), enabled: !!a && !!b });
  const title = t('assessments.compare.title');
  if (!a || !b) {
    return (
      <>
        <PageHeader title={title} />
        <Text>{t('assessments.compare.invalid')}</Text>
      </>
    );
  }
  if (query.isPending) {
    return (
      <>
        <PageHeader title={title} />
        <LoadingState label={t('assessments.compare.loading')} />
      </>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeader title={title} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      </>
    );
  }
  return <Comparison c={query.data} />;
}

const RANK = (level: RiskLevel | null) => (level === null ? -1 : riskLevels.indexOf(level));

function Comparison({ c }: { c: AssessmentComparison }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const girBadge = () => {
    const { from, to, change } = c.gir;
    if (from === null || to === null || change === null) return <Badge color="gray">{t('assessments.compare.girUnknown')}</Badge>;
    // A lower GIR is a heavier dependence.
    if (change < 0) return <Badge color="red">{t('assessments.compare.girMoreDependent')}</Badge>;
    if (change > 0) return <Badge color="teal">{t('assessments.compare.girMoreAutonomous')}</Badge>;
    return <Badge color="gray">{t('assessments.compare.girSame')}</Badge>;
  };
  const priorityText = (from: NeedPriority, to: NeedPriority) =>
    from === to
      ? priorityLabel(t, to)
      : t('assessments.compare.priorityChange', { from: priorityLabel(t, from), to: priorityLabel(t, to) });
  const level = (l: RiskLevel | null) => (l === null ? t('assessments.compare.absent') : riskLevelLabel(t, l));

  return (
    <>
      <PageHeader
        title={t('assessments.compare.title')}
        actions={
          <>
            <ButtonLink
              to="/people/$personId/assessments"
              params={{ personId: c.a.personId }}
              variant="default"
              leftSection={<IconArrowLeft size={16} aria-hidden />}
            >
              {t('assessments.compare.backToHistory')}
            </ButtonLink>
            <Button
              variant="default"
              leftSection={<IconArrowsExchange size={16} aria-hidden />}
              onClick={() => void navigate({ to: '/assessments/compare', search: { a: c.b.id, b: c.a.id } })}
            >
              {t('assessments.compare.swap')}
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {[
            { s: c.a, label: t('assessments.compare.from', { date: formatDay(c.a.assessedOn, 'long') }) },
            { s: c.b, label: t('assessments.compare.to', { date: formatDay(c.b.assessedOn, 'long') }) },
          ].map(({ s, label }) => (
            <Card key={s.id} withBorder padding="md">
              <Text fw={700}>{label}</Text>
              <Group gap="xs" mt={4}>
                <Badge color={statusColor[s.status]} variant="light">
                  {statusLabel(t, s.status)}
                </Badge>
                <Text size="sm">{contextLabel(t, s.context)}</Text>
              </Group>
            </Card>
          ))}
        </SimpleGrid>

        <Section title={t('assessments.compare.gir')}>
          <Group gap="md">
            <Text fz="xl" fw={700}>
              {t('assessments.compare.girChange', { from: c.gir.from ?? '—', to: c.gir.to ?? '—' })}
            </Text>
            {girBadge()}
          </Group>
        </Section>

        <Section title={t('assessments.compare.needs')}>
          {c.needs.added.length + c.needs.resolved.length + c.needs.continuing.length === 0 ? (
            <Text c="dimmed">{t('assessments.compare.none')}</Text>
          ) : (
            <TableScroll label={t('assessments.compare.needs')} minWidth={600}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assessments.needsSummary.domain')}</Table.Th>
                    <Table.Th>{t('assessments.needsSummary.need')}</Table.Th>
                    <Table.Th>{t('assessments.needsSummary.priority')}</Table.Th>
                    <Table.Th>{t('assessments.history.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.needs.added.map((n) => (
                    <Table.Tr key={`added-${n.domain}-${n.code}`}>
                      <Table.Td>{domainLabel(t, n.domain)}</Table.Td>
                      <Table.Td>{n.label}</Table.Td>
                      <Table.Td>{priorityLabel(t, n.priority)}</Table.Td>
                      <Table.Td>
                        <Badge color="blue" miw="max-content">
                          {t('assessments.compare.added')}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {c.needs.resolved.map((n) => (
                    <Table.Tr key={`resolved-${n.domain}-${n.code}`}>
                      <Table.Td>{domainLabel(t, n.domain)}</Table.Td>
                      <Table.Td>{n.label}</Table.Td>
                      <Table.Td>{priorityLabel(t, n.priority)}</Table.Td>
                      <Table.Td>
                        <Badge color="teal" miw="max-content">
                          {t('assessments.compare.resolved')}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {c.needs.continuing.map((n) => (
                    <Table.Tr key={`continuing-${n.domain}-${n.code}`}>
                      <Table.Td>{domainLabel(t, n.domain)}</Table.Td>
                      <Table.Td>{n.label}</Table.Td>
                      <Table.Td>{priorityText(n.previousPriority, n.priority)}</Table.Td>
                      <Table.Td>
                        <Badge color="gray" miw="max-content">
                          {t('assessments.compare.continuing')}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </Section>

        <Section title={t('assessments.compare.risks')}>
          {c.risks.length === 0 ? (
            <Text c="dimmed">{t('assessments.compare.none')}</Text>
          ) : (
            <Stack gap="xs">
              {c.risks.map((r) => {
                const badge =
                  r.from === null ? (
                    <Badge color="red">{t('assessments.compare.riskAppeared')}</Badge>
                  ) : r.to === null ? (
                    <Badge color="teal">{t('assessments.compare.riskGone')}</Badge>
                  ) : RANK(r.to) > RANK(r.from) ? (
                    <Badge color="orange">{t('assessments.compare.riskUp')}</Badge>
                  ) : (
                    <Badge color="teal">{t('assessments.compare.riskDown')}</Badge>
                  );
                return (
                  <Group key={`${r.domain}-${r.kind}`} gap="sm" wrap="wrap">
                    <Text fw={600}>{riskKindLabel(t, r.kind)}</Text>
                    <Text size="sm" c="dimmed">
                      {domainLabel(t, r.domain)}
                    </Text>
                    <Text>{t('assessments.compare.levelChange', { from: level(r.from), to: level(r.to) })}</Text>
                    {badge}
                  </Group>
                );
              })}
            </Stack>
          )}
        </Section>

        <Section title={t('assessments.compare.urgency')}>
          {c.urgency.length === 0 ? (
            <Text c="dimmed">{t('assessments.compare.none')}</Text>
          ) : (
            <Stack gap="xs">
              {c.urgency.map((u) => (
                <Group key={u.domain} gap="sm">
                  <Text fw={600}>{domainLabel(t, u.domain)}</Text>
                  <Text>
                    {t('assessments.compare.levelChange', {
                      from: u.from ? urgencyLabel(t, u.from) : t('assessments.compare.absent'),
                      to: u.to ? urgencyLabel(t, u.to) : t('assessments.compare.absent'),
                    })}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Section>

        <Section title={t('assessments.compare.scores')}>
          {c.scores.length === 0 ? (
            <Text c="dimmed">{t('assessments.compare.none')}</Text>
          ) : (
            <Stack gap="xs">
              {c.scores.map((s) => (
                <Group key={s.instrumentId} gap="sm" wrap="wrap">
                  <Text fw={600}>{s.title}</Text>
                  <Text>
                    {t('assessments.compare.scoreChange', {
                      from: s.from?.total ?? '—',
                      to: s.to?.total ?? '—',
                    })}
                  </Text>
                  {s.to?.band ? <Text size="sm">({s.to.band.label})</Text> : null}
                  {s.change === null ? null : s.change > 0 ? (
                    <Badge color="blue">{t('assessments.compare.scoreUp')}</Badge>
                  ) : s.change < 0 ? (
                    <Badge color="indigo">{t('assessments.compare.scoreDown')}</Badge>
                  ) : (
                    <Badge color="gray">{t('assessments.compare.scoreSame')}</Badge>
                  )}
                </Group>
              ))}
            </Stack>
          )}
        </Section>
      </Stack>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Title order={2} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}
