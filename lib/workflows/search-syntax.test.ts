import { describe, expect, it } from 'vitest';
import { parseSearch } from './search-syntax';

describe('parseSearch', () => {
  it('treats plain words as metadata text', () => {
    expect(parseSearch('red fox  forest')).toEqual({ changes: { q: 'red fox forest' }, addTags: [], problems: [] });
  });

  it('reads every prefix in one line', () => {
    expect(parseSearch('user:42 owner:8484131 tag:gen tag:"source:new" status:Failed from:2026-01-01 to:2026-01-31 order:oldest fox')).toEqual({
      changes: {
        endUser: '42',
        userId: '8484131',
        status: 'failed',
        from: '2026-01-01',
        to: '2026-01-31',
        order: 'oldest',
        q: 'fox',
      },
      addTags: ['gen', 'source:new'],
      problems: [],
    });
  });

  it('keeps a colon inside a tag value', () => {
    expect(parseSearch('tag:img2vid:ref2vid').addTags).toEqual(['img2vid:ref2vid']);
  });

  it('refuses full-width digits and bad values instead of guessing', () => {
    const parsed = parseSearch('user:１２３ status:pending from:yesterday');
    expect(parsed.changes).toEqual({ q: '' });
    expect(parsed.problems).toHaveLength(3);
    expect(parsed.problems[0]).toContain('ASCII digits');
  });

  it('leaves unknown prefixes in the text (a metadata search for "foo:bar")', () => {
    expect(parseSearch('foo:bar').changes.q).toBe('foo:bar');
  });
});
