import { seriousViolations } from './axe';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page, Request } from '@playwright/test';
import type { BlobReadout } from '../emulator/control';
import type { GalleryBlob, Scenarios } from '../emulator/scenarios';
import { mediaApi } from '../lib/media/api';
import type { Role } from '../lib/auth/roles';
import { E2E_CREDENTIALS, expect, test } from './fixtures';

/**
 * The media gate in a real browser (issue 8; TEST-PLAN F-08, F-32, F-33): every network response is hashed while
 * reviewers work the `gallery` workflow, whose blobs sit at every level, unrated, blocked (CSAM-type too),
 * unavailable, CSAM-scored "above" and "near", plus a video. The emulator reports each blob's sha256, so "no gated
 * bytes before the reveal" is checked on the bytes themselves, not on the markup.
 */

const EMULATOR = `${process.env.E2E_EMULATOR_URL}/__emulator`;
const SCREENS_DIR = 'test-results/screens';
const REASON = 'Checking a user report about this output';

let scenarios: Scenarios;
/** The emulator's read-out of every gallery blob: sha256 and size of its original bytes. */
const originals = new Map<string, BlobReadout>();

test.beforeAll(async () => {
  mkdirSync(SCREENS_DIR, { recursive: true });
  scenarios = (await (await fetch(`${EMULATOR}/scenarios`)).json()) as Scenarios;
  for (const blob of scenarios.gallery.blobs) {
    const response = await fetch(`${EMULATOR}/blobs/${encodeURIComponent(blob.blobId)}`);
    expect(response.ok, `emulator read-out of ${blob.role}`).toBe(true);
    originals.set(blob.blobId, (await response.json()) as BlobReadout);
  }
});

const role = (name: string): GalleryBlob => scenarios.gallery.byRole[name]!;
const galleryPath = () => `/workflows/${scenarios.gallery.workflowId}`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Seen {
  url: string;
  path: string;
  status: number;
  sha256: string | null;
  size: number;
  /** Wall-clock ms of the response's first byte. */
  firstByteAt: number;
}

/** Every response a page receives, with the sha256 of its body; `settled()` waits for the bodies still being read. */
/** The live channel's event stream stays open while a workflow page shows who is reviewing it: it is never "done". */
const isLiveStream = (url: string) => new URL(url).pathname === '/api/live';

/**
 * Resolves once no request but the live stream has been in flight for 500 ms (Playwright's `networkidle` would wait
 * for the stream too). Call it before the requests it should wait for start.
 */
function watchQuiet(page: Page): () => Promise<void> {
  const pending = new Set<Request>();
  let changedAt = Date.now();
  const settle = (request: Request) => {
    pending.delete(request);
    changedAt = Date.now();
  };
  page.on('request', (request) => {
    if (isLiveStream(request.url())) return;
    pending.add(request);
    changedAt = Date.now();
  });
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  return () => expect.poll(() => pending.size === 0 && Date.now() - changedAt >= 500, { timeout: 30_000, intervals: [100] }).toBe(true);
}

function watchResponses(page: Page) {
  const seen: Seen[] = [];
  const reading: Promise<void>[] = [];
  const quiet = watchQuiet(page);
  page.on('response', (response) => {
    if (isLiveStream(response.url())) return;
    reading.push(
      (async () => {
        const timing = response.request().timing();
        const body = await response.body().catch(() => null);
        const url = new URL(response.url());
        seen.push({
          url: response.url(),
          path: url.pathname,
          status: response.status(),
          sha256: body ? sha256(body) : null,
          size: body?.length ?? 0,
          firstByteAt: timing.startTime + Math.max(0, timing.responseStart),
        });
      })(),
    );
  });
  return {
    seen,
    quiet,
    async settled(): Promise<Seen[]> {
      await quiet();
      await Promise.all(reading);
      return [...seen];
    },
  };
}

/** Every request a page makes (media URLs are checked before any byte can arrive). */
function watchRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

interface Reviewer {
  page: Page;
  /** Browser console errors and uncaught exceptions: a test fails on any. */
  errors: string[];
}

