import { Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface LoadingStateProps {
  /** What is loading, read by screen readers and shown next to the spinner. Defaults to "Chargement…". */
  label?: string;
}

/** A polite live region: screen readers announce the label once, without interrupting. */
export function LoadingState({ label }: LoadingStateProps) {
  const { t } = useTranslation();
  return (
    <Group role="status" aria-live="polite" justify="center" gap="sm" py="xl">
      <Loader size="sm" aria-hidden />
      <Text c="dimmed">{label ?? t('state.loading')}</Text>
    </Group>
  );
}
