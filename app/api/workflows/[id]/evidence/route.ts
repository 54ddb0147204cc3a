import { evidenceResponse } from '@/lib/evidence/export';

/** One workflow's evidence package as a streamed zip (senior; audited before the first byte). */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return evidenceResponse(request, (await context.params).id);
}
