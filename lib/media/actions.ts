'use server';

import { headers } from 'next/headers';
import { requireRole } from '@/lib/auth/session';
import { guardServerAction } from '@/lib/http/request-guard';
import { requestMeta } from '@/lib/http/request-meta';
import { RevealError, type RevealErrorKind, type RevealGrant } from '@/lib/moderation/reveal';
import { isBlobId, isWorkflowId } from '@/lib/orchestrator/ids';
import { orchestrator } from '@/lib/orchestrator/instance';
import { AuthError } from '@/lib/auth/session-user';
import { revealMedia } from './service';

export type RevealActionResult =
  | { ok: true; grant: RevealGrant | null }
  | { ok: false; kind: RevealErrorKind | 'unauthenticated' | 'invalid_input' | 'failed'; message: string };

/**
 * The reveal as a server action (the lightbox's `r`): the same checks, audit-then-grant order and errors as
 * POST /api/media/[blobId]/reveal, answered as a value the component can show.
 */
export async function revealMediaAction(input: { blobId: string; workflowId?: string | null; reason?: string }): Promise<RevealActionResult> {
  try {
    await guardServerAction();
    const user = await requireRole('viewer');
    if (!isBlobId(input.blobId)) return { ok: false, kind: 'invalid_input', message: 'Not a blob id.' };
    const workflowId = input.workflowId ?? null;
    if (workflowId !== null && !isWorkflowId(workflowId)) return { ok: false, kind: 'invalid_input', message: 'Not a workflow id.' };
    if (input.reason !== undefined && (typeof input.reason !== 'string' || input.reason.length > 2_000)) {
      return { ok: false, kind: 'invalid_input', message: 'The reason must be text of at most 2000 characters.' };
    }
    const grant = await revealMedia({
      user,
      blobId: input.blobId,
      workflowId,
      reason: input.reason,
      ctx: orchestrator().context(),
      meta: requestMeta(await headers()),
    });
    return { ok: true, grant };
  } catch (error) {
    if (error instanceof RevealError) return { ok: false, kind: error.kind, message: error.message };
    if (error instanceof AuthError) {
      return error.kind === 'unauthenticated'
        ? { ok: false, kind: 'unauthenticated', message: error.message }
        : { ok: false, kind: 'role', message: error.message };
    }
    return { ok: false, kind: 'failed', message: 'The reveal could not be completed. Try again.' };
  }
}
