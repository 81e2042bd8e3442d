import { describe, expect, it } from 'vitest';
import { fetchAllPages, pagedListState, withCursor, type Page } from './paging';

/** A fake server list of `total` items, `size` a page, with opaque cursors. */
function fakeList(total: number, size: number) {
  const seen: (string | null)[] = [];
  const fetchPage = (cursor: string | null): Promise<Page<number>> => {
    seen.push(cursor);
    const start = cursor ? Number(cursor.slice(1)) : 0;
    const items = Array.from({ length: Math.min(size, total - start) }, (_, i) => start + i);
    const next = start + size < total ? `c${start + size}` : null;
    return Promise.resolve({ items, nextCursor: next });
  };
  return { fetchPage, seen };
}

describe('fetchAllPages', () => {
  it('follows nextCursor until the last page: a list longer than a page is never cut', async () => {
    const list = fakeList(450, 200);
    const items = await fetchAllPages(list.fetchPage);
    expect(items).toHaveLength(450);
    expect(items.at(-1)).toBe(449);
    expect(list.seen).toEqual([null, 'c200', 'c400']);
  });

  it('reads a single page once', async () => {
    const list = fakeList(3, 200);
    expect(await fetchAllPages(list.fetchPage)).toEqual([0, 1, 2]);
    expect(list.seen).toEqual([null]);
  });

  it('refuses an endless list rather than looping', async () => {
    await expect(fetchAllPages(fakeList(1000, 1).fetchPage, 5)).rejects.toThrow('list longer than 5 pages');
  });
});

describe('withCursor', () => {
  it('adds the cursor to a query string or starts one', () => {
    expect(withCursor('/api/v1/x?limit=50', 'a b')).toBe('/api/v1/x?limit=50&cursor=a%20b');
    expect(withCursor('/api/v1/x', 'c1')).toBe('/api/v1/x?cursor=c1');
    expect(withCursor('/api/v1/x?limit=50', null)).toBe('/api/v1/x?limit=50');
  });
});

describe('pagedListState', () => {
  it('shows loading, then the rows; an error keeps rows already shown', () => {
    expect(pagedListState({ isPending: true, isError: false, itemCount: 0 })).toBe('loading');
    expect(pagedListState({ isPending: false, isError: true, itemCount: 0 })).toBe('error');
    expect(pagedListState({ isPending: false, isError: true, itemCount: 50 })).toBe('rows');
    expect(pagedListState({ isPending: false, isError: false, itemCount: 0 })).toBe('empty');
  });
});
