import { keepPreviousData, useInfiniteQuery, type InfiniteData, type UseInfiniteQueryOptions } from '@tanstack/react-query';

/** One page of a server list (`{ items, nextCursor }`, the server's `pageSchema`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `url` with `cursor=…` added when there is one. */
export function withCursor(url: string, cursor: string | null | undefined): string {
  if (!cursor) return url;
  return `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
}

/**
 * Every item of a paged list, page after page until `nextCursor` is null: for a picker that must offer every choice.
 * A list shown to people pages with `useCursorList` and a "load more" button instead; no list drops `nextCursor`.
 */
export async function fetchAllPages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, maxPages = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const next: Page<T> = await fetchPage(cursor);
    items.push(...next.items);
    if (!next.nextCursor) return items;
    cursor = next.nextCursor;
  }
  // More than `maxPages` pages (100 × 200 = 20 000 choices): a picker that long needs a search box, not a longer list.
  throw new Error(`list longer than ${maxPages} pages`);
}

/** Options of a list read page by page (`infiniteQueryOptions` whose pages are `Page<T>`). */
export type CursorListOptions<T, TKey extends readonly unknown[], TCursor> = UseInfiniteQueryOptions<
  Page<T>,
  Error,
  InfiniteData<Page<T>, unknown>,
  TKey,
  TCursor
>;

/**
 * The infinite-cursor hook of every paged list: the pages read so far flattened into `items`; the previous items stay
 * on screen while a new filter loads. Render it with `PagedTable`.
 */
export function useCursorList<T, TKey extends readonly unknown[], TCursor>(options: CursorListOptions<T, TKey, TCursor>) {
  const query = useInfiniteQuery({ ...options, placeholderData: keepPreviousData });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
}

export type CursorList<T> = ReturnType<typeof useCursorList<T, readonly unknown[], unknown>>;

/** What a paged list shows: the first load, an error with nothing to show, nothing found, or the rows. */
export function pagedListState(list: { isPending: boolean; isError: boolean; itemCount: number }): 'loading' | 'error' | 'empty' | 'rows' {
  if (list.isPending) return 'loading';
  if (list.isError && list.itemCount === 0) return 'error';
  return list.itemCount === 0 ? 'empty' : 'rows';
}
