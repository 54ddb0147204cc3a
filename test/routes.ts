import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Every page and route handler of the app, found by walking app/ on disk, so a route added tomorrow is enumerated
 * (and guarded by the route-enumeration tests) without anyone listing it.
 */

export type RouteKind = 'page' | 'api';
export type DiscoveredRoute = {
  kind: RouteKind;
  /** The route as written in app/, e.g. /workflows/[id] (route groups removed). */
  pattern: string;
  /** A concrete URL path for it, dynamic segments filled with a sample value. */
  path: string;
  /** HTTP methods the file exports (pages: GET). */
  methods: string[];
  file: string;
};

const PAGE_FILE = /^page\.(tsx|ts|jsx|js|mdx)$/;
const ROUTE_FILE = /^route\.(ts|js)$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Routes anyone may open without a session. The upstream's webhooks authenticate with a shared secret instead
 * (lib/risk-index/webhook.ts, tested in app/api/webhooks/orchestrator/route.test.ts).
 */
export const PUBLIC_PATTERNS: readonly RegExp[] = [/^\/$/, /^\/sign-in$/, /^\/api\/health$/, /^\/api\/auth(\/|$)/, /^\/api\/webhooks\//];

export function isPublic(pattern: string): boolean {
  return PUBLIC_PATTERNS.some((rule) => rule.test(pattern));
}

/** Methods a route module exports: `export const GET`, `export async function POST`, `export const { GET, POST } = …`. */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) found.add(match[1]!);
  for (const match of source.matchAll(/export\s+(?:const\s*)?\{([^}]*)\}/g)) {
    for (const name of match[1]!.split(',')) found.add(name.split(/\s+as\s+/).pop()!.trim());
  }
  return METHODS.filter((method) => found.has(method));
}

/** /(console)/workflows/[id] → pattern /workflows/[id], path /workflows/route-check-sample. */
export function routeFromDirectory(directory: string, sample = 'route-check-sample'): { pattern: string; path: string } {
  const segments = directory.split(/[\\/]/).filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith('@'));
  const pattern = `/${segments.join('/')}`;
  const path = `/${segments.map((segment) => (/^\[.*\]$/.test(segment) ? sample : segment)).join('/')}`;
  return { pattern, path };
}

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('_') ? [] : walk(full);
    return [full];
  });
}

export function discoverRoutes(appDirectory = join(process.cwd(), 'app')): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const file of walk(appDirectory)) {
    const name = file.split(sep).pop()!;
    const kind: RouteKind | null = PAGE_FILE.test(name) ? 'page' : ROUTE_FILE.test(name) ? 'api' : null;
    if (!kind) continue;
    const directory = relative(appDirectory, file.slice(0, -name.length - 1));
    const { pattern, path } = routeFromDirectory(directory);
    const methods = kind === 'page' ? ['GET'] : exportedMethods(readFileSync(file, 'utf8'));
    routes.push({ kind, pattern, path, methods, file: relative(process.cwd(), file) });
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern) || a.kind.localeCompare(b.kind));
}
