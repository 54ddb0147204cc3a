import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { queryKeys } from './keys';

export const exposureQueries = {
  /** Gated items the signed-in moderator revealed today (UTC); a reveal invalidates it. */
  today: () =>
    queryOptions({
      queryKey: queryKeys.exposureToday,
      queryFn: ({ signal }) => fetchJson<{ revealedToday: number }>('/api/exposure', signal).then((answer) => answer.revealedToday),
    }),
};
