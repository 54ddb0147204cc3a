'use client';

import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import { createContext, useContext, type ReactNode } from 'react';
import { makeQueryClient } from '@/lib/queries/query-client';
import { ShortcutsProvider } from './keyboard/shortcuts-provider';

let browserQueryClient: QueryClient | undefined;

/** A new client per server render; one client for the whole browser session, so going back shows cached lists at once. */
function getQueryClient(): QueryClient {
  if (typeof window === 'undefined') return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

const Mounted = createContext(false);

/**
 * Everything the signed-in screens share on the client: the query cache, URL state and the keyboard shortcuts.
 * Mounting it twice (a layout and a page) is harmless: the inner one passes its children through, so there is
 * only ever one set of keyboard listeners.
 */
export function Providers({ children }: { children: ReactNode }) {
  if (useContext(Mounted)) return children;
  return (
    <Mounted value>
      <QueryClientProvider client={getQueryClient()}>
        <NuqsAdapter>
          <ShortcutsProvider>{children}</ShortcutsProvider>
        </NuqsAdapter>
      </QueryClientProvider>
    </Mounted>
  );
}
