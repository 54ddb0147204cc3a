import Link from 'next/link';
import type { ReactNode } from 'react';

/** The top bar. Signed-in navigation is passed in by the (console) layout; signed-out pages show the name only. */
export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex h-12 max-w-[1800px] items-center gap-6 px-4">
        <Link href="/" className="font-semibold tracking-tight">
          Orchestration Review Console
        </Link>
        {children}
      </div>
    </header>
  );
}