/** A fresh browser context signed in as `role`: its own session, so no reveal grant carries over between tests. */
async function openAs(browser: Browser, who: Role): Promise<Reviewer> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const { email, password } = E2E_CREDENTIALS[who];
  const response = await page.request.post('/api/auth/sign-in/email', {
    data: { email, password },
    headers: { Origin: new URL(test.info().project.use.baseURL!).origin },
  });
  expect(response.status(), `sign-in as ${who}`).toBe(200);
  return { page, errors };
}

async function signOff({ page, errors }: Reviewer): Promise<void> {
  expect(errors, 'browser console errors').toEqual([]);
  await page.context().close();
}

const tile = (page: Page, blobId: string): Locator => page.locator(`figure[data-blob-id="${blobId}"]`);

/** Opens the gallery and waits until every tile has its live gate and every allowed preview has loaded. */
async function openGallery(page: Page): Promise<void> {
  await page.goto(galleryPath());
  await expect(page.locator('figure[data-blob-id]')).toHaveCount(scenarios.gallery.blobs.length);
  await expect(page.getByText('Checking the gate…')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('figure[data-blob-id] button[data-lightbox-opener]').first()).toBeVisible();
  await expect
    .poll(() => page.locator('figure img').evaluateAll((images) => images.every((image) => (image as HTMLImageElement).complete)), { timeout: 30_000 })
    .toBe(true);
}

/** The tier each tile shows, by blob id. */
async function tiers(page: Page): Promise<Map<string, number>> {
  const pairs = await page
    .locator('figure[data-blob-id]')
    .evaluateAll((figures) => figures.map((figure) => [figure.getAttribute('data-blob-id')!, Number(figure.getAttribute('data-tier'))] as const));
  return new Map(pairs);
}

const isBytesPath = (path: string, blobId: string) => path === `/api/media/${encodeURIComponent(blobId)}`;
const isPreviewPath = (path: string, blobId: string) => path === `/api/media/${encodeURIComponent(blobId)}/preview`;
const pathOf = (request: Request) => new URL(request.url()).pathname;

/** Admin's view of the audit log: the rows for one blob, through the CSV export (which is what an auditor reads). */
async function auditRows(browser: Browser, filter: Record<string, string>): Promise<Record<string, string>[]> {
  const { page } = await openAs(browser, 'admin');
  const response = await page.request.get(`/api/audit/export?${new URLSearchParams(filter)}`);
  expect(response.status()).toBe(200);
  const [header, ...lines] = (await response.text()).trim().split('\r\n');
  await page.context().close();
  const columns = header!.split(',');
  // The fields compared here (time, action, ids, email) never hold commas or quotes.
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [columns[index]!, cell])));
}

/** What this feature draws: the tiles, the lightbox and the settings form (the rest of each screen is audited by its own tests). */
const AUDITED = 'figure[data-blob-id], [data-testid="lightbox"], form[aria-label="Wellness settings"]';

