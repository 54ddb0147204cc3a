/**
 * Peak RSS of the evidence export for the emulator's 24-output workflow (scenario drillDown24): the export pipeline the
 * route runs (raw reads, the media transport, the streaming zip) writing to a consumer that reads at a network's pace.
 *   node --conditions=react-server --import tsx bench/evidence-export-rss.ts
 * The emulator runs in a child process so its own memory (it renders the images) is not counted.
 */
import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Scenarios } from '../emulator/scenarios';
import { evidenceParts, readEvidenceWorkflow, type EvidenceSources } from '../lib/evidence/package';
import { createRawReader } from '../lib/evidence/upstream-raw';
import { streamEvidencePackage } from '../lib/evidence/zip-writer';
import { MediaUpstream } from '../lib/media/upstream-blob';
import { DEFAULT_REASON_CODES } from '../lib/review/reason-codes';

const MB = 1024 * 1024;

async function startEmulator(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts', '--port', '0', '--workflows', '200', '--control'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk;
      const match = /emulator listening on (http:\/\/\S+)/.exec(buffered);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** A download at about 50 MB/s, 64 KB at a time: the zip's backpressure has to hold the upstream reads back. */
function slowConsumer(): { sink: Writable; bytes: () => number } {
  let bytes = 0;
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      setTimeout(done, Math.ceil(chunk.length / (50 * 1024)));
    },
  });
  return { sink, bytes: () => bytes };
}

async function exportOnce(sources: EvidenceSources, workflowId: string): Promise<{ zipBytes: number; peakRss: number; ms: number }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const started = performance.now();
  const read = await readEvidenceWorkflow(sources, workflowId);
  const zip = streamEvidencePackage(evidenceParts(sources, read), {
    workflowId,
    exportedBy: { id: 'bench', name: 'Bench', email: 'bench@example.test', role: 'senior' },
    exportedAt: new Date().toISOString(),
  });
  const { sink, bytes } = slowConsumer();
  await pipeline(zip, sink);
  clearInterval(sampler);
  return { zipBytes: bytes(), peakRss, ms: Math.round(performance.now() - started) };
}

const emulator = await startEmulator();
try {
  const scenarios = (await (await fetch(`${emulator.url}/__emulator/scenarios`)).json()) as Scenarios;
  const token = scenarios.tokens.service;
  const media = new MediaUpstream({ baseUrl: emulator.url, token, log: () => {} });
  const sources: EvidenceSources = {
    raw: createRawReader({ baseUrl: emulator.url, token }),
    openMedia: async (blobId, signal) => {
      const opened = await media.open(blobId, { signal });
      return { body: Readable.fromWeb(opened.body as NodeReadableStream<Uint8Array>), withheld: opened.withheld };
    },
    history: async () => [],
    reasonCodes: DEFAULT_REASON_CODES,
    thresholds: { near: 10, above: 50 },
    originals: { include: true, beforeOriginal: async () => {} },
  };
  const { workflowId, jobCount } = scenarios.drillDown24;
  // The first export warms the emulator's image cache and this process's code; the second is measured.
  await exportOnce(sources, workflowId);
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  const measured = await exportOnce(sources, workflowId);
  const result = {
    workflowId,
    outputs: jobCount,
    zipMB: +(measured.zipBytes / MB).toFixed(2),
    baselineRssMB: +(baselineRss / MB).toFixed(1),
    peakRssMB: +(measured.peakRss / MB).toFixed(1),
    peakAboveBaselineMB: +((measured.peakRss - baselineRss) / MB).toFixed(1),
    exportMs: measured.ms,
  };
  console.log(JSON.stringify(result, null, 2));
  await media.close();
} finally {
  emulator.stop();
}
