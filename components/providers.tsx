'use client';

import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import type { ReactNode } from 'react';
import type { Role } from '@/lib/auth/roles';
import { makeQueryClient } from '@/lib/queries/query-client';
import { ShortcutsProvider } from './keyboard/shortcuts-provider';
import { ViewerRoleProvider } from './viewer-role';

// Toasts only follow a moderator's action: sonner loads after the page is interactive (components/ui/toast.ts).
const Toaster = dynamic(() => import('sonner').then((module) => module.Toaster), { ssr: false });

let browserQueryClient: QueryClient | undefined;

/** A new client per server render; one client for the whole browser session, so going back shows cached lists at once. */
function getQueryClient(): QueryClient {
  if (typeof window === 'undefined') return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

/**
 * Everything the signed-in screens share on the client: the query cache, URL state, the reviewer's role, the keyboard
 * shortcuts and command palette (which offers what `role` may do), and the toasts that confirm a change.
 */
export function Providers({ role, children }: { role: Role; children: ReactNode }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <NuqsAdapter>
        <ViewerRoleProvider role={role}>
          <ShortcutsProvider role={role}>{children}</ShortcutsProvider>
        </ViewerRoleProvider>
        {/* Neutral toasts: sonner's rich colours fail axe's contrast check in light mode. */}
        <Toaster position="bottom-right" theme="system" closeButton />
      </NuqsAdapter>
    </QueryClientProvider>
  );
}
