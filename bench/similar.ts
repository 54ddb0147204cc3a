/**
 * Similar search at scale: seeds 1,000,000 indexed outputs with random PDQ hashes (and their 16 band columns, in SQL)
 * into an in-memory PGlite, and into PostgreSQL when TEST_DATABASE_URL or `--pg <url>` is given (a schema of its own,
 * dropped afterwards); adds the emulator's near-duplicate families (seed 42, hashed from the bytes it serves); then
 * times findSimilar (what GET /api/media/{blobId}/similar calls) from family members and from random outputs, at 31
 * and 47 bits and with the eight dihedral hashes, and checks every family member finds its whole family (recall).
 *
 *   npm run bench:similar -- [--outputs 1000000] [--runs 40] [--pg postgres://postgres@127.0.0.1:5432/test] [--no-pglite]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { renderContent } from '@/emulator/media';
import { mediaSpec } from '@/emulator/routes/blobs';
import { Store } from '@/emulator/store';
import { openDatabase, setDatabase, type DatabaseHandle } from '@/lib/db/client';
import { pdqOfImage, dihedralHashesOfImage } from '@/lib/pdq/image';
import { rowsOf } from '@/lib/risk-index/work';
import { storeOutputHashes } from '@/lib/similar/hash-store';
import { findSimilar } from '@/lib/similar/search';
import { indexOutputs } from '@/test/indexed-outputs';
import { percentile } from './harness/figures';

const { values: args } = parseArgs({
  options: {
    outputs: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    pg: { type: 'string' },
    // PostgreSQL alone (seeding PGlite with a million rows takes minutes).
    'no-pglite': { type: 'boolean', default: false },
  },
});
const OUTPUTS = Number(args.outputs);
const RUNS = Number(args.runs);
const PG_URL = args.pg ?? process.env.TEST_DATABASE_URL;

type Member = { blobId: string; workflowId: string; hash: string; bytes: Buffer };

/** The emulator's families as it serves them (seed 42), hashed here as the output hasher hashes them. */
async function families(): Promise<{ members: Member[][]; hashMs: number[] }> {
  const store = new Store({ seed: 42, workflows: 60, anchorMs: Date.now(), urlExpiry: '2099-01-01T00:00:00.0000000Z' });
  const hashMs: number[] = [];
  const members: Member[][] = [];
  for (const family of store.records.filter((record) => record.scenario?.startsWith('nearDuplicate:'))) {
    const [, index] = family.scenario!.split(':');
    const [blob] = store.model(family).blobs.values();
    const bytes = await renderContent(mediaSpec(blob!));
    const started = performance.now();
    const { hash } = await pdqOfImage(bytes);
    hashMs.push(performance.now() - started);
    (members[Number(index)] ??= []).push({ blobId: blob!.id, workflowId: family.id, hash, bytes });
  }
  return { members, hashMs };
}

async function seed(handle: DatabaseHandle, outputs: number, family: Member[][]): Promise<number> {
  const started = performance.now();
  const workflows = Math.ceil(outputs / 4);
  await handle.db.execute(sql`
    insert into indexed_workflow (id, owner_id, status, created_at, output_count, unreadable_outputs, indexed_at, source)
    select (1000 + g % 5000) || '-bench-' || g, 1000 + g % 5000, 'succeeded', now(), 4, 0, now(), 'backfill'
      from generate_series(1, ${workflows}) g`);
  await handle.db.execute(sql`
    insert into indexed_output (blob_id, workflow_id, step_name, ordinal, media_type, available, nsfw_level, scan_read, csam_readable, created_at, indexed_at)
    select w.id || '-' || k, w.id, '$0', k, 'image', 'true', 'pg', true, true, now(), now()
      from indexed_workflow w, generate_series(0, 3) k`);
  // Random 256-bit hashes (two md5s), each band its 16-bit slice of the hex, as hashBands reads it. The band indexes
  // are built after the rows (as the migration defines them): a million inserts into 16 indexes take far longer.
  const bands = Array.from({ length: 16 }, (_, band) => `('x' || substr(h.hash, ${band * 4 + 1}, 4))::bit(16)::int`).join(', ');
  for (let band = 0; band < 16; band += 1) await handle.db.execute(sql.raw(`drop index output_hash_band_${band}`));
  await handle.db.execute(
    sql.raw(`
    insert into output_hash (blob_id, hash, ${Array.from({ length: 16 }, (_, band) => `band_${band}`).join(', ')}, quality)
    select h.blob_id, h.hash, ${bands}, 100
      from (select blob_id, md5(blob_id) || md5(blob_id || 'x') as hash from indexed_output) h`),
  );
  for (let band = 0; band < 16; band += 1) await handle.db.execute(sql.raw(`create index output_hash_band_${band} on output_hash using btree (band_${band})`));
  const flat = family.flat();
  await indexOutputs(flat.map((member) => ({ blobId: member.blobId, workflowId: member.workflowId, ownerId: 5 })));
  await storeOutputHashes(flat.map((member) => ({ blobId: member.blobId, hash: member.hash, quality: 100 })));
  await handle.db.execute(sql`analyze`);
  return (performance.now() - started) / 1000;
}

