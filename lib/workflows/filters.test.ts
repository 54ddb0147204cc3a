import { createLoader } from 'nuqs/server';
import { describe, expect, it } from 'vitest';
import {
  dateRangeProblem,
  filtersToRelax,
  normaliseFilters,
  serializeWorkflowFilters,
  workflowFilterParsers,
} from './filters';

const load = createLoader(workflowFilterParsers);

describe('workflow filters in the URL', () => {
  it('round-trips every filter through a query string', () => {
    const url = serializeWorkflowFilters('/workflows', {
      userId: '8484131',
      endUser: '42',
      tags: ['gen', 'a,b'],
      q: 'fox',
      from: '2026-01-01',
      to: '2026-01-31',
      status: 'failed',
      excludeFailed: true,
      order: 'oldest',
    });
    expect(url).toContain('tags=gen&tags=a,b');
    const loaded = load(new URL(url, 'http://x').searchParams);
    expect(normaliseFilters(loaded)).toEqual({
      userId: '8484131',
      endUser: '42',
      tags: ['gen', 'a,b'],
      q: 'fox',
      from: '2026-01-01',
      to: '2026-01-31',
      status: 'failed',
      excludeFailed: true,
      order: 'oldest',
    });
  });

  it('normalises an empty search to no filters, so the default view has one query key', () => {
    expect(normaliseFilters(load(new URLSearchParams('q=%20&tags=&order=newest')))).toEqual({});
  });

  it('drops an unknown status rather than passing it on', () => {
    expect(normaliseFilters(load(new URLSearchParams('status=pending')))).toEqual({});
  });
});

describe('filtersToRelax', () => {
  it('suggests the narrowest filter first and the user ids last', () => {
    expect(filtersToRelax({ userId: '1', tags: ['gen'], status: 'failed' })).toEqual(['status', 'tags', 'userId']);
  });
});

describe('dateRangeProblem', () => {
  it('names both fields when from is after to', () => {
    expect(dateRangeProblem({ from: '2026-05-10', to: '2026-05-01' })).toBe(
      'From (UTC day) (2026-05-10) is after To (UTC day) (2026-05-01): swap them or change one.',
    );
  });

  it('accepts one day, an open end and an instant within the to-day', () => {
    expect(dateRangeProblem({ from: '2026-05-01', to: '2026-05-01' })).toBeNull();
    expect(dateRangeProblem({ from: '2026-05-01' })).toBeNull();
    expect(dateRangeProblem({ from: '2026-05-01T10:00:00Z', to: '2026-05-01' })).toBeNull();
  });
});
