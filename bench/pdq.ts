/**
 * PDQ figures: npx tsx bench/pdq.ts [--runs 30] [--list 1000000]
 *   - PDQ of a 1024×1024 JPEG on one core (sharp limited to one thread): decode, shrink to 512, hash; and the hash
 *     arithmetic alone on the full 1024×1024 pixels.
 *   - bits off Meta's reference hash for every vector in ../shared/pdq-reference.
 *   - one hash against an in-memory band index of random hashes (PDQ's 31-bit threshold), and against a scan of
 *     every hash for comparison.
 * Prints p50 and p95 in milliseconds.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { filterByDistance, PdqBandIndex } from '@/lib/pdq/bands';
import { hammingDistance, PDQ_HASH_BYTES, PDQ_MATCH_DISTANCE } from '@/lib/pdq/hash256';
import { pdqOfImage } from '@/lib/pdq/image';
import { pdqFromRgb } from '@/lib/pdq/pdq';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, list: { type: 'string', default: '1000000' } },
});
const RUNS = Number(args.runs);
const LIST_SIZE = Number(args.list);
const REFERENCE_DIR = path.join(process.cwd(), '..', 'shared', 'pdq-reference');

sharp.concurrency(1);

async function timed(label: string, runs: number, action: () => unknown): Promise<void> {
  await action(); // warm-up: JIT and sharp's first-use costs are not what a steady indexer pays
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (quantile: number) => times[Math.min(times.length - 1, Math.floor(quantile * times.length))]!.toFixed(2);
  console.log(`${label}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${runs} runs)`);
}

const jpeg1024 = await sharp(path.join(REFERENCE_DIR, 'bridge-1-original.jpg')).resize(1024, 1024, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
const { data: pixels1024 } = await sharp(jpeg1024).removeAlpha().raw().toBuffer({ resolveWithObject: true });
await timed('PDQ of a 1024×1024 JPEG (decode, shrink, hash; one core)', RUNS, () => pdqOfImage(jpeg1024));
await timed('PDQ arithmetic on 1024×1024 RGB pixels (no shrink)', RUNS, () => pdqFromRgb(pixels1024, 1024, 1024));

console.log('\nBits off the reference (Meta) hash:');
for (const line of readFileSync(path.join(REFERENCE_DIR, 'expected.csv'), 'utf8').trim().split('\n').slice(1)) {
  const [file, expected] = line.split(',') as [string, string];
  const { hash, quality } = await pdqOfImage(path.join(REFERENCE_DIR, file));
  console.log(`  ${file}: ${hammingDistance(hash, expected)} bits (quality ${quality})`);
}

console.log(`\nBand index of ${LIST_SIZE.toLocaleString('en')} random hashes:`);
const listBytes = randomBytes(LIST_SIZE * PDQ_HASH_BYTES);
const list = Array.from({ length: LIST_SIZE }, (_, i) => listBytes.subarray(i * PDQ_HASH_BYTES, (i + 1) * PDQ_HASH_BYTES));
const buildStart = performance.now();
const index = PdqBandIndex.of(list);
console.log(`  build: ${(performance.now() - buildStart).toFixed(0)} ms, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
// Queries near a listed hash (a match to find) and random ones (the usual case: no match).
const queries = Array.from({ length: RUNS * 4 }, (_, i) => {
  const query = Uint8Array.from(i % 2 === 0 ? list[(i * 7919) % LIST_SIZE]! : randomBytes(PDQ_HASH_BYTES));
  query[i % PDQ_HASH_BYTES]! ^= 0b1011; // 3 bits off
  return query;
});
let next = 0;
await timed(`  one hash within ${PDQ_MATCH_DISTANCE} bits`, queries.length - 1, () => index.search(queries[next++ % queries.length]!, PDQ_MATCH_DISTANCE));
const candidates = list.map((hash) => ({ hash }));
await timed(`  the same by a scan of every hash`, 5, () => filterByDistance(queries[next++ % queries.length]!, candidates, PDQ_MATCH_DISTANCE));