/** Screenshots in both themes; with `audit`, axe in both too (contrast differs between them). */
async function shoot(target: Page | Locator, name: string, audit = false): Promise<void> {
  const page = 'page' in target ? target.page() : target;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await target.screenshot({ path: `${SCREENS_DIR}/gallery-${name}-${scheme}.png`, animations: 'disabled' });
    if (audit) expect(await seriousViolations(page, AUDITED), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * One picture of every tile of one tier: the first outputs grid, with the tiles of other tiers hidden and copies of
 * this tier's tiles from the other steps' grids (the video) added. Styles change through the CSSOM only: the page's
 * CSP forbids style tags. The copies are removed after the picture.
 */
async function shootTier(page: Page, tier: number, name: string): Promise<void> {
  const grid = page.locator('ul:has(> li > figure[data-blob-id])').first();
  await grid.evaluate((first, wanted) => {
    const matches = (item: Element) => item.querySelector(`figure[data-tier="${wanted}"]`) !== null;
    const others = Array.from(document.querySelectorAll('ul:has(> li > figure[data-blob-id])')).filter((list) => list !== first);
    for (const item of others.flatMap((list) => Array.from(list.children)).filter(matches)) {
      const copy = item.cloneNode(true) as HTMLElement;
      copy.dataset.shotCopy = '';
      first.append(copy);
    }
    for (const item of Array.from(first.children) as HTMLElement[]) item.style.display = matches(item) ? '' : 'none';
  }, tier);
  await shoot(grid, name);
  await grid.evaluate((first) => {
    for (const item of Array.from(first.children) as HTMLElement[]) {
      if (item.dataset.shotCopy !== undefined) item.remove();
      else item.style.display = '';
    }
  });
}


test('a moderator gets no byte of gated media before a reveal; a reasoned reveal brings exactly that blob, after its audit row', async ({ browser }) => {
  test.setTimeout(180_000);
  // Audit rows are per second; other specs' reveals by this account came before this second.
  const startedAt = Math.floor(Date.now() / 1000) * 1000;
  const { page, errors } = await openAs(browser, 'moderator');
  const responses = watchResponses(page);
  const requests = watchRequests(page);
  await openGallery(page);

  const tierOf = await tiers(page);
  // The gallery's facts decide the tiers the policy must give (defaults: pg/pg13 → 0, r/x → 1, xxx and unrated → 2).
  expect(tierOf.get(role('level:pg').blobId)).toBe(0);
  expect(tierOf.get(role('level:pg13').blobId)).toBe(0);
  expect(tierOf.get(role('level:r').blobId)).toBe(1);
  expect(tierOf.get(role('level:x').blobId)).toBe(1);
  expect(tierOf.get(role('level:xxx').blobId)).toBe(2);
  expect(tierOf.get(role('level:na').blobId)).toBe(2);
  expect(tierOf.get(role('level:missing').blobId)).toBe(2);
  expect(tierOf.get(role('csam:near').blobId)).toBe(2);
  expect(tierOf.get(role('csam:above').blobId)).toBe(3);
  expect(tierOf.get(role('blocked:ChildReference').blobId)).toBe(3);
  expect(tierOf.get(role('blocked:Bestiality').blobId)).toBeGreaterThanOrEqual(2);

  // Hover and focus every tile, its buttons and links: none of it may ask for gated pixels.
  for (const figure of await page.locator('figure[data-blob-id]').all()) await figure.hover();
  for (const link of await page.locator('figure a').all()) await link.hover();
  for (let index = 0; index < 80; index += 1) await page.keyboard.press('Tab');

  const gated = scenarios.gallery.blobs.filter((blob) => (tierOf.get(blob.blobId) ?? 3) >= 1);
  const gatedHashes = new Map(gated.map((blob) => [originals.get(blob.blobId)!.sha256, blob]));
  const before = await responses.settled();
  const leaked = before.filter((response) => response.sha256 && gatedHashes.has(response.sha256));
  expect(leaked.map((response) => `${gatedHashes.get(response.sha256!)!.role} via ${response.path}`)).toEqual([]);
  for (const blob of gated) {
    expect(requests.filter((request) => isBytesPath(pathOf(request), blob.blobId)), `full-bytes request for ${blob.role}`).toEqual([]);
    if (tierOf.get(blob.blobId)! >= 2) {
      expect(requests.filter((request) => isPreviewPath(pathOf(request), blob.blobId)), `preview request for ${blob.role}`).toEqual([]);
      await expect(tile(page, blob.blobId).locator('img, video')).toHaveCount(0);
    }
  }
  await expect(tile(page, role('level:x').blobId).locator('img[data-media="blurred"]')).toHaveCount(1);
  // Looking, hovering and focusing are not views: nothing about these blobs reached the audit log.
  const blobRows = await auditRows(browser, { actor: E2E_CREDENTIALS.moderator.email, targetType: 'blob' });
  expect(blobRows.filter((row) => Date.parse(row.at_utc!) >= startedAt)).toEqual([]);
  await shoot(page.locator('ul:has(> li > figure[data-blob-id])').first(), 'moderator-before-reveal');

  // The reveal: a tier-2 blob, with a typed reason.
  const target = role('level:xxx');
  const targetTile = tile(page, target.blobId);
  await targetTile.getByRole('button', { name: 'Reveal…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reveal gated media' });
  await expect(dialog).toBeVisible();
  const submit = dialog.getByRole('button', { name: 'Record reason and reveal' });
  await dialog.getByLabel('Why do you need to see it?').fill('short');
  await expect(submit).toBeDisabled();
  await dialog.getByLabel('Why do you need to see it?').fill(REASON);
  await shoot(page, 'reveal-dialog');
  await submit.click();
  await expect(dialog).toBeHidden();
  await expect(targetTile).toHaveAttribute('data-revealed', 'true');
  await expect(targetTile.getByRole('timer')).toContainText(/Revealed · (10:00|9:\d\d)/);
  await expect.poll(() => targetTile.locator('img[data-media="full"]').evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  const after = (await responses.settled()).slice(before.length);
  const arrived = after.filter((response) => response.sha256 && gatedHashes.has(response.sha256));
  expect(arrived.map((response) => gatedHashes.get(response.sha256!)!.role)).toEqual([target.role]);
  expect(arrived[0]!.path).toBe(`/api/media/${target.blobId}`);

  const [row] = await auditRows(browser, { action: 'reveal', targetType: 'blob', targetId: target.blobId });
  expect(row?.actor_email).toBe(E2E_CREDENTIALS.moderator.email);
  const auditedAt = Date.parse(row!.at_utc!);
  expect(auditedAt, 'audit row written before the first byte of the revealed media').toBeLessThan(arrived[0]!.firstByteAt);
  test.info().annotations.push({ type: 'audit-to-first-byte', description: `${Math.round(arrived[0]!.firstByteAt - auditedAt)} ms` });
  await shoot(page.locator('ul:has(> li > figure[data-blob-id])').first(), 'moderator-after-reveal', true);
  await signOff({ page, errors });
});

test('previews are small, blurred in their pixels, and at most 1/8 of the original', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, errors } = await openAs(browser, 'moderator');
  const responses = watchResponses(page);
  await openGallery(page);
  const tierOf = await tiers(page);
  const previews = (await responses.settled()).filter((response) => response.path.endsWith('/preview') && response.status === 200);
  const ratios = previews.map((response) => {
    const blobId = decodeURIComponent(response.path.split('/')[3]!);
    const original = originals.get(blobId)!;
    expect(response.sha256).not.toBe(original.sha256);
    return { blobId, tier: tierOf.get(blobId), ratio: response.size / original.bytes, preview: response.size, original: original.bytes };
  });
  // Every image the gate lets show (tier 0 thumbnails, tier 1 blurred previews) came as a preview.
  const expected = scenarios.gallery.blobs.filter((blob) => blob.type === 'image' && blob.available && (tierOf.get(blob.blobId) ?? 3) <= 1);
  expect(new Set(ratios.map((entry) => entry.blobId))).toEqual(new Set(expected.map((blob) => blob.blobId)));
  for (const entry of ratios) expect(entry.ratio, `preview of ${entry.blobId} (tier ${entry.tier})`).toBeLessThanOrEqual(1 / 8);
  const worst = Math.max(...ratios.map((entry) => entry.ratio));
  const total = ratios.reduce((sum, entry) => sum + entry.preview, 0) / ratios.reduce((sum, entry) => sum + entry.original, 0);
  test.info().annotations.push({ type: 'preview-to-original', description: `worst ${worst.toFixed(4)}, overall ${total.toFixed(4)} over ${ratios.length} previews` });
  console.log(`preview-to-original byte ratio: worst ${worst.toFixed(4)}, overall ${total.toFixed(4)} (${ratios.length} previews)`);

  // F-32: a tier-1 tile is blurred and grayscale (a CSS layer over pixels the server already blurred).
  const blurred = tile(page, role('level:r').blobId).locator('img[data-media="blurred"]');
  const filter = await blurred.evaluate((image) => getComputedStyle(image).filter);
  expect(filter).toContain('blur(');
  expect(filter).toContain('grayscale(');
  await signOff({ page, errors });
});

test('a viewer cannot reveal: the button is disabled and says why, and a direct request is refused', async ({ browser }) => {
  const { page, errors } = await openAs(browser, 'viewer');
  const requests = watchRequests(page);
  await openGallery(page);
  const hidden = role('level:xxx');
  const button = tile(page, hidden.blobId).getByRole('button', { name: /Reveal/ });
  await expect(button).toBeDisabled();
  await expect(tile(page, hidden.blobId)).toContainText('Only a moderator or above can reveal this.');
  await expect(tile(page, role('csam:above').blobId)).toContainText('Only a senior reviewer can reveal this, with a typed reason.');
  await shoot(page.locator('ul:has(> li > figure[data-blob-id])').first(), 'viewer', true);

  const origin = { Origin: new URL(test.info().project.use.baseURL!).origin };
  const reveal = await page.request.post(mediaApi.reveal(hidden.blobId, scenarios.gallery.workflowId), { data: { reason: REASON }, headers: origin });
  expect(reveal.status()).toBe(403);
  const bytes = await page.request.get(mediaApi.media(hidden.blobId, scenarios.gallery.workflowId));
  expect(bytes.status()).toBe(403);
  expect(bytes.headers()['content-type']).toContain('problem+json');
  expect(sha256(await bytes.body())).not.toBe(originals.get(hidden.blobId)!.sha256);
  // F-08: the refused byte request is on record.
  const denied = await auditRows(browser, { action: 'access_denied', targetType: 'blob', targetId: hidden.blobId });
  expect(denied.map((row) => row.actor_email)).toContain(E2E_CREDENTIALS.viewer.email);
  expect(requests.filter((request) => isBytesPath(pathOf(request), hidden.blobId))).toEqual([]);
  // Who revealed what is for moderators and above.
  expect((await page.request.get(mediaApi.viewedBy(hidden.blobId))).status()).toBe(403);
  await signOff({ page, errors });
});

test('the hard gate needs a senior and a typed reason, counts down, and closes again', async ({ browser }) => {
  test.setTimeout(120_000);
  const above = role('csam:above');
  const workflowId = scenarios.gallery.workflowId;
  const origin = { Origin: new URL(test.info().project.use.baseURL!).origin };

  const moderator = await openAs(browser, 'moderator');
  await openGallery(moderator.page);
  await expect(tile(moderator.page, above.blobId).getByRole('button', { name: /Reveal/ })).toBeDisabled();
  const refused = await moderator.page.request.post(mediaApi.reveal(above.blobId, workflowId), { data: { reason: REASON }, headers: origin });
  expect(refused.status()).toBe(403);
  await signOff(moderator);

  const { page, errors } = await openAs(browser, 'senior');
  const withoutReason = await page.request.post(mediaApi.reveal(above.blobId, workflowId), { data: {}, headers: origin });
  expect(withoutReason.status()).toBe(400);
  // The browser's clock is ours to move, so the end of the short reveal is seen without waiting for it.
  await page.clock.install();
  const responses = watchResponses(page);
  await openGallery(page);
  const hardTile = tile(page, above.blobId);
  await expect(hardTile).toHaveAttribute('data-tier', '3');
  await shootTier(page, 3, 'tier-3');
  await hardTile.getByRole('button', { name: 'Reveal…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reveal hard-gated media' });
  await expect(dialog).toContainText('then the hard gate closes again');
  await dialog.getByLabel('Why do you need to see it?').fill(REASON);
  await dialog.getByRole('button', { name: 'Record reason and reveal' }).click();
  await expect(hardTile.getByRole('timer')).toContainText(/Revealed · (2:00|1:\d\d)/);
  await expect.poll(() => hardTile.locator('img[data-media="full"]').evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await shoot(hardTile, 'tier-3-revealed');
  const seen = await responses.settled();
  expect(seen.some((response) => response.sha256 === originals.get(above.blobId)!.sha256)).toBe(true);

  await page.clock.fastForward('02:05');
  await expect(hardTile).toHaveAttribute('data-revealed', 'false');
  await expect(hardTile.locator('img')).toHaveCount(0);
  await expect(hardTile.getByRole('button', { name: 'Reveal…' })).toBeEnabled();
  await signOff({ page, errors });
});

test('videos never preload or autoplay, hover and focus fetch nothing gated, and localStorage cannot lower the gate', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, errors } = await openAs(browser, 'moderator');
  const requests = watchRequests(page);
  const responses = watchResponses(page);

  // The workflow list links to the gallery: hovering and focusing its link (which may prefetch the route) asks for no media.
  await page.goto(`/workflows?userId=${scenarios.gallery.owner}`);
  const link = page.locator(`a[href="${galleryPath()}"]`).first();
  await expect(link).toBeVisible({ timeout: 30_000 });
  await link.hover();
  await link.focus();
  await responses.quiet();
  expect(requests.map(pathOf).filter((path) => path.startsWith('/api/media/'))).toEqual([]);

  await openGallery(page);
  const tierOf = await tiers(page);
  const video = role('video');
  const blurred = role('level:x');
  const hidden = role('level:xxx');
  const previewOf = (seen: Seen[]) => seen.find((response) => isPreviewPath(response.path, blurred.blobId) && response.status === 200)?.sha256;
  const firstPreview = previewOf(await responses.settled());
  expect(firstPreview).toBeTruthy();

  // A reviewer's browser claims the gate is off. The gate lives on the server; nothing here reads these.
  await page.evaluate(() => {
    for (const key of ['blurStrength', 'matureTiles', 'media-preferences', 'gateTier']) localStorage.setItem(key, key === 'matureTiles' ? 'shown' : '0');
  });
  const seenBefore = responses.seen.length;
  await openGallery(page);
  await expect(tile(page, hidden.blobId).locator('img, video')).toHaveCount(0);
  expect(previewOf((await responses.settled()).slice(seenBefore))).toBe(firstPreview);
  expect(requests.filter((request) => isPreviewPath(pathOf(request), hidden.blobId) || isBytesPath(pathOf(request), hidden.blobId))).toEqual([]);

  // The video is tier 1: no element and no request until a reveal; after it, a muted element that loads nothing yet.
  expect(tierOf.get(video.blobId)).toBe(1);
  const videoTile = tile(page, video.blobId);
  await expect(videoTile.locator('video')).toHaveCount(0);
  await videoTile.getByRole('button', { name: 'Reveal', exact: true }).click();
  const element = videoTile.locator('video');
  await expect(element).toHaveAttribute('preload', 'none');
  expect(await element.evaluate((node) => ({ muted: (node as HTMLVideoElement).muted, autoplay: (node as HTMLVideoElement).autoplay }))).toEqual({ muted: true, autoplay: false });
  await videoTile.hover();
  await responses.quiet();
  expect(requests.filter((request) => isBytesPath(pathOf(request), video.blobId)), 'a video loads only when played').toEqual([]);
  await shootTier(page, 1, 'tier-1');

  // Other tiers' tiles, for the record of how each looks.
  await shootTier(page, 0, 'tier-0');
  await shootTier(page, 2, 'tier-2');
  expect(tierOf.size).toBe(scenarios.gallery.blobs.length);
  await signOff({ page, errors });
});

