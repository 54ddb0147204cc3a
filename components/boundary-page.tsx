import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConsoleFrame } from '@/components/console-frame';
import { SiteHeader } from '@/components/site-header';
import { getSessionUser } from '@/lib/auth/session';

/**
 * A page the root renders outside the console layout (403, 404): with the console's header and navigation for a
 * signed-in moderator, with the plain header otherwise.
 */
export async function BoundaryPage({ title, children, back }: { title: string; children: ReactNode; back: { href: string; label: string } }) {
  const user = await getSessionUser();
  const body = (
    <div className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">{children}</p>
      <Link href={back.href} className="mt-6 inline-block text-sky-700 underline dark:text-sky-400">
        {back.label}
      </Link>
    </div>
  );
  if (user) return <ConsoleFrame user={user}>{body}</ConsoleFrame>;
  return (
    <>
      <SiteHeader />
      <main id="main">{body}</main>
    </>
  );
}
