import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { openTestDatabase, type TestDatabase } from '@/test/databases';
import { GET as stats } from './stats/route';

/** GET /api/stats: the leads' figures for one of the offered windows; another window is 400, a moderator 403. */

const session = vi.hoisted(() => ({ requireRole: vi.fn() }));
vi.mock('@/lib/auth/session', () => session);

const SENIOR: SessionUser = { id: 'u-sam', email: 'sam@example.test', name: 'Sam', role: 'senior', sessionId: 's-sam' };
let database: TestDatabase;

const get = (query: string) => stats(new Request(`http://console.test/api/stats${query}`), { params: Promise.resolve({}) });

beforeAll(async () => {
  database = await openTestDatabase('PGlite');
});
afterAll(() => database.dispose());
beforeEach(() => {
  session.requireRole.mockReset();
  session.requireRole.mockResolvedValue(SENIOR);
});

describe('GET /api/stats', () => {
  it('answers the figures of each offered window as JSON (24 h by default)', async () => {
    for (const window of ['24h', '7d', '30d']) {
      const response = await get(`?window=${window}`);
      expect(response.status, window).toBe(200);
      expect(await response.json()).toMatchObject({ window, backlog: expect.any(Array), decided: { workflows: 0, decisions: 0 }, reviewers: [], reveals: [] });
    }
    expect(await (await get('')).json()).toMatchObject({ window: '24h' });
  });

  it('answers 400 naming `window` for a window it does not offer, and for a repeated or unknown parameter', async () => {
    for (const [query, field] of [
      ['?window=1h', 'window'],
      ['?window=', 'window'],
      ['?window=24h&window=7d', 'window'],
      ['?window=24h&reviewer=me', 'request'],
    ] as const) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toMatchObject({ kind: 'invalid_input', field });
    }
  });

  it('answers 403 below senior (the route asks for the senior role)', async () => {
    session.requireRole.mockRejectedValue(new AuthError('forbidden'));
    expect((await get('?window=24h')).status).toBe(403);
    expect(session.requireRole).toHaveBeenCalledWith('senior', expect.any(Request));
  });
});
