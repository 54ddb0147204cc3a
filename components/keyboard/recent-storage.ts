'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import { rememberPath } from '@/lib/palette/palette';

const RECENT_STORAGE_KEY = 'review-console.recent';

/** The recent paths as stored (this browser's localStorage): never trusted, lib/palette re-checks each one. */
export function readRecent(): unknown[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(RECENT_STORAGE_KEY) ?? '[]');
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

/** Remembers the workflows, jobs and users this browser opens, newest first. */
export function useRememberRecent(): void {
  const pathname = usePathname();
  useEffect(() => {
    localStorage.setItem(RECENT_STORAGE_KEY, JSON.stringify(rememberPath(readRecent(), pathname)));
  }, [pathname]);
}
