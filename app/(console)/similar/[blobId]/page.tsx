import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SimilarResults, SimilarUnavailable } from '@/components/similar/similar-results';
import { PERMISSIONS } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';
import type { SessionUser } from '@/lib/auth/session-user';
import { ConsoleError } from '@/lib/console-error';
import { validateInput } from '@/lib/http/route';
import { orchestrator } from '@/lib/orchestrator/console-client';
import { isBlobId } from '@/lib/orchestrator/id-formats';
import { SimilarQuerySchema } from '@/lib/similar/similar-query';
import { readSimilarTiles } from '@/lib/similar/similar-tiles';

export const metadata: Metadata = { title: 'Similar outputs' };

/** "Find similar": the near-duplicates of one output across every indexed user, each tile through the gate. */
export default async function SimilarPage({ params, searchParams }: PageProps<'/similar/[blobId]'>) {
  const user = await requirePageRole(PERMISSIONS.findSimilar);
  const { blobId } = await params;
  if (!isBlobId(blobId)) notFound();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const found = await searchSimilar(user, blobId, raw);
  if (found.unavailable) return <SimilarUnavailable blobId={blobId} title={found.unavailable.message} detail={found.unavailable.detail ?? null} />;
  return <SimilarResults blobId={blobId} request={found.request!} {...found.answer!} />;
}

/** The search, or why it cannot run (an unknown or unhashed blob, withheld pixels, a bad parameter) in the moderator's words. */
async function searchSimilar(user: SessionUser, blobId: string, raw: Record<string, string | undefined>) {
  try {
    const request = validateInput(SimilarQuerySchema, raw);
    return { request, answer: await readSimilarTiles(user, blobId, request, orchestrator().context()), unavailable: null };
  } catch (error) {
    if (error instanceof ConsoleError && ['not_found', 'conflict', 'invalid_input'].includes(error.kind)) return { request: null, answer: null, unavailable: error };
    throw error;
  }
}
