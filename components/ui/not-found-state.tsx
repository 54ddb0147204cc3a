import Link from 'next/link';
import type { ReactNode } from 'react';
import { EmptyState } from './states';

export function NotFoundState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-[1800px] px-4 py-8">
      <h1 className="sr-only">{title}</h1>
      <EmptyState
        title={title}
        action={
          <Link href="/workflows" className="text-sm text-sky-700 underline dark:text-sky-400">
            Search the workflows
          </Link>
        }
      >
        {children}
      </EmptyState>
    </div>
  );
}
