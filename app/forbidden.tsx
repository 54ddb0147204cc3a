import Link from 'next/link';

/** HTTP 403 for a signed-in moderator whose role is too low for the page (requirePageRole → forbidden()). */
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-2xl font-semibold">Not allowed for your role</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">
        This page needs a higher role than yours. If your work needs it, ask an admin to change your role.
      </p>
      <Link href="/workflows" className="mt-6 inline-block text-sky-700 underline dark:text-sky-400">
        Back to the workflows
      </Link>
    </main>
  );
}
