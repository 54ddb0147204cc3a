import Link from 'next/link';
import type { ReactNode } from 'react';

/** The top bar. Signed-in navigation is passed in by the (console) layout; signed-out pages show the name only. */
export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex h-12 max-w-[1800px] items-center gap-4 px-4 whitespace-nowrap">
        <Link href="/" className="font-semibold tracking-tight">
          {/* The full name where the header has room; an admin's six sections need the space on a laptop. */}
          <span className="hidden 2xl:inline">Orchestration </span>Review Console
        </Link>
        {children}
      </div>
    </header>
  );
}
