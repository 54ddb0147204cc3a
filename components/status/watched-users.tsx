'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EntityLink } from '@/components/ui/entity-link';
import { Muted } from '@/components/ui/muted';
import { toast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { QueryErrorState } from '@/components/ui/query-error-state';
import { UtcTime } from '@/components/ui/time';
import { describeFailure } from '@/lib/queries/api-error';
import { setWatched, watchedUserQueries } from '@/lib/queries/watched-users';

/** Admins: the Civitai users the risk index follows (added when a moderator searched, opened or decided on them). */
export function WatchedUsers() {
  const queryClient = useQueryClient();
  const watched = useQuery(watchedUserQueries.all());
  const unwatch = useMutation({
    mutationFn: (userId: number) => setWatched(queryClient, userId, false),
    onSuccess: (_, userId) => toast.success(`The index no longer follows user ${userId}.`),
    onError: (error) => toast.error(describeFailure(error).title),
  });
  return (
    <Card className="space-y-3" aria-labelledby="watched-users-title">
      <h2 id="watched-users-title" className="font-semibold">
        Civitai users the risk index follows
      </h2>
      {watched.isError ? (
        <QueryErrorState what="the watched users" error={watched.error} onRetry={() => void watched.refetch()} retrying={watched.isFetching} />
      ) : watched.isPending ? (
        <Muted size="sm">Loading…</Muted>
      ) : watched.data.users.length === 0 ? (
        <Muted size="sm">None yet: a user is followed once a moderator searches for or opens them.</Muted>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {watched.data.users.map((user) => (
            <li key={user.userId} className="flex flex-wrap items-center gap-3 py-1.5" data-watched-user={user.userId}>
              <EntityLink kind="user" id={user.userId} className="font-mono">
                {user.userId}
              </EntityLink>
              <Muted as="span">
                {user.reason}, <UtcTime value={user.addedAt} />
              </Muted>
              <Button size="sm" variant="secondary" className="ml-auto" disabled={unwatch.isPending} onClick={() => unwatch.mutate(user.userId)}>
                Unwatch
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
