import { requireRole } from '@/lib/auth/session';
import { appendAudit, streamAudit } from '@/lib/audit/audit';
import { AUDIT_CSV_HEADER, auditCsvLine, csvLine } from '@/lib/audit/csv';
import { auditFilterParams, parseAuditFilter } from '@/lib/audit/filter';
import { problemResponse } from '@/lib/http/problem';
import { guardRequest } from '@/lib/http/request-guard';
import { requestMeta } from '@/lib/request/request-meta';
import { consoleLogger } from '@/lib/log';
import { invalidInput } from '@/lib/console-error';

/**
 * Admin only: the audit log as CSV, with the same filters as the audit page; never started from another site (the
 * request guard's download rule: cookies ride along on a cross-site link). The export is itself audited before
 * the first byte (no row, no file), and streamed page by page so a large log never sits in memory.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    await guardRequest(request, 'download');
    const user = await requireRole('admin', request);
    const parsed = parseAuditFilter(new URL(request.url).searchParams);
    if (!parsed.ok) throw invalidInput('filter', parsed.message);
    await appendAudit({
      actor: user,
      action: 'export',
      targetType: 'session',
      targetId: user.sessionId,
      detail: { export: 'audit_csv', filter: auditFilterParams(parsed.filter).toString() },
      ...requestMeta(request.headers),
    });

    const rows = streamAudit(user, parsed.filter);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(csvLine(AUDIT_CSV_HEADER)));
      },
      async pull(controller) {
        try {
          const next = await rows.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(auditCsvLine(next.value)));
        } catch (error) {
          consoleLogger('error', 'audit.export_failed', { error: error instanceof Error ? error.name : 'unknown' });
          controller.error(error);
        }
      },
      async cancel() {
        await rows.return(undefined);
      },
    });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="audit-${stamp}Z.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    return problemResponse(error, { route: 'GET /api/audit/export' });
  }
}
