import 'server-only';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { SessionUser } from '@/lib/auth/session-user';
import type { CallContext } from '@/lib/orchestrator/client';
import { appendAudit } from '@/lib/audit/audit';
import { decisionHistory } from '@/lib/review/decision-store';
import { requestMeta } from '@/lib/request/request-meta';
import { mediaHeaders } from '@/lib/media/headers';
import { mediaUpstream } from '@/lib/media/console-media';
import { gatePolicy, scanThresholds } from '@/lib/moderation/config';
import { readWorkflowEvidence } from '@/lib/review/reads';
import { reasonCodes } from '@/lib/review/server';
import { readExportOptions, requireExportReason, type EvidenceExportOptions } from './export-options';
import { evidenceParts, readEvidenceWorkflow, type EvidenceSources, type OriginalsPolicy } from './package';
import { consoleRawReader } from './upstream-raw';
import { streamEvidencePackage } from './zip-writer';

/**
 * GET /api/workflows/[id]/evidence: a senior reviewer downloads one workflow's evidence package. The route wrapper
 * checks the request guard (never started from another site), the role and the id; the options and the workflow
 * read (with the gate of each output, for this senior) happen here before the audit row; a workflow with a hard-gated (tier-3) output needs a `reason`. The `export` row is
 * written before the first byte, and each hard-gated original gets its own `reveal` row naming the export before
 * its bytes go in (fail closed: a failed write ends the package); then the zip streams.
 */

type ExportRecord = { exportId: string; user: SessionUser; workflowId: string; options: EvidenceExportOptions; meta: ReturnType<typeof requestMeta> };

/** Records a hard-gated original leaving in the package as a reveal of that blob; other originals pass as they are. */
function originalsPolicy(record: ExportRecord, hardGated: ReadonlySet<string>): OriginalsPolicy {
  return {
    include: record.options.originals === 'all',
    beforeOriginal: async (blobId) => {
      if (!hardGated.has(blobId)) return;
      await appendAudit({
        actor: record.user,
        action: 'reveal',
        targetType: 'blob',
        targetId: blobId,
        workflowId: record.workflowId,
        reason: record.options.reason,
        detail: { via: 'evidence_export', exportId: record.exportId, tier: 3 },
        ...record.meta,
      });
    },
  };
}

function consoleSources(user: SessionUser, originals: OriginalsPolicy): EvidenceSources {
  return {
    raw: consoleRawReader(),
    openMedia: async (blobId, signal) => {
      const media = await mediaUpstream().open(blobId, { signal });
      return { body: Readable.fromWeb(media.body as import('node:stream/web').ReadableStream<Uint8Array>), withheld: media.withheld };
    },
    history: (workflowId) => decisionHistory(user, workflowId),
    reasonCodes: reasonCodes(),
    thresholds: scanThresholds(),
    originals,
  };
}

export async function evidenceResponse(user: SessionUser, workflowId: string, request: Request, ctx: CallContext): Promise<Response> {
  const options = readExportOptions(new URL(request.url).searchParams);
  // The gate of every output for this senior, from the one read model: which originals are hard-gated.
  const evidence = await readWorkflowEvidence(user, workflowId, ctx);
  const hardGated = new Set(evidence.blobs.filter((row) => row.tier === 3).map((row) => row.blobId));
  requireExportReason(options, hardGated.size, gatePolicy().minReasonLength);

  const record: ExportRecord = { exportId: randomUUID(), user, workflowId, options, meta: requestMeta(request.headers) };
  const sources = consoleSources(user, originalsPolicy(record, hardGated));
  const read = await readEvidenceWorkflow(sources, workflowId, request.signal);
  const exportedAt = new Date();
  await appendAudit({
    actor: user,
    action: 'export',
    targetType: 'workflow',
    targetId: workflowId,
    workflowId,
    reason: options.reason,
    detail: {
      kind: 'evidence_package',
      exportId: record.exportId,
      jobs: read.workflow.jobCount,
      outputs: read.workflow.media.length,
      hardGated: hardGated.size,
      originals: options.originals,
    },
    ...record.meta,
  });
  const zip = streamEvidencePackage(
    evidenceParts(sources, read, request.signal),
    {
      workflowId,
      exportedBy: { id: user.id, name: user.name, email: user.email, role: user.role },
      exportedAt: exportedAt.toISOString(),
      reason: options.reason,
      originals: options.originals,
    },
    request.signal,
  );
  request.signal.addEventListener('abort', () => zip.destroy(), { once: true });
  const stamp = exportedAt.toISOString().replace(/[:.]/g, '-');
  const headers = mediaHeaders({
    contentType: 'application/zip',
    disposition: { type: 'attachment', filename: `evidence-${workflowId}-${stamp}.zip` },
  });
  return new Response(Readable.toWeb(zip) as ReadableStream<Uint8Array>, { status: 200, headers });
}
