import { type Referral } from '@maillon/shared/admissions';
import { Card, Group, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { notify, notifyError } from '../../ui/notify';
import { admissionKeys, transitionOf } from './api';
import { statusLabel } from './labels';

export const personName = (p: Pick<Referral['person'], 'usedName' | 'birthName' | 'firstNames'>) =>
  `${(p.usedName ?? p.birthName).toLocaleUpperCase('fr-FR')} ${p.firstNames}`;
/** Applies a changed referral to the cache and refreshes the lists that show it. */
export function useApply() {
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  return {
    apply: (r: Referral, message?: string) => {
      queryClient.setQueryData(admissionKeys.referral(r.id), r);
      void queryClient.invalidateQueries({ queryKey: admissionKeys.inboxes });
      void queryClient.invalidateQueries({ queryKey: admissionKeys.counts });
      if (message) notify({ message });
    },
    /** A refused change of status in words of the UI; anything else as the server says it. */
    fail: (error: unknown) => {
      const tr = transitionOf(error);
      if (tr) {
        notify({
          color: 'red',
          title: t('admissions.transition.title'),
          message:
            tr.code === 'outcome_final'
              ? t('admissions.transition.final')
              : tr.code === 'person_not_linked'
                ? t('admissions.transition.linkFirst')
                : t('admissions.transition.notAllowed', { from: statusLabel(t, tr.status), to: statusLabel(t, tr.to) }),
          autoClose: false,
        });
      } else notifyError(error);
      void queryClient.invalidateQueries({ queryKey: admissionKeys.all });
    },
  };
}
export function Section({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children ?? '—'}
      </Text>
    </div>
  );
}
