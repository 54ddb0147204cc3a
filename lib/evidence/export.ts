import 'server-only';
import { Readable } from 'node:stream';
import { PERMISSIONS } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import type { SessionUser } from '@/lib/auth/session-user';
import { appendAudit } from '@/lib/db/audit';
import { decisionHistory } from '@/lib/db/decisions';
import { guardRequest } from '@/lib/http/request-guard';
import { requestMeta } from '@/lib/http/request-meta';
import { mediaHeaders } from '@/lib/media/headers';
import { mediaUpstream } from '@/lib/media/instance';
import { mediaErrorResponse } from '@/lib/media/route';
import { isWorkflowId } from '@/lib/orchestrator/ids';
import { invalidInput } from '@/lib/orchestrator/errors';
import { scanThresholds } from '@/lib/moderation/config';
import { reasonCodes } from '@/lib/review/server';
import { evidenceParts, readEvidenceWorkflow, type EvidenceSources } from './package';
import { consoleRawReader } from './upstream-raw';
import { streamEvidencePackage } from './zip-writer';

/**
 * GET /api/workflows/[id]/evidence: a senior reviewer downloads one workflow's evidence package. The request guard
 * (never started from another site: cookies ride along on top-level GETs), the role check, the id and the workflow read all happen before the audit row; the audit row is written before
 * the first byte (fail closed); then the zip streams.
 */

function consoleSources(user: SessionUser): EvidenceSources {
  return {
    raw: consoleRawReader(),
    openMedia: async (blobId, signal) => {
      const media = await mediaUpstream().open(blobId, { signal });
      return { body: Readable.fromWeb(media.body as import('node:stream/web').ReadableStream<Uint8Array>), withheld: media.withheld };
    },
    history: (workflowId) => decisionHistory(user, workflowId),
    reasonCodes: reasonCodes(),
    thresholds: scanThresholds(),
  };
}

export async function evidenceResponse(request: Request, workflowId: string): Promise<Response> {
  const route = 'GET /api/workflows/[id]/evidence';
  try {
    await guardRequest(request, 'download');
    const user = await requireRole(PERMISSIONS.exportEvidence);
    if (!isWorkflowId(workflowId)) throw invalidInput('id', '`id` is not a workflow id.');
    const sources = consoleSources(user);
    const read = await readEvidenceWorkflow(sources, workflowId, request.signal);
    const exportedAt = new Date();
    await appendAudit({
      actor: user,
      action: 'export',
      targetType: 'workflow',
      targetId: workflowId,
      workflowId,
      detail: { kind: 'evidence_package', jobs: read.workflow.jobCount, outputs: read.workflow.media.length },
      ...requestMeta(request.headers),
    });
    const zip = streamEvidencePackage(
      evidenceParts(sources, read, request.signal),
      { workflowId, exportedBy: { id: user.id, name: user.name, email: user.email, role: user.role }, exportedAt: exportedAt.toISOString() },
      request.signal,
    );
    request.signal.addEventListener('abort', () => zip.destroy(), { once: true });
    const stamp = exportedAt.toISOString().replace(/[:.]/g, '-');
    const headers = mediaHeaders({
      contentType: 'application/zip',
      disposition: { type: 'attachment', filename: `evidence-${workflowId}-${stamp}.zip` },
    });
    return new Response(Readable.toWeb(zip) as ReadableStream<Uint8Array>, { status: 200, headers });
  } catch (error) {
    return mediaErrorResponse(error, route);
  }
}
