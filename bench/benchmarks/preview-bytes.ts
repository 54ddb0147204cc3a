import type { Benchmark, BenchContext } from '../harness/context';
import { figure, NotAvailable, round } from '../harness/figures';

/** Preview bytes against the original's, for images a moderator may see without a reveal, as the browser gets them. */

const LIMIT = 1 / 8;

async function bytesOf(ctx: BenchContext, path: string): Promise<number> {
  const response = await fetch(`${ctx.console.origin}${path}`, { headers: { cookie: ctx.cookie } });
  const body = await response.arrayBuffer();
  if (response.status === 404 && !response.headers.get('content-type')?.includes('json')) throw new NotAvailable(`${path.split('?')[0]} does not exist`);
  if (!response.ok) throw new Error(`${path.split('?')[0]} answered ${response.status}`);
  return body.byteLength;
}

export const previewBytes: Benchmark = {
  id: 'preview',
  title: 'Preview / original bytes',
  async run(ctx) {
    const refs = await ctx.inventory.tierZeroMedia(ctx, ctx.sizes.mediaRefs);
    if (refs.length === 0) throw new NotAvailable('no image a moderator may fetch without a reveal was found');
    let previews = 0;
    let originals = 0;
    let worst = 0;
    for (const ref of refs) {
      const query = `?workflowId=${encodeURIComponent(ref.workflowId)}`;
      const blob = encodeURIComponent(ref.blobId);
      const preview = await bytesOf(ctx, `/api/media/${blob}/preview${query}`);
      const original = await bytesOf(ctx, `/api/media/${blob}${query}`);
      previews += preview;
      originals += original;
      worst = Math.max(worst, preview / original);
    }
    return [
      figure(
        'preview.ratio',
        'Preview / original bytes',
        round(previews / originals, 4),
        'x',
        `${refs.length} tier-0 images: ${round(previews / 1024, 1)} KB of previews for ${round(originals / 1024, 1)} KB of originals; worst single image ${round(worst, 3)}`,
        { op: '<=', value: LIMIT },
      ),
    ];
  },
};
