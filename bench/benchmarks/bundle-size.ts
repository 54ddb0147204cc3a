import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Benchmark } from '../harness/context';
import { figure, NotAvailable, round, type Figure } from '../harness/figures';

/**
 * First-load JS of each screen: the chunks Next lists per route in <distDir>/diagnostics/route-bundle-stats.json
 * (uncompressed), each gzipped here at the default level, summed per route.
 */

const LIMIT_KB = 200;
/** The list is the screen a moderator opens first and most (issue 18). */
const LIMITS_KB: Record<string, number> = { '/workflows': 185 };

interface RouteStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

/** Chunk paths are written with the dist folder as first segment; resolve them against the one we built. */
function chunkFile(distDir: string, listed: string): string {
  if (existsSync(listed)) return listed;
  const withoutFirst = listed.split('/').slice(1).join('/');
  return join(distDir, withoutFirst);
}

/** Screens a moderator opens; API routes and Next's internals are not screens. */
function isScreen(route: string): boolean {
  return !route.startsWith('/api/') && !route.startsWith('/_') && !/\.(txt|xml|ico|json|webmanifest)$/.test(route);
}

export function firstLoadKb(distDir: string, stats: RouteStats, gzipped: Map<string, number>): number {
  let total = 0;
  for (const listed of stats.firstLoadChunkPaths) {
    const file = chunkFile(distDir, listed);
    let size = gzipped.get(file);
    if (size === undefined) {
      size = gzipSync(readFileSync(file)).length;
      gzipped.set(file, size);
    }
    total += size;
  }
  return total / 1024;
}

export const bundleSize: Benchmark = {
  id: 'bundle',
  title: 'First-load JS per screen',
  async run(ctx) {
    const statsFile = join(ctx.distDir, 'diagnostics', 'route-bundle-stats.json');
    if (!existsSync(statsFile)) throw new NotAvailable(`${statsFile} is missing (next build writes it)`);
    const routes = (JSON.parse(readFileSync(statsFile, 'utf8')) as RouteStats[]).filter((stats) => isScreen(stats.route));
    if (routes.length === 0) throw new NotAvailable('the build lists no screens');
    const gzipped = new Map<string, number>();
    return routes.map((stats): Figure => {
      const kb = firstLoadKb(ctx.distDir, stats, gzipped);
      return figure(
        `bundle.${stats.route}`,
        `First-load JS ${stats.route}`,
        round(kb, 1),
        'KB',
        `gzip of ${stats.firstLoadChunkPaths.length} chunks (${round(stats.firstLoadUncompressedJsBytes / 1024, 0)} KB uncompressed)`,
        { op: '<=', value: LIMITS_KB[stats.route] ?? LIMIT_KB },
      );
    });
  },
};
