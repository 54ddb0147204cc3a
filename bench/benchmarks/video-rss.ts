import type { Benchmark, BenchContext } from '../harness/context';
import { figure, NotAvailable, percentile, round } from '../harness/figures';
import { cycle, describeLoad, runLoad } from '../harness/load';
import { rssMb } from '../harness/processes';
import { consolePost } from '../harness/session';

/**
 * The console's resident memory while 20 clients stream a video at once. The emulator serves each video as a
 * large body (its `bigBody` fault), so buffering instead of streaming would show as 20 × that size.
 */

const STREAMS = 20;
const LIMIT_MB = 50;

interface Gallery {
  workflowId: string;
  byRole: Record<string, { blobId: string; type: string }>;
}

async function sampleRss(pid: number, ms: number): Promise<number[]> {
  const samples: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    samples.push(rssMb(pid));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return samples;
}

/** Samples RSS every 100 ms until `done` settles. */
async function peakRssWhile(pid: number, done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.finally(() => (finished = true));
  let peak = rssMb(pid);
  while (!finished) {
    peak = Math.max(peak, rssMb(pid));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Math.max(peak, rssMb(pid));
}

async function revealVideo(ctx: BenchContext, gallery: Gallery, blobId: string): Promise<void> {
  const response = await consolePost(ctx, `/api/media/${encodeURIComponent(blobId)}/reveal?workflowId=${encodeURIComponent(gallery.workflowId)}`, {
    reason: 'benchmark: stream memory',
  });
  const text = await response.text();
  if (response.status === 404 && !text.includes('"kind"')) throw new NotAvailable('POST /api/media/[blobId]/reveal does not exist');
  if (!response.ok) throw new Error(`revealing the video answered ${response.status}: ${text.slice(0, 200)}`);
}

export const videoRss: Benchmark = {
  id: 'rss',
  title: 'Console memory while 20 videos stream',
  async run(ctx) {
    const gallery = ctx.scenarios.gallery as Gallery | undefined;
    const video = gallery?.byRole.video;
    if (!gallery || !video) throw new NotAvailable('the emulator publishes no gallery video');
    await revealVideo(ctx, gallery, video.blobId);
    const path = `/api/media/${encodeURIComponent(video.blobId)}?workflowId=${encodeURIComponent(gallery.workflowId)}`;
    const bytes = (ctx.mode === 'smoke' ? 4 : 40) * 1024 * 1024;

    const idle = percentile(await sampleRss(ctx.console.pid, 1_000), 50);
    await ctx.emulator.setFaults([{ path: '^/v2/consumer/blobs/content/', kind: 'bigBody', bytes, contentType: 'video/mp4' } as never]);
    try {
      const streaming = runLoad({ origin: ctx.console.origin, connections: STREAMS, amount: STREAMS, headers: { cookie: ctx.cookie }, nextPath: cycle([path]), timeoutSeconds: 120 });
      const peak = await peakRssWhile(ctx.console.pid, streaming);
      const result = await streaming;
      if (result.ok === 0) throw new Error(`no video stream succeeded (${describeLoad(result)})`);
      const streamedMb = result.bytes / 1024 / 1024;
      return [
        figure(
          'rss.aboveIdleMb',
          'RSS while 20 videos stream, above idle',
          round(peak - idle, 1),
          'MB',
          `idle ${round(idle, 0)} MB, peak ${round(peak, 0)} MB; ${result.ok} streams of ${round(bytes / 1024 / 1024, 0)} MB each (${round(streamedMb, 0)} MB through the console); ${describeLoad(result)}`,
          { op: '<=', value: LIMIT_MB },
        ),
      ];
    } finally {
      await ctx.emulator.clearFaults();
    }
  },
};
