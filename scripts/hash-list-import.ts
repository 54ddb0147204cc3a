/**
 * Imports a PDQ hash list from the command line (audited, with no actor: "the command line"):
 *   npm run hash-list:import -- --name "<list name>" --file <list.csv>
 * --demo (scripts/serve.ts --demo): the demo's list, once per database: the PDQ hashes of the first few pg image
 * outputs of the emulator's newest workflows (read from CIVITAI_API_URL with CIVITAI_API_TOKEN), so the demo shows
 * real matches as soon as the indexer has hashed those outputs. A short process of its own: a PGlite folder takes one
 * process at a time.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { closeDb, db } from '@/lib/db/client';
import { hashList } from '@/lib/db/schema-hash';
import { env } from '@/lib/env';
import { importHashList } from '@/lib/hash-lists/import';
import { MediaUpstream } from '@/lib/media/upstream-blob';
import { createOrchestratorClient } from '@/lib/orchestrator/client';
import { listPage } from '@/lib/orchestrator/workflows';
import { pdqOfImage } from '@/lib/pdq/image';

const { values: args } = parseArgs({ options: { name: { type: 'string' }, file: { type: 'string' }, demo: { type: 'boolean', default: false } } });

const DEMO_LIST = 'Demo list (emulator outputs)';
const DEMO_ENTRIES = 4;

/** The demo list's CSV: each hash labelled with the output it was taken from. */
async function demoCsv(): Promise<string> {
  const { CIVITAI_API_URL: baseUrl, CIVITAI_API_TOKEN: token } = env();
  const client = createOrchestratorClient({ baseUrl, token });
  const search = { userId: null, tags: [], q: null, from: null, to: null, status: null, excludeFailed: true, order: 'newest' as const };
  const { workflows } = await listPage(client, search, null, 50);
  const outputs = workflows
    .flatMap((workflow) => workflow.media)
    .filter((item) => item.mediaType === 'image' && item.available && (item.nsfwLevel === 'pg' || item.nsfwLevel === 'pg13'))
    .slice(0, DEMO_ENTRIES);
  const media = new MediaUpstream({ baseUrl, token });
  try {
    const rows = [];
    for (const [at, output] of outputs.entries()) {
      const { bytes } = await media.readAll(output.blobId, 40 * 1024 * 1024);
      rows.push(`${(await pdqOfImage(bytes)).hash},Demo known image ${at + 1},emulator output ${output.blobId}`);
    }
    return `pdq_hex,label,source\n${rows.join('\n')}\n`;
  } finally {
    await media.close();
  }
}

async function importList(name: string, csv: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
  const imported = await importHashList(await db(), { name, body: csv, actor: null });
  console.log(`Imported the hash list "${imported.name}": ${imported.entryCount} hashes, ${imported.matchCount} matched outputs.`);
}

async function importDemoList(): Promise<void> {
  const [existing] = await (await db()).select({ id: hashList.id }).from(hashList).where(eq(hashList.name, DEMO_LIST)).limit(1);
  if (existing) return;
  await importList(DEMO_LIST, [Buffer.from(await demoCsv())]);
}

try {
  if (args.demo) await importDemoList();
  else if (args.name && args.file) await importList(args.name, createReadStream(args.file));
  else {
    console.error('usage: npm run hash-list:import -- --name "<list name>" --file <list.csv>');
    process.exitCode = 2;
  }
  await closeDb();
} catch (error) {
  await closeDb().catch(() => {});
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
