import { Button, Card, Group, Stack, Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TableScroll } from './DataTable';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';
import { pagedListState, type CursorList } from './paging';

export interface PagedTableProps<T> {
  /** From `useCursorList`. */
  list: CursorList<T>;
  /** The table's caption, also the name of its scrolling region. */
  caption: string;
  /** The results section's accessible name. */
  label: string;
  /** Under this width the table scrolls sideways (e.g. at 768 px). */
  minWidth: number;
  /** The column headers, in order. */
  columns: readonly ReactNode[];
  /** One `<Table.Tr>` per item. */
  row: (item: T) => ReactNode;
  loadingLabel: string;
  /** Shown when the list is empty (an `EmptyState`). */
  empty: ReactNode;
  /** Announced to screen readers when a page arrives, e.g. "12 personnes affichées". */
  shown: (count: number) => string;
  /** Above the table, e.g. a bulk action. */
  children?: ReactNode;
}

/**
 * Every paged list: loading, error (with retry), empty, the table and "Afficher plus" while the server has a next page,
 * and a polite live region announcing how many rows are shown. The rows stay while a new filter or page loads.
 */
export function PagedTable<T>({ list, caption, label, minWidth, columns, row, loadingLabel, empty, shown, children }: PagedTableProps<T>) {
  const { t } = useTranslation();
  const state = pagedListState({ isPending: list.isPending, isError: list.isError, itemCount: list.items.length });
  let content: ReactNode;
  if (state === 'loading') content = <LoadingState label={loadingLabel} />;
  else if (state === 'error') content = <ErrorState error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  else if (state === 'empty') content = empty;
  else
    content = (
      <Stack gap="md">
        {children}
        <TableScroll label={caption} minWidth={minWidth}>
          <Table verticalSpacing="sm" highlightOnHover aria-busy={list.isFetching}>
            <Table.Caption>{caption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column, index) => (
                  <Table.Th key={index} scope="col">
                    {column}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{list.items.map(row)}</Table.Tbody>
          </Table>
        </TableScroll>
        {list.isError ? <ErrorState error={list.error} onRetry={() => void list.fetchNextPage()} /> : null}
        {list.hasNextPage ? (
          <Group justify="center">
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('state.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  return (
    <Card component="section" withBorder padding="lg" aria-label={label}>
      <VisuallyHidden role="status" aria-live="polite">
        {list.isSuccess ? shown(list.items.length) : ''}
      </VisuallyHidden>
      {content}
    </Card>
  );
}
