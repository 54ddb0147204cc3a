'use client';

import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import type { ReactNode } from 'react';
import { makeQueryClient } from '@/lib/queries/query-client';
import { ShortcutsProvider } from './keyboard/shortcuts-provider';

let browserQueryClient: QueryClient | undefined;

/** A new client per server render; one client for the whole browser session, so going back shows cached lists at once. */
function getQueryClient(): QueryClient {
  if (typeof window === 'undefined') return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

/** Everything the signed-in screens share on the client: the query cache, URL state and the keyboard shortcuts. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <NuqsAdapter>
        <ShortcutsProvider>{children}</ShortcutsProvider>
      </NuqsAdapter>
    </QueryClientProvider>
  );
}
