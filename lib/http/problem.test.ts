import { describe, expect, it } from 'vitest';
import { AuthError } from '@/lib/auth/session-user';
import { AuditError } from '@/lib/audit/audit';
import { OrchestratorError } from '@/lib/orchestrator/errors';
import { problemFor, problemResponse } from './problem';

describe('problemFor', () => {
  it.each([
    ['invalid_input', 400],
    ['forbidden', 403],
    ['not_found', 404],
    ['gone', 410],
    ['unauthorized', 502],
    ['upstream_invalid', 502],
    ['upstream_unavailable', 503],
    ['rate_limited', 503],
  ] as const)('maps %s to %i with our own title', (kind, status) => {
    expect(problemFor(new OrchestratorError(kind, 'Readable sentence.'))).toMatchObject({ kind, status, title: 'Readable sentence.' });
  });

  it('gives a throttled browser a wait even when the upstream gave none', () => {
    expect(problemFor(new OrchestratorError('rate_limited', 'Slow down.')).retryAfterSeconds).toBe(5);
  });

  it('maps sign-in and role refusals', () => {
    expect(problemFor(new AuthError('unauthenticated'))).toMatchObject({ status: 401, kind: 'unauthenticated' });
    expect(problemFor(new AuthError('forbidden'))).toMatchObject({ status: 403, kind: 'forbidden' });
  });

  it('tells the moderator nothing changed when the audit log is down (fail closed)', () => {
    const problem = problemFor(new AuditError('audit_unavailable', 'connection refused'));
    expect(problem).toMatchObject({ status: 503, kind: 'audit_unavailable', retryAfterSeconds: 5 });
    expect(problem.title).toMatch(/nothing was changed/);
    expect(problem.title).not.toContain('connection refused');
    expect(problemFor(new AuditError('invalid_input', 'Reason is too long.'))).toMatchObject({ status: 400, kind: 'invalid_input' });
  });

  it('answers a bug with 500 and a generic title, never its message or stack', async () => {
    const logs: unknown[] = [];
    const response = problemResponse(new TypeError('secret internals at lib/x.ts:1'), { log: (...line) => logs.push(line), route: 'GET /x' });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain('secret internals');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(logs).toEqual([['error', 'route.internal_error', { route: 'GET /x', error: 'TypeError' }]]);
  });

  it('sends Retry-After with the wait', () => {
    const response = problemResponse(new OrchestratorError('upstream_unavailable', 'Down.', { retryAfterSeconds: 7 }));
    expect(response.headers.get('retry-after')).toBe('7');
  });
});
