import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { E2E_CREDENTIALS } from '@/lib/auth/demo-users';
import { seedDemoUsers } from '../../scripts/demo-users';
import type { Benchmark, BenchContext } from '../harness/context';
import { figure, NotAvailable, percentile, skipped } from '../harness/figures';
import { adminConnection, databaseUrl } from '../harness/postgres';
import { cycle, runLoad, type LoadResult } from '../harness/load';
import { startConsole, type ConsoleProcess } from '../harness/processes';
import { consoleJson, signIn } from '../harness/session';
import { REVIEWERS, reviewerFigures, reviewerPaths } from './reviewers';

/**
 * Two console instances on one PostgreSQL, the reviewers split between them, while both also serve audited
 * downloads: no errors, and every download that was answered 200 has its audit row (none lost between processes).
 */

const DOWNLOADERS_PER_INSTANCE = 2;
const DOWNLOADS_PER_INSTANCE = 300;

function merged(results: LoadResult[]): LoadResult {
  const latencies = results.flatMap((result) => result.latencies);
  const statuses: Record<string, number> = {};
  for (const result of results) for (const [code, count] of Object.entries(result.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  return {
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    ok: results.reduce((sum, result) => sum + result.ok, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    statuses,
    latencies,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    bytes: results.reduce((sum, result) => sum + result.bytes, 0),
    seconds: Math.max(...results.map((result) => result.seconds)),
  };
}

async function underLoad(ctx: BenchContext, instances: { console: ConsoleProcess; cookie: string }[], downloads: string[]) {
  const reviewerMix = await reviewerPaths(ctx, ctx.mode === 'smoke' ? 20 : 200);
  const seconds = ctx.sizes.twoInstanceSeconds;
  const perInstance = REVIEWERS / instances.length;
  const runs = instances.flatMap((instance) => {
    const headers = { cookie: instance.cookie };
    return [
      runLoad({ origin: instance.console.origin, connections: perInstance, seconds, headers, nextPath: cycle(reviewerMix) }),
      runLoad({ origin: instance.console.origin, connections: DOWNLOADERS_PER_INSTANCE, amount: DOWNLOADS_PER_INSTANCE, headers, nextPath: cycle(downloads) }),
    ];
  });
  const results = await Promise.all(runs);
  return { reviewers: merged(results.filter((_, index) => index % 2 === 0)), downloads: merged(results.filter((_, index) => index % 2 === 1)) };
}

export const twoInstances: Benchmark = {
  id: 'two-instances',
  title: 'Two console instances on one PostgreSQL',
  async run(ctx) {
    if (ctx.mode === 'smoke') return [skipped('twoInstances', 'Two console instances on one PostgreSQL', 'starts two more consoles; full run only')];
    const admin = await adminConnection();
    const name = `bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const started: ConsoleProcess[] = [];
    try {
      await admin.unsafe(`create database "${name}"`);
      const url = databaseUrl(name);
      await seedDemoUsers('e2e', { DATABASE_URL: url, BETTER_AUTH_SECRET: ctx.consoleSettings.secret });
      const ports = ctx.sparePorts.slice(0, 2);
      const consoles = await Promise.all(
        ports.map((port) => startConsole({ ...ctx.consoleSettings, port, database: { url } }).then((process) => (started.push(process), process))),
      );
      const instances = await Promise.all(
        consoles.map(async (process) => {
          const cookie = await signIn(process.origin, E2E_CREDENTIALS.moderator);
          // First request of a fresh process: module loading and the database pool, not part of the measurement.
          await consoleJson({ console: process, cookie }, '/api/workflows?take=1');
          return { console: process, cookie };
        }),
      );
      const media = await ctx.inventory.tierZeroMedia(ctx, ctx.sizes.mediaRefs);
      if (media.length === 0) throw new NotAvailable('no image a moderator may download without a reveal was found');
      // A download is audited before its first byte: every 200 must have left a row.
      const downloads = media.map((ref) => `/api/media/${encodeURIComponent(ref.blobId)}?workflowId=${encodeURIComponent(ref.workflowId)}&download=1`);

      const load = await underLoad(ctx, instances, downloads);

      const database = postgres(url, { max: 1, onnotice: () => {} });
      let auditRows: number;
      try {
        const [row] = await database<{ count: string }[]>`select count(*)::text as count from audit_event where action = 'media_download'`;
        auditRows = Number(row!.count);
      } finally {
        await database.end({ timeout: 5 });
      }
      const label = `2 instances, ${REVIEWERS} reviewers for ${ctx.sizes.twoInstanceSeconds} s`;
      return [
        ...reviewerFigures('twoInstances', label, load.reviewers),
        figure('twoInstances.downloadErrors', '2 instances: audited download errors', load.downloads.errors, 'errors', `${load.downloads.requests} downloads on ${instances.length} instances`, { op: '==', value: 0 }),
        figure(
          'twoInstances.auditRowsMissing',
          '2 instances: audit rows missing',
          load.downloads.ok - auditRows,
          'rows',
          `${load.downloads.ok} downloads answered 200, ${auditRows} media_download rows in PostgreSQL`,
          { op: '==', value: 0 },
        ),
      ];
    } finally {
      await Promise.all(started.map((process) => process.stop()));
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
    }
  },
};
