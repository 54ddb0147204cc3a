import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { closeDb } from '@/lib/db/client';
import { auditEvent } from '@/lib/db/schema';
import { hashList } from '@/lib/db/schema-hash';
import { MAX_LIST_BYTES } from '@/lib/hash-lists/csv';
import { openTestDatabase, type TestDatabase } from '@/test/databases';
import { indexHashedOutputs } from '@/test/hashed-outputs';
import { hashAtDistance, syntheticHash } from '@/test/pdq-hashes';
import { DELETE as deleteList } from './hash-lists/[id]/route';
import { GET as listLists, POST as importList } from './hash-lists/route';
import { GET as queue } from './queue/route';

/**
 * The hash-list routes (admins only): a list imported from a text/csv body, refused whole with every bad line named,
 * 413 past the cap before a byte is read, 403 below admin, 404 for an unknown list; no answer carries a hash.
 */

const session = vi.hoisted(() => ({ requireRole: vi.fn(), getSessionUser: vi.fn(async () => null) }));
vi.mock('@/lib/auth/session', () => session);

const ADMIN: SessionUser = { id: 'u-ad', email: 'ad@example.test', name: 'Ad', role: 'admin', sessionId: 's-ad' };
const MODERATOR: SessionUser = { id: 'u-mo', email: 'mo@example.test', name: 'Mo', role: 'moderator', sessionId: 's-mo' };
const KNOWN = syntheticHash(11);
const NO_PARAMS = { params: Promise.resolve({}) };

let database: TestDatabase;

function signedInAs(user: SessionUser) {
  session.requireRole.mockImplementation(async (minimum: Role) => {
    if (!roleAtLeast(user.role, minimum)) throw new AuthError('forbidden');
    return user;
  });
}

function upload(name: string, csv: string, headers: Record<string, string> = {}) {
  return new Request(`http://console.test/api/hash-lists?${new URLSearchParams({ name })}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', host: 'console.test', ...headers },
    body: csv,
  });
}

function remove(id: string) {
  return deleteList(new Request(`http://console.test/api/hash-lists/${id}`, { method: 'DELETE', headers: { 'content-type': 'application/json', host: 'console.test' } }), {
    params: Promise.resolve({ id }),
  });
}

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

beforeAll(async () => {
  database = await openTestDatabase('PGlite');
  await indexHashedOutputs(database.handle.db, '5-20261120115800000', [{ blobId: 'MATCHED.jpeg', hash: hashAtDistance(KNOWN, 9) }]);
});

afterAll(async () => {
  await closeDb();
  await database.dispose();
});

beforeEach(() => signedInAs(ADMIN));

describe('POST /api/hash-lists', () => {
  it('refuses a list with bad rows with 400 naming each bad line, and imports nothing', async () => {
    const response = await importList(upload('Broken', `pdq_hex,label\n${KNOWN},fine\nzz,short\n${KNOWN}\n`), NO_PARAMS);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body).toMatchObject({ kind: 'invalid_input', field: 'file' });
    expect(body.title).toMatch(/^2 rows are not .*: line 3 \(the hash is not 64 hex characters\), line 4 \(no label\)\. Nothing was imported\.$/);
    expect(await database.handle.db.select().from(hashList)).toEqual([]);
  });

  it('refuses a body over the cap with 413 naming the cap, before reading it', async () => {
    const response = await importList(upload('Huge', `${KNOWN},x\n`, { 'content-length': String(MAX_LIST_BYTES + 1) }), NO_PARAMS);
    expect(response.status).toBe(413);
    expect((await json(response)).title).toBe('The hash list is larger than the 256 MiB cap: split it into several lists.');
  });

  it('refuses another content type (415), a missing name (400) and anyone below admin (403)', async () => {
    expect((await importList(upload('List', `${KNOWN},x\n`, { 'content-type': 'application/json' }), NO_PARAMS)).status).toBe(415);
    const unnamed = await importList(upload(' ', `${KNOWN},x\n`), NO_PARAMS);
    expect(unnamed.status).toBe(400);
    expect(await json(unnamed)).toMatchObject({ field: 'name' });
    signedInAs(MODERATOR);
    expect((await importList(upload('List', `${KNOWN},x\n`), NO_PARAMS)).status).toBe(403);
    expect((await listLists(new Request('http://console.test/api/hash-lists'), NO_PARAMS)).status).toBe(403);
    expect((await remove('0b7c8a1e-2f55-4c2a-9a55-0d7f4f2b1c3e')).status).toBe(403);
  });

  it('imports a list, matching the indexed outputs; the list shows its counts and no hash', async () => {
    const response = await importList(upload('Known bad', `${KNOWN},Series A,partner\n`), NO_PARAMS);
    expect(response.status).toBe(200);
    const imported = await json(response);
    expect(imported).toMatchObject({ name: 'Known bad', entryCount: 1, matchCount: 1 });

    const listed = await listLists(new Request('http://console.test/api/hash-lists'), NO_PARAMS);
    const text = await listed.text();
    expect(JSON.parse(text)).toMatchObject({ lists: [{ id: imported.id, name: 'Known bad', entryCount: 1, matchCount: 1 }] });
    expect(text).not.toContain(KNOWN);
  });
});

describe('the "Hash match" queue', () => {
  it('lists the workflow whose output matched, from the index, for moderators and up', async () => {
    signedInAs(MODERATOR);
    const response = await queue(new Request('http://console.test/api/queue?preset=hash-match'), NO_PARAMS);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ label: 'Hash match', items: [{ workflowId: '5-20261120115800000' }], truncated: false });
    signedInAs({ ...MODERATOR, role: 'viewer' });
    expect((await queue(new Request('http://console.test/api/queue?preset=hash-match'), NO_PARAMS)).status).toBe(403);
  });
});

describe('DELETE /api/hash-lists/[id]', () => {
  it('deletes a list (audited), then answers 404 for it; a malformed id is 400', async () => {
    const [list] = await database.handle.db.select().from(hashList).where(eq(hashList.name, 'Known bad'));
    const response = await remove(list!.id);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ id: list!.id, name: 'Known bad', entryCount: 1, matchCount: 1 });
    expect(await database.handle.db.select().from(auditEvent).where(eq(auditEvent.action, 'hash_list_delete'))).toMatchObject([{ actorId: ADMIN.id, targetId: list!.id }]);
    const again = await remove(list!.id);
    expect(again.status).toBe(404);
    expect((await remove('not-an-id')).status).toBe(400);
  });
});
