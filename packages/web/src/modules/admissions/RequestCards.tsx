import { type Referral } from '@maillon/shared/admissions';
import { Badge, Button, Divider, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDay } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { notifyError } from '../../ui/notify';
import { findDuplicates, linkPerson, type DuplicateCandidate } from './api';
import { channelLabel, placeLabel, sourceLabel } from './labels';
import { Field, Section, personName, useApply } from './referralParts';

export function RequestCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  return (
    <Section id="request" title={t('admissions.referral.request')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Field label={t('admissions.fields.source')}>
          {sourceLabel(t, r.source)}
          {r.sourceOrganisation ? ` — ${r.sourceOrganisation}` : ''}
        </Field>
        <Field label={t('admissions.fields.channel')}>{channelLabel(t, r.channel)}</Field>
        <Field label={t('admissions.fields.referrer')}>
          {[r.referrer.name, r.referrer.function, r.referrer.phone, r.referrer.email].filter(Boolean).join(' · ')}
        </Field>
        <Field label={t('admissions.fields.receivedAt')}>{formatDateTime(r.receivedAt, false)}</Field>
        <Field label={t('admissions.fields.requestedServices')}>{r.requestedServices.map((s) => s.name).join(', ')}</Field>
        <Field label={t('admissions.fields.expectedStartDate')}>{r.expectedStartDate ? formatDay(r.expectedStartDate) : null}</Field>
        <Field label={t('admissions.fields.currentPlace')}>{r.currentPlace ? placeLabel(t, r.currentPlace) : null}</Field>
        <Field label={t('admissions.fields.personInformed')}>{r.personInformed ? t('admissions.yes') : t('admissions.no')}</Field>
      </SimpleGrid>
      <Divider my="sm" />
      <Field label={t('admissions.fields.reason')}>{r.reason ?? t('admissions.referral.notReadable')}</Field>
      {r.access.categories.includes('health') ? (
        <Field label={t('admissions.fields.medicalInformation')}>{r.medicalInformation}</Field>
      ) : (
        <Text size="xs" c="dimmed" mt="xs">
          {t('admissions.referral.medicalHidden')}
        </Text>
      )}
    </Section>
  );
}
export function PersonCard({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const { apply, fail } = useApply();
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);
  const search = useMutation({ mutationFn: () => findDuplicates(r.person) });
  const link = useMutation({ mutationFn: (body: Parameters<typeof linkPerson>[1]) => linkPerson(r, body) });
  const p = r.person;
  return (
    <Section id="person" title={t('admissions.referral.person')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Field label={t('admissions.fields.person')}>{personName(p)}</Field>
          <Field label={t('admissions.fields.birthDate')}>{formatDay(p.birthDate)}</Field>
          <Field label={t('admissions.fields.phone')}>{p.phone}</Field>
          <Field label={t('admissions.fields.commune')}>{p.commune}</Field>
        </SimpleGrid>
        {r.personId ? (
          <Group gap="xs">
            <Badge color="teal" variant="light">
              {t('admissions.referral.linked')}
            </Badge>
            <AnchorLink to="/people/$personId" params={{ personId: r.personId }}>
              {t('admissions.referral.openRecord')}
            </AnchorLink>
          </Group>
        ) : r.access.can.link ? (
          <Stack gap="xs">
            <Text size="sm">{t('admissions.referral.linkHelp')}</Text>
            {candidates === null ? (
              <Group>
                <Button
                  variant="default"
                  loading={search.isPending}
                  onClick={() => search.mutate(undefined, { onSuccess: setCandidates, onError: (e) => notifyError(e) })}
                >
                  {t('admissions.referral.searchRecords')}
                </Button>
              </Group>
            ) : (
              <Stack gap="xs" role="region" aria-label={t('admissions.referral.candidates')}>
                {candidates.length === 0 ? <Text size="sm">{t('admissions.referral.noCandidate')}</Text> : null}
                {candidates.map((c) => (
                  <Group key={c.id} justify="space-between" wrap="wrap">
                    <Text size="sm">
                      {personName(c)} — {formatDay(c.birthDate)}
                      {c.commune ? ` — ${c.commune}` : ''} {c.serviceName ? ` (${c.serviceName})` : ''}
                    </Text>
                    <Button
                      size="xs"
                      variant="light"
                      loading={link.isPending}
                      onClick={() =>
                        link.mutate({ personId: c.id }, { onSuccess: (x) => apply(x, t('admissions.referral.linkedDone')), onError: fail })
                      }
                    >
                      {t('admissions.referral.linkThis')}
                    </Button>
                  </Group>
                ))}
                <Group>
                  <Button
                    loading={link.isPending}
                    onClick={() =>
                      link.mutate(
                        { create: true, duplicatesReviewed: candidates.length > 0 },
                        { onSuccess: (x) => apply(x, t('admissions.referral.createdRecord')), onError: fail },
                      )
                    }
                  >
                    {t('admissions.referral.createRecord')}
                  </Button>
                </Group>
              </Stack>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('admissions.referral.notLinked')}
          </Text>
        )}
      </Stack>
    </Section>
  );
}
