import 'server-only';
import { dehydrate, type QueryClient } from '@tanstack/react-query';
import { cache } from 'react';
import { makeQueryClient } from './query-client';

/** One QueryClient per server request (React's cache is request-scoped), shared by the page and its server parts. */
export const getServerQueryClient: () => QueryClient = cache(makeQueryClient);

/** The request's prefetched queries, ready for <HydrationBoundary state={...}>. Failed queries are left out: the browser fetches them again and shows their error state. */
export function dehydratedState() {
  return dehydrate(getServerQueryClient());
}
