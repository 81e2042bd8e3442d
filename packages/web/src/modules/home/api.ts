import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../ui/api';

/** `GET /api/v1/meta`: what this Maillon instance is. */
export interface Meta {
  name: string;
  version: string;
  mode: 'demo' | 'production';
  modules: string[];
}

export const homeKeys = {
  meta: ['meta'] as const,
};

/** One factory per read: use it in hooks, route loaders (`queryClient.ensureQueryData`) and invalidations alike. */
export function metaQueryOptions() {
  return queryOptions({
    queryKey: homeKeys.meta,
    queryFn: ({ signal }) => apiFetch<Meta>('/api/v1/meta', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useMeta() {
  return useQuery(metaQueryOptions());
}
