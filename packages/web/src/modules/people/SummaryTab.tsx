import { Button, Card, Code, DataList, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconEye, IconEyeOff, IconGitMerge } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import { notifyError } from '../../ui/notify';
import { accessViaLabel, infoCategoryLabel } from '../access/public';
import { PersonAssessmentSummary } from '../assessments/public';
import { PersonPlanSummary } from '../plans/public';
import { revealIns, type Person } from './api';
import { birthDateWithAge } from './format';
import {
  benefitLabel,
  housingLabel,
  insOidLabel,
  insStatusLabel,
  livingLabel,
  occupationLabel,
  personStatusLabel,
  sexLabel,
} from './labels';
import { MergeModal } from './MergeModal';
import { NotVisible } from './NotVisible';

export function SummaryCard({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  const headingId = useId();
  return (
    <Card component="section" aria-labelledby={headingId} withBorder padding="lg">
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Card>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/**
 * Synthèse: the latest GIR and risks, the plan in force (each only for a caller who may read them), identity card, INS
 * (masked until "Afficher", which is logged), contacts, follow-up and situation.
 */
export function SummaryTab({
  person,
  onChanged,
  canReadAssessments = false,
  canReadPlans = false,
}: {
  person: Person;
  onChanged: () => Promise<unknown>;
  canReadAssessments?: boolean;
  canReadPlans?: boolean;
}) {
  const { t } = useTranslation();
  const [merging, setMerging] = useState(false);
  const categories = new Set(person.access.categories);
  const admin = categories.has('administrative');
  const none = t('state.none');
  /** A value of an administrative field: "non visible" when the caller may not read it, "non renseigné" when empty. */
  const adminValue = (value: ReactNode) => (!admin ? <NotVisible inline /> : value === null || value === '' ? none : value);
  const address = person.address;

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {canReadAssessments ? (
          <SummaryCard title={t('people.summary.assessment')}>
            <PersonAssessmentSummary personId={person.id} />
          </SummaryCard>
        ) : null}
        {canReadPlans ? (
          <SummaryCard title={t('people.summary.plan')}>
            <PersonPlanSummary personId={person.id} />
          </SummaryCard>
        ) : null}
        <SummaryCard title={t('people.summary.identity')}>
          <DataList labelWidth="11rem">
            <Item label={t('people.fields.birthName')}>{person.birthName.toLocaleUpperCase('fr-FR')}</Item>
            <Item label={t('people.fields.usedName')}>{person.usedName ? person.usedName.toLocaleUpperCase('fr-FR') : none}</Item>
            <Item label={t('people.fields.firstNames')}>{person.firstNames}</Item>
            <Item label={t('people.fields.sex')}>{sexLabel(t, person.sex)}</Item>
            <Item label={t('people.fields.birthDate')}>{birthDateWithAge(t, person.birthDate)}</Item>
            <Item label={t('people.fields.birthPlace')}>
              {adminValue(
                person.birthPlace
                  ? `${person.birthPlace}${person.birthInseeCode ? ` (${person.birthInseeCode})` : ''}`
                  : (person.birthInseeCode ?? null),
              )}
            </Item>
            <Item label={t('people.summary.ins')}>{admin ? <InsValue person={person} /> : <NotVisible inline />}</Item>
          </DataList>
        </SummaryCard>

        <SummaryCard title={t('people.summary.contacts')}>
          <DataList labelWidth="11rem">
            <Item label={t('people.fields.phone')}>{adminValue(person.phone)}</Item>
            <Item label={t('people.fields.mobile')}>{adminValue(person.mobile)}</Item>
            <Item label={t('people.fields.email')}>{adminValue(person.email)}</Item>
            <Item label={t('people.summary.address')}>
              {adminValue(
                address ? (
                  <>
                    {address.line1}
                    {address.line2 ? (
                      <>
                        <br />
                        {address.line2}
                      </>
                    ) : null}
                    <br />
                    {address.postcode} {address.commune}
                    {address.inseeCode ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({t('people.summary.insee', { code: address.inseeCode })})
                      </Text>
                    ) : null}
                  </>
                ) : null,
              )}
            </Item>
          </DataList>
        </SummaryCard>

        <SummaryCard
          title={t('people.summary.follow')}
          action={
            person.access.can.merge && !person.mergedInto ? (
              <Button size="xs" variant="default" leftSection={<IconGitMerge size={14} aria-hidden />} onClick={() => setMerging(true)}>
                {t('people.merge.open')}
              </Button>
            ) : null
          }
        >
          <DataList labelWidth="11rem">
            <Item label={t('people.fields.service')}>{person.serviceName ?? none}</Item>
            <Item label={t('people.summary.referent')}>{person.referent?.displayName ?? none}</Item>
            <Item label={t('people.fields.status')}>{personStatusLabel(t, person.status)}</Item>
            <Item label={t('people.summary.accessVia')}>{accessViaLabel(t, person.access.via)}</Item>
            <Item label={t('people.summary.categories')}>
              {person.access.categories.map((c) => infoCategoryLabel(t, c)).join(', ') || none}
            </Item>
            <Item label={t('people.summary.createdAt')}>{formatDateTime(person.createdAt, false)}</Item>
            <Item label={t('people.summary.updatedAt')}>{formatDateTime(person.updatedAt, false)}</Item>
          </DataList>
        </SummaryCard>

        <SummaryCard title={t('people.summary.situation')}>
          {person.situation ? (
            <DataList labelWidth="11rem">
              <Item label={t('people.fields.living')}>
                {person.situation.livingArrangement ? livingLabel(t, person.situation.livingArrangement) : none}
              </Item>
              <Item label={t('people.fields.housing')}>{person.situation.housing ? housingLabel(t, person.situation.housing) : none}</Item>
              <Item label={t('people.fields.benefits')}>
                {person.situation.benefits?.length ? person.situation.benefits.map((b) => benefitLabel(t, b)).join(', ') : none}
              </Item>
              <Item label={t('people.fields.occupation')}>
                {person.situation.occupation ? occupationLabel(t, person.situation.occupation) : none}
              </Item>
              <Item label={t('people.fields.notes')}>{person.situation.notes || none}</Item>
            </DataList>
          ) : categories.has('social') ? (
            <Text c="dimmed">{none}</Text>
          ) : (
            <NotVisible />
          )}
        </SummaryCard>
      </SimpleGrid>
      {person.access.can.merge ? (
        <MergeModal opened={merging} person={person} onClose={() => setMerging(false)} onMerged={onChanged} />
      ) : null}
    </Stack>
  );
}

/** The INS matricule masked; "Afficher" asks the server for it in clear (logged in the access report). */
function InsValue({ person }: { person: Person }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () => revealIns(person.id),
    onSuccess: ({ matricule }) => setShown(matricule),
    onError: (error) => notifyError(error),
  });
  if (!person.ins) return <>{t('state.none')}</>;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        <Code aria-live="polite">{shown ? formatNir(shown) : person.ins.matriculeMasked}</Code>
        {person.access.can.revealIns ? (
          shown ? (
            <Button size="compact-xs" variant="subtle" leftSection={<IconEyeOff size={14} aria-hidden />} onClick={() => setShown(null)}>
              {t('people.summary.hideIns')}
            </Button>
          ) : (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconEye size={14} aria-hidden />}
              onClick={() => reveal.mutate()}
              loading={reveal.isPending}
            >
              {t('people.summary.showIns')}
            </Button>
          )
        ) : null}
      </Group>
      <Text size="xs" c="dimmed">
        {insOidLabel(t, person.ins.oid)} · {insStatusLabel(t, person.ins.status)}
      </Text>
    </Stack>
  );
}

/** `1 36 12 26 347 012 34`: the NIR grouped as on a Carte Vitale. */
const formatNir = (nir: string) =>
  nir.length === 15
    ? [nir.slice(0, 1), nir.slice(1, 3), nir.slice(3, 5), nir.slice(5, 7), nir.slice(7, 10), nir.slice(10, 13), nir.slice(13)].join(' ')
    : nir;
