/**
 * Hash-list matching at scale: imports a list of 1,000,000 random PDQ hashes (streamed CSV, one transaction, every
 * indexed output matched against it on the way) into an in-memory PGlite, and into PostgreSQL when TEST_DATABASE_URL
 * or `--pg <url>` is given (a schema of its own, dropped afterwards); then times one output against every list
 * (`matchOutputHashes`, what the indexer calls once it has hashed outputs: the band lookups over the indexed band
 * columns, the exact distance, the insert of any new match), first in the database, then with the list loaded into
 * the process's memory (lib/hash-lists/lists-in-memory.ts, what the console does once a list is loaded), with the
 * load's time and the typed arrays it holds. Half the timed outputs are 10 bits from a listed hash (a match), half are
 * random (none). Run with the react-server condition, like the console's server code:
 *
 *   npm run bench:hash-lists -- [--rows 1000000] [--outputs 2000] [--runs 50] [--pg postgres://postgres@127.0.0.1:5432/test]
 *     [--databases pglite,postgres]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import type { SessionUser } from '@/lib/auth/session-user';
import { openDatabase, setDatabase, type DatabaseHandle } from '@/lib/db/client';
import { hashList, hashMatch } from '@/lib/db/schema-hash';
import { importHashList } from '@/lib/hash-lists/import';
import { listsInMemory, listsLoaded } from '@/lib/hash-lists/lists-in-memory';
import { matchOutputHashes } from '@/lib/hash-lists/matches';
import { PDQ_MATCH_DISTANCE } from '@/lib/pdq/hash256';
import { indexHashedOutputs } from '@/test/hashed-outputs';
import { hashAtDistance } from '@/test/pdq-hashes';
import { percentile } from './harness/figures';
import { inScratchSchema } from './harness/scratch-schema';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    outputs: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '50' },
    pg: { type: 'string' },
    // `postgres` alone skips PGlite (its 1,000,000-row import takes minutes on a shared machine).
    databases: { type: 'string', default: 'pglite,postgres' },
  },
});
const DATABASES = new Set(args.databases.split(','));
const ROWS = Number(args.rows);
const OUTPUTS = Number(args.outputs);
const RUNS = Number(args.runs);
const PG_URL = args.pg ?? process.env.TEST_DATABASE_URL;
const ADMIN: SessionUser = { id: 'bench-admin', email: 'bench@example.test', name: 'Bench', role: 'admin', sessionId: 'bench' };

const randomHash = () => randomBytes(32).toString('hex');

/** The list as an upload streams it: 64 KiB chunks of `hash,label,source` lines; every 1,000th hash is kept to match. */
function listCsv(rows: number, kept: string[]): AsyncIterable<Uint8Array> {
  return (async function* () {
    let chunk = 'pdq_hex,label,source\n';
    for (let row = 0; row < rows; row++) {
      const hash = randomHash();
      if (row % 1_000 === 0) kept.push(hash);
      chunk += `${hash},Series ${row % 97},bench\n`;
      if (chunk.length > 65_536) {
        yield Buffer.from(chunk);
        chunk = '';
      }
    }
    yield Buffer.from(chunk);
  })();
}

async function measure(name: string, handle: DatabaseHandle) {
  setDatabase(handle);
  const database = handle.db;
  // Outputs indexed and hashed before the import (random hashes): the import matches every one of them against the list.
  const kept: string[] = [];
  const outputs = Array.from({ length: OUTPUTS }, (_, at) => ({ blobId: `before-${at}.jpeg`, hash: randomHash() }));
  await indexHashedOutputs(database, `5-bench-before`, outputs);

  const importStart = performance.now();
  const imported = await importHashList(database, { name: 'Bench list', body: listCsv(ROWS, kept), actor: ADMIN });
  const importSeconds = (performance.now() - importStart) / 1000;

  // Outputs hashed after the import: half near a listed hash, half random.
  const later = Array.from({ length: RUNS + 2 }, (_, at) => ({
    blobId: `after-${at}.jpeg`,
    hash: at % 2 === 0 ? hashAtDistance(kept[at % kept.length]!, 10) : randomHash(),
  }));
  await indexHashedOutputs(database, `5-bench-after`, later);
  const timeMatches = async (memoryEntries: number) => {
    const samples: number[] = [];
    let matched = 0;
    for (const [at, output] of later.entries()) {
      await database.delete(hashMatch).where(eq(hashMatch.blobId, output.blobId)); // each pass finds its matches anew
      const start = performance.now();
      matched += (await matchOutputHashes(database, [output.blobId], PDQ_MATCH_DISTANCE, memoryEntries)).length;
      if (at >= 2) samples.push(performance.now() - start); // two warm-ups
    }
    return { p50: percentile(samples, 50), p95: percentile(samples, 95), matched };
  };
  // First in the database (a budget of 0 loads nothing), then with the list loaded into this process's memory.
  const inDatabase = await timeMatches(0);
  const buffersBefore = process.memoryUsage().arrayBuffers;
  const loadStart = performance.now();
  listsInMemory(database, await database.select({ id: hashList.id, entryCount: hashList.entryCount }).from(hashList), ROWS);
  await listsLoaded(database);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const heldMiB = (process.memoryUsage().arrayBuffers - buffersBefore) / 2 ** 20;
  const inMemory = await timeMatches(ROWS);
  return { name, rows: imported.entryCount, importSeconds, importMatches: imported.matchCount, inDatabase, inMemory, loadSeconds, heldMiB };
}

const results = [];
if (DATABASES.has('pglite')) {
  const pglite = await openDatabase({ kind: 'pglite' });
  try {
    results.push(await measure('PGlite', pglite));
  } finally {
    await pglite.close();
  }
}
if (PG_URL && DATABASES.has('postgres')) results.push(await inScratchSchema(PG_URL, 'bench_hash_lists', (handle) => measure('PostgreSQL', handle)));

console.log(`\n${ROWS.toLocaleString('en-US')}-row list, ${OUTPUTS.toLocaleString('en-US')} outputs hashed before the import, ${RUNS} timed outputs after it`);
console.log('| Database | Import (rows, matches on import) | Matched in the database: p50 / p95 | Loading into memory (typed arrays held) | Matched in memory: p50 / p95 | Matches found (timed, per pass) |');
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  const pass = (p: { p50: number; p95: number }) => `${p.p50.toFixed(2)} / ${p.p95.toFixed(2)} ms`;
  console.log(
    `| ${r.name} | ${r.importSeconds.toFixed(1)} s (${r.rows.toLocaleString('en-US')} rows, ${r.importMatches}) | ${pass(r.inDatabase)} | ` +
      `${r.loadSeconds.toFixed(1)} s (${r.heldMiB.toFixed(0)} MiB) | ${pass(r.inMemory)} | ${r.inDatabase.matched} / ${r.inMemory.matched} |`,
  );
}
