import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import type { Scenarios } from '../emulator/scenarios';
import { DEMO_SERVICE_TOKEN } from '../emulator/tokens';
import { expect, signIn, test } from './fixtures';

/**
 * What the console leaves where a browser or the disk can see it (TEST-PLAN F-11, F-31), checked on the production
 * build the e2e server runs: no upstream token and no CIVITAI_* name in anything client-reachable, no signed blob URL
 * in a page, and no media bytes or scan data on disk after media and scans were served.
 */

const EMULATOR = `${process.env.E2E_EMULATOR_URL}/__emulator`;
const DIST_DIR = process.env.NEXT_DIST_DIR || '.next';
const FILE_SIZE_LIMIT = 64 * 1024 * 1024;

/** Every file under `dir` (no symlinks followed), optionally only those modified since `since`. */
function filesUnder(dir: string, since = 0): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return; // another user's folder
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        try {
          const stats = statSync(path);
          if (stats.mtimeMs >= since && stats.size <= FILE_SIZE_LIMIT) out.push(path);
        } catch {
          // gone since the listing
        }
      }
    }
  };
  walk(dir);
  return out;
}

function readable(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/** The places in `files` where any of the needles occurs. */
function occurrences(files: string[], needles: (string | Buffer)[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const content = readable(file);
    if (!content) continue;
    for (const needle of needles) if (content.includes(needle)) found.push(`${file}: ${typeof needle === 'string' ? needle : 'media bytes'}`);
  }
  return found;
}

const SECRET_PATTERNS = [DEMO_SERVICE_TOKEN, 'CIVITAI_'];

let scenarios: Scenarios;

test.beforeAll(async () => {
  scenarios = (await (await fetch(`${EMULATOR}/scenarios`)).json()) as Scenarios;
});

async function text(request: APIRequestContext, path: string, headers: Record<string, string> = {}) {
  const response = await request.get(path, { headers, maxRedirects: 0 });
  return { status: response.status(), body: await response.text() };
}

test('F-11: the build output, the pages and their RSC payloads hold no upstream token, no CIVITAI_* name and no signed URL', async ({ page }) => {
  const staticFiles = filesUnder(join(DIST_DIR, 'static'));
  expect(staticFiles.length, `client bundles in ${DIST_DIR}/static`).toBeGreaterThan(0);
  expect(occurrences(staticFiles, SECRET_PATTERNS)).toEqual([]);

  await signIn(page, 'admin');
  const { gallery, drillDown24, riskyUser } = scenarios;
  const job = gallery.blobs[0]!.jobId;
  const screens = ['/', '/workflows', `/workflows/${gallery.workflowId}`, `/workflows/${drillDown24.workflowId}`, `/jobs/${job}`, `/users/${riskyUser.userId}`, '/status', '/audit', '/sign-in'];
  const leaks: string[] = [];
  for (const screen of screens) {
    for (const [kind, headers] of [['HTML', {}], ['RSC payload', { RSC: '1' }]] as const) {
      const { status, body } = await text(page.request, screen, headers);
      expect(status, `${kind} of ${screen}`).toBeLessThan(500);
      for (const needle of [...SECRET_PATTERNS, 'sig=CfDJ8', 'Bearer ']) if (body.includes(needle)) leaks.push(`${kind} of ${screen}: ${needle}`);
    }
  }
  // The JSON the screens read is client-reachable too.
  for (const api of [`/api/workflows/${gallery.workflowId}`, `/api/jobs/${job}`, '/api/status', '/api/workflows?take=50']) {
    const { status, body } = await text(page.request, api);
    expect(status, api).toBe(200);
    for (const needle of [...SECRET_PATTERNS, 'sig=', 'exp=']) if (body.includes(needle)) leaks.push(`${api}: ${needle}`);
  }
  expect(leaks).toEqual([]);
});

test('F-31: after media and scan evidence were served, no cache folder and no file in /tmp holds either', async ({ page }) => {
  const started = Date.now() - 1_000;
  await signIn(page, 'moderator');
  const { gallery } = scenarios;
  const visible = gallery.blobs.filter((blob) => blob.type === 'image' && blob.available && (blob.nsfwLevel === 'pg' || blob.nsfwLevel === 'pg13') && !blob.blockedReason);
  expect(visible.length).toBeGreaterThan(0);

  const served: Buffer[] = [];
  for (const blob of visible) {
    const path = `/api/media/${encodeURIComponent(blob.blobId)}?workflowId=${encodeURIComponent(gallery.workflowId)}`;
    // Twice each: a cache in front of the console would serve the second; the headers forbid it to store either.
    for (let round = 0; round < 2; round += 1) {
      const response = await page.request.get(path);
      expect(response.status()).toBe(200);
      expect(response.headers()['cache-control']).toMatch(/no-store/);
      expect(response.headers()['cache-control']).toMatch(/private/);
      const bytes = await response.body();
      const readout = (await (await fetch(`${EMULATOR}/blobs/${encodeURIComponent(blob.blobId)}`)).json()) as { sha256: string };
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(readout.sha256);
      served.push(bytes);
    }
    expect((await page.request.get(`${path.replace('?', '/preview?')}`)).status()).toBe(200);
  }
  // The workflow page and a job's evidence, as a moderator opens them.
  expect((await page.goto(`/workflows/${gallery.workflowId}`))?.status()).toBe(200);
  const evidence = await page.request.get(`/api/jobs/${gallery.blobs[0]!.jobId}`);
  expect(evidence.status()).toBe(200);

  // A slice from the middle of each original: unique to that blob, whatever container format it is in.
  const mediaNeedles = served.map((bytes) => bytes.subarray(Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64));
  // Scan data by its wire keys and by the gallery's prompt (a browser profile may keep visited URLs, so not by id).
  const scanNeedles = ['hive_csam_score', 'hive_vlm_summary', 'a lighthouse keeper at golden hour'];
  const cacheFiles = [...filesUnder(join(DIST_DIR, 'cache', 'images')), ...filesUnder(join(DIST_DIR, 'cache', 'fetch-cache'))];
  expect(occurrences(cacheFiles, [...mediaNeedles, ...scanNeedles])).toEqual([]);
  expect(filesUnder(join(DIST_DIR, 'cache', 'images'))).toEqual([]);
  // Test runners' own artifacts (traces of pages, by design) are not the console's; anything else in /tmp counts.
  const tmpFiles = filesUnder(tmpdir(), started).filter((file) => !file.includes('/test-results/'));
  expect(occurrences(tmpFiles, [...mediaNeedles, ...scanNeedles])).toEqual([]);
});
