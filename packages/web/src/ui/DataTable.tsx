import { Badge, Table, type BadgeProps } from '@mantine/core';
import type { ReactNode } from 'react';

export interface TableScrollProps {
  /** Names the region for screen readers, e.g. the table's caption. */
  label: string;
  /** Under this width the table scrolls sideways instead of squeezing its columns (e.g. at 768 px). */
  minWidth: number;
  children: ReactNode;
}

/**
 * A wide table's horizontal scroll. The scrolling box is a focusable, named region, so keyboard users can scroll it
 * with the arrow keys (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function TableScroll({ label, minWidth, children }: TableScrollProps) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Table.ScrollContainer>
  );
}

/** A badge that keeps its whole label in a table cell (Mantine's shrinks to an ellipsis in narrow columns). */
export function CellBadge({ children, ...props }: BadgeProps & { children: ReactNode }) {
  return (
    <Badge miw="max-content" {...props}>
      {children}
    </Badge>
  );
}