test('the lightbox moves with the arrows, reveals with r through the gate, closes with Esc and gives focus back', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, errors } = await openAs(browser, 'moderator');
  const requests = watchRequests(page);
  await openGallery(page);
  const safe = role('level:pg');
  const hidden = role('level:xxx');
  const count = scenarios.gallery.blobs.length;

  await tile(page, safe.blobId).locator('button[data-lightbox-opener]').click();
  const lightbox = page.getByTestId('lightbox');
  await expect(lightbox).toBeVisible();
  const title = lightbox.getByRole('heading', { level: 2 });
  await expect(title).toContainText(safe.blobId);
  await expect(page.getByRole('dialog', { name: new RegExp(`Output \\d+ of ${count}`) })).toBeVisible();
  // Tier 0 opened: its full bytes, and an audited download.
  await expect.poll(() => lightbox.locator('img[data-media="full"]').evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  const download = page.waitForEvent('download');
  await lightbox.getByRole('link', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe(safe.blobId);
  await shoot(page, 'lightbox-tier-0');

  // Focus stays inside: tabbing round never reaches the page behind.
  for (let index = 0; index < 12; index += 1) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="lightbox"]') !== null || document.activeElement === document.body)).toBe(true);
  }

  // Arrows to the tier-2 output: a placeholder, no request for its bytes, download disabled. The viewer goes
  // through the outputs in the gates' order: worst first.
  const gates = (await (await page.request.get(`/api/media/gates?workflowId=${scenarios.gallery.workflowId}`)).json()) as { gates: { blobId: string }[] };
  const ids = gates.gates.map((gate) => gate.blobId);
  const steps = (ids.indexOf(hidden.blobId) - ids.indexOf(safe.blobId) + count) % count;
  for (let index = 0; index < steps; index += 1) await page.keyboard.press('ArrowRight');
  await expect(title).toContainText(hidden.blobId);
  await expect(lightbox.locator('[data-tier="2"] img')).toHaveCount(0);
  await expect(lightbox.getByRole('button', { name: 'Download' })).toBeDisabled();
  await shoot(page, 'lightbox-tier-2');

  // `r` asks the gate: the reason dialog opens over the lightbox; Esc closes only that dialog.
  await page.keyboard.press('r');
  const reasonDialog = page.getByRole('dialog', { name: 'Reveal gated media' });
  await expect(reasonDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(reasonDialog).toBeHidden();
  await expect(lightbox).toBeVisible();
  expect(requests.filter((request) => isBytesPath(pathOf(request), hidden.blobId))).toEqual([]);

  await page.keyboard.press('r');
  await reasonDialog.getByLabel('Why do you need to see it?').fill(REASON);
  await reasonDialog.getByRole('button', { name: 'Record reason and reveal' }).click();
  await expect.poll(() => lightbox.locator('img[data-media="full"]').evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await expect(lightbox.getByRole('link', { name: 'Download' })).toBeVisible();
  await expect(lightbox.getByRole('region', { name: 'Revealed by' })).toContainText(E2E_CREDENTIALS.moderator.name);
  expect(await seriousViolations(page, '[data-testid="lightbox"]')).toEqual([]);

  await page.keyboard.press('Escape');
  await expect(lightbox).toBeHidden();
  await expect(tile(page, hidden.blobId).locator('button[data-lightbox-opener]')).toBeFocused();
  const downloads = await auditRows(browser, { action: 'media_download', targetId: safe.blobId });
  expect(downloads.map((row) => row.actor_email)).toContain(E2E_CREDENTIALS.moderator.email);
  await signOff({ page, errors });
});

test('wellness settings are saved per reviewer and can hide mature tiles', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, errors } = await openAs(browser, 'viewer');
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Wellness settings' })).toBeVisible();
  await page.getByLabel('Hidden, like tier 2: text only until I reveal it').check();
  await page.getByLabel(/^Strong/).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved. They apply to every screen from now on.')).toBeVisible();
  await shoot(page, 'settings', true);

  const requests = watchRequests(page);
  await openGallery(page);
  const mature = role('level:r');
  await expect(tile(page, mature.blobId)).toHaveAttribute('data-tier', '2');
  await expect(tile(page, mature.blobId)).toContainText('Your preference hides mature tiles');
  await expect(tile(page, mature.blobId).locator('img')).toHaveCount(0);
  expect(requests.filter((request) => isPreviewPath(pathOf(request), mature.blobId))).toEqual([]);

  // Saved on the server: a new page load reads it back.
  await page.goto('/settings');
  await expect(page.getByLabel('Hidden, like tier 2: text only until I reveal it')).toBeChecked();
  await page.getByLabel('Blurred preview (reveal on click)').check();
  await page.getByLabel(/^Medium/).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved. They apply to every screen from now on.')).toBeVisible();
  await signOff({ page, errors });
});
