import { EmptyState as MantineEmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

export interface EmptyStateProps {
  /** A decorative icon, e.g. `<IconInbox aria-hidden />`. */
  icon?: ReactNode;
  title: string;
  description?: ReactNode;
  /** Usually the button that creates the first item. */
  action?: ReactNode;
}

export function EmptyState({ icon, title, description, action }: EmptyStateProps) {
  return (
    <MantineEmptyState py="lg" withIndicatorBackground={Boolean(icon)} icon={icon} title={title} description={description}>
      {action ? <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions> : null}
    </MantineEmptyState>
  );
}
