import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">There is nothing at this address.</p>
      <Link href="/" className="mt-6 inline-block text-sky-700 underline dark:text-sky-400">
        Back to the start
      </Link>
    </main>
  );
}