interface Measured {
  database: string;
  seeded: number;
  timings: Record<string, { p50: number; p95: number }>;
  recall: { found: number; expected: number };
}

async function time(label: string, queries: readonly (() => Promise<unknown>)[], into: Measured['timings']): Promise<void> {
  for (const query of queries.slice(0, 3)) await query();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await queries[i % queries.length]!();
    samples.push(performance.now() - started);
  }
  into[label] = { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function measure(name: string, handle: DatabaseHandle, family: Member[][]): Promise<Measured> {
  setDatabase(handle);
  const seconds = await seed(handle, OUTPUTS, family);
  const [count] = rowsOf(await handle.db.execute(sql`select count(*)::int as n from output_hash`));
  console.error(`${name}: seeded ${count!.n} hashes in ${seconds.toFixed(1)} s`);
  const randomRows = rowsOf(await handle.db.execute(sql`select blob_id, hash from output_hash order by blob_id desc limit 40`));
  const members = family.flat();
  const search = (hashes: string[], excludeBlobId: string, maxDistance = 31) => () => findSimilar({ hashes, maxDistance, take: 50, after: null, excludeBlobId });
  const dihedral = await Promise.all(members.slice(0, 5).map(async (member) => Object.values(await dihedralHashesOfImage(member.bytes))));
  const timings: Measured['timings'] = {};
  await time('family member, 31 bits', members.map((member) => search([member.hash], member.blobId)), timings);
  await time('random output, 31 bits', randomRows.map((row) => search([String(row.hash)], String(row.blob_id))), timings);
  await time('family member, 47 bits', members.map((member) => search([member.hash], member.blobId, 47)), timings);
  await time('family member, dihedral (9 hashes), 31 bits', dihedral.map((hashes, i) => search([members[i]!.hash, ...hashes], members[i]!.blobId)), timings);
  let found = 0;
  let expected = 0;
  for (const group of family) {
    for (const member of group) {
      const { matches } = await findSimilar({ hashes: [member.hash], maxDistance: 31, take: 200, after: null, excludeBlobId: member.blobId });
      const matched = new Set(matches.map((match) => match.blobId));
      expected += group.length - 1;
      found += group.filter((other) => other !== member && matched.has(other.blobId)).length;
    }
  }
  return { database: name, seeded: seconds, timings, recall: { found, expected } };
}

async function withPostgres(url: string, family: Member[][]): Promise<Measured> {
  const schema = `bench_similar_${randomBytes(4).toString('hex')}`;
  const handle = await openDatabase({ kind: 'postgres', url, schema });
  try {
    return await measure('PostgreSQL', handle, family);
  } finally {
    await handle.close();
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
}

const family = await families();
const results: Measured[] = [];
if (!args['no-pglite']) {
  const pglite = await openDatabase({ kind: 'pglite' });
  try {
    results.push(await measure('PGlite', pglite, family.members));
  } finally {
    await pglite.close();
  }
}
if (PG_URL) results.push(await withPostgres(PG_URL, family.members));

console.log(`PDQ of a family member (1024×1024 JPEG, decode + hash): p50 ${percentile(family.hashMs, 50).toFixed(1)} ms, max ${Math.max(...family.hashMs).toFixed(1)} ms`);
console.log(`findSimilar over ${OUTPUTS + family.members.flat().length} hashes, ${RUNS} runs each (ms):`);
for (const row of results) {
  for (const [label, { p50, p95 }] of Object.entries(row.timings)) {
    console.log(`${row.database.padEnd(10)} ${label.padEnd(44)} p50 ${p50.toFixed(1).padStart(7)}  p95 ${p95.toFixed(1).padStart(7)}`);
  }
  console.log(`${row.database.padEnd(10)} recall of the families at 31 bits: ${row.recall.found}/${row.recall.expected} (${((100 * row.recall.found) / row.recall.expected).toFixed(0)} %)`);
}
