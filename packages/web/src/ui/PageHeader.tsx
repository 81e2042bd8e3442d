import { Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface PageHeaderProps {
  /** The page's only `<h1>`; also the browser tab title (`title · Maillon`) unless `documentTitle` is given. */
  title: string;
  description?: ReactNode;
  /** Browser tab title when it should differ from `title` (suffixed with ` · Maillon`). */
  documentTitle?: string;
  /** Buttons or links shown next to the title (wrap under it on narrow screens). */
  actions?: ReactNode;
}

export function PageHeader({ title, description, documentTitle, actions }: PageHeaderProps) {
  const { t } = useTranslation();
  useDocumentTitle(`${documentTitle ?? title} · ${t('app.name')}`);
  return (
    <Group justify="space-between" align="flex-start" gap="md" mb="lg" wrap="wrap">
      <Stack gap={4} style={{ flex: '1 1 20rem' }}>
        <Title order={1}>{title}</Title>
        {description ? <Text c="dimmed">{description}</Text> : null}
      </Stack>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}
