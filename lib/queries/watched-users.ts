import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { fetchJson, sendJson } from './fetch-json';
import { queryKeys } from './keys';

/** A Civitai user the risk index follows, as GET /api/watched-users sends it. */
export interface WatchedUserRow {
  userId: number;
  addedAt: string;
  reason: string;
}

export const watchedUserQueries = {
  all: () =>
    queryOptions({
      queryKey: queryKeys.watchedUsers,
      queryFn: ({ signal }) => fetchJson<{ users: WatchedUserRow[] }>('/api/watched-users', signal),
    }),
};

/** Starts or stops following a user (audited by the route); the overview and the admins' list both show it. */
export async function setWatched(queryClient: QueryClient, userId: string | number, watched: boolean): Promise<void> {
  await sendJson(watched ? 'PUT' : 'DELETE', `/api/watched-users/${encodeURIComponent(String(userId))}`, undefined);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.watchedUsers }),
    queryClient.invalidateQueries({ queryKey: queryKeys.overviews }),
  ]);
}
