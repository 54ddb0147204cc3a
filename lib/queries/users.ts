import { queryOptions } from '@tanstack/react-query';
import type { UserRisk } from '@/lib/users/risk';
import { userApi, type UserHistoryAnswer, type UserStrikesAnswer } from '@/lib/users/api';
import { fetchJson } from './fetch-json';
import { queryKeys } from './keys';

/** The user page's reads: the risk overview from the index, the strikes from the manager endpoint, the team's history. */
export const userQueries = {
  risk: (userId: string) =>
    queryOptions({ queryKey: queryKeys.userRisk(userId), queryFn: ({ signal }) => fetchJson<UserRisk>(userApi.risk(userId), signal) }),
  // A strike list is only as useful as it is current: a failure shows at once, with a retry button.
  strikes: (userId: string) =>
    queryOptions({ queryKey: queryKeys.userStrikes(userId), queryFn: ({ signal }) => fetchJson<UserStrikesAnswer>(userApi.strikes(userId), signal), retry: false }),
  history: (userId: string) =>
    queryOptions({ queryKey: queryKeys.userHistory(userId), queryFn: ({ signal }) => fetchJson<UserHistoryAnswer>(userApi.history(userId), signal) }),
};
