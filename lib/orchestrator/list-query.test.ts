import { describe, expect, it } from 'vitest';
import { DEFAULT_TAKE, WorkflowListQuerySchema } from './list-query';

const parse = (query: Record<string, string | string[]>) => WorkflowListQuerySchema.safeParse(query);
const fieldOf = (query: Record<string, string | string[]>) => {
  const result = parse(query);
  return result.success ? undefined : result.error.issues[0]!.path[0];
};

describe('workflow list query', () => {
  it('has defaults for an empty query', () => {
    expect(parse({}).data).toEqual({
      search: { userId: null, tags: [], q: null, from: null, to: null, status: null, excludeFailed: false, order: 'newest' },
      take: DEFAULT_TAKE,
      cursor: null,
      risk: null,
    });
  });

  it('takes a risk filter and order, and refuses any other value', () => {
    expect(parse({ minRisk: 'above', sort: 'risk' }).data?.risk).toEqual({ minRisk: 'above', sort: 'risk' });
    expect(parse({ sort: 'risk' }).data?.risk).toEqual({ minRisk: null, sort: 'risk' });
    expect(fieldOf({ minRisk: 'below' })).toBe('minRisk');
    expect(fieldOf({ minRisk: 'NEAR ' })).toBe('minRisk');
    expect(fieldOf({ sort: 'newest' })).toBe('sort');
  });

  it('builds the end-user tag on the server and dedupes tags', () => {
    expect(parse({ tags: ['gen', 'gen', 'a&tags=b'], endUser: '123' }).data?.search.tags).toEqual(['gen', 'a&tags=b', 'user:123']);
  });

  it('expands a date alone to the whole UTC day and keeps instants', () => {
    expect(parse({ from: '2026-01-21', to: '2026-01-21' }).data?.search).toMatchObject({
      from: '2026-01-21T00:00:00.000Z',
      to: '2026-01-21T23:59:59.999Z',
    });
    expect(parse({ from: '2026-01-21T10:00:00+02:00' }).data?.search.from).toBe('2026-01-21T08:00:00.000Z');
  });

  it('reads status case-insensitively and flags as booleans', () => {
    expect(parse({ status: 'Failed', excludeFailed: '1', order: 'oldest' }).data?.search).toMatchObject({
      status: 'failed',
      excludeFailed: true,
      order: 'oldest',
    });
  });

  it.each([
    ['take', { take: '0' }],
    ['take', { take: '-1' }],
    ['take', { take: '101' }],
    ['take', { take: '1e9' }],
    ['take', { take: 'abc' }],
    ['userId', { userId: '00012' }],
    ['userId', { userId: '-5' }],
    ['userId', { userId: '12.0' }],
    ['userId', { userId: '12345678901234567890' }],
    ['userId', { userId: '１２３' }],
    ['endUser', { endUser: '１２３' }],
    ['endUser', { endUser: '12\u0000' }],
    ['tags', { tags: ['ok', 'bad\u202Eevil'] }],
    ['tags', { tags: ['zero\u200Dwidth'] }],
    ['tags', { tags: [''] }],
    ['tags', { tags: ['x'.repeat(201)] }],
    ['tags', { tags: Array.from({ length: 500 }, (_, i) => `t${i}`) }],
    ['tags', { tags: Array.from({ length: 10 }, (_, i) => `t${i}`), endUser: '5' }],
    ['q', { q: 'a\u0000b' }],
    ['q', { q: 'x'.repeat(501) }],
    ['from', { from: 'yesterday' }],
    ['from', { from: '2026-02-30' }],
    ['from', { from: '9999-01-01' }],
    ['from', { from: '2026-01-21T10:00:00' }],
    ['from', { from: '2026-01-22', to: '2026-01-21' }],
    ['status', { status: 'pending' }],
    ['excludeFailed', { excludeFailed: 'yes' }],
    ['order', { order: 'random' }],
    ['cursor', { cursor: '../../v2' }],
  ])('refuses bad %s', (field, query) => {
    expect(fieldOf(query)).toBe(field);
  });
});
