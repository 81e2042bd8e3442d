import type { JournalEvent } from '@maillon/shared/coordination';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { journalKeys } from './api';

/**
 * Live updates of the journal (issue 20 item 6): one `EventSource` on `GET /api/v1/journal/events` per signed-in tab,
 * opened by `useJournalStream()` (mounted once, in the navigation). The server sends only what this user may read;
 * each message refreshes the journal's queries and is handed to the pages that listen (`useJournalEvents`), which
 * announce it. After a reconnection the lists are fetched again (the stream does not replay what was missed).
 */

type Listener = (event: JournalEvent) => void;
const listeners = new Set<Listener>();

/** Calls `listener` for each change of an entry received on the stream while the component is mounted. */
export function useJournalEvents(listener: Listener): void {
  useEffect(() => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [listener]);
}

function parse(data: string): JournalEvent | null {
  try {
    const value = JSON.parse(data) as Partial<JournalEvent>;
    return value && typeof value.change === 'string' && value.entry && typeof value.entry.id === 'string' ? (value as JournalEvent) : null;
  } catch {
    return null;
  }
}

/** Opens the stream while mounted; `enabled` false (no `journal.read`) opens nothing. */
export function useJournalStream(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/journal/events');
    let opened = false;
    const refresh = () => void queryClient.invalidateQueries({ queryKey: journalKeys.all });
    source.addEventListener('ready', () => {
      // The first `ready` is the start; any later one follows a reconnection: what was missed is fetched again.
      if (opened) refresh();
      opened = true;
    });
    source.addEventListener('journal', (message: MessageEvent<string>) => {
      const event = parse(message.data);
      if (!event) return;
      refresh();
      for (const listener of listeners) listener(event);
    });
    return () => source.close();
  }, [enabled, queryClient]);
}
