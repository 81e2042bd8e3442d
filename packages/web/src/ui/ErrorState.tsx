import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError } from './errors';

export interface ErrorStateProps {
  /** What was thrown; an `ApiError` gives a precise message and its correlation id. */
  error: unknown;
  /** Heading of the alert. Defaults to "Une erreur est survenue"; `null` for none (the page title already says it). */
  title?: string | null;
  /** Shows a "Réessayer" button. */
  onRetry?: () => void;
  /** Shows the retry button as busy (e.g. the query is refetching). */
  retrying?: boolean;
}

/** Rendered with `role="alert"`, so screen readers announce it as soon as it appears. */
export function ErrorState({ error, title, onRetry, retrying = false }: ErrorStateProps) {
  const { t } = useTranslation();
  const { message, correlationId } = describeError(error, t);
  return (
    <Alert
      variant="light"
      color="red"
      title={title === null ? undefined : (title ?? t('state.errorTitle'))}
      icon={<IconAlertTriangle aria-hidden />}
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{message}</Text>
        {correlationId ? (
          <Text size="sm">
            {t('state.correlationId')} <Code>{correlationId}</Code>
          </Text>
        ) : null}
        {onRetry ? (
          <Button variant="default" size="sm" leftSection={<IconRefresh size={16} aria-hidden />} onClick={onRetry} loading={retrying}>
            {t('state.retry')}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}
