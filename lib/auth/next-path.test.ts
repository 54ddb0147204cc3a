import { describe, expect, it } from 'vitest';
import { DEFAULT_AFTER_SIGN_IN, safeNextPath, signInPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps a path on this console with its query and fragment', () => {
    expect(safeNextPath('/workflows?user=12&status=failed#row-3')).toBe('/workflows?user=12&status=failed#row-3');
    expect(safeNextPath('/audit')).toBe('/audit');
  });

  it.each([
    ['protocol-relative', '//evil.test/x'],
    ['backslash trick', '/\\evil.test'],
    ['encoded in the middle is fine but a raw backslash is not', '/workflows\\..\\x'],
    ['absolute URL', 'https://evil.test/'],
    ['javascript: URL', 'javascript:alert(1)'],
    ['relative without slash', 'workflows'],
    ['tab smuggling', '/\t/evil.test'],
    ['newline', '/workflows\n/x'],
    ['back to sign-in', '/sign-in?next=/sign-in'],
    ['an API route', '/api/audit/export'],
    ['empty', ''],
    ['too long', `/${'a'.repeat(3000)}`],
  ])('falls back for %s', (_, raw) => {
    expect(safeNextPath(raw)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it('normalises dot segments without leaving the origin', () => {
    expect(safeNextPath('/workflows/../audit')).toBe('/audit');
    expect(safeNextPath('/%2F%2Fevil.test')).toBe('/%2F%2Fevil.test');
  });

  it('falls back for null and undefined', () => {
    expect(safeNextPath(null)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath(undefined, '/queue')).toBe('/queue');
  });
});

describe('signInPath', () => {
  it('carries a safe next and the reason, and drops an unsafe next', () => {
    expect(signInPath('/audit?action=reveal', 'expired')).toBe('/sign-in?next=%2Faudit%3Faction%3Dreveal&reason=expired');
    expect(signInPath('//evil.test')).toBe('/sign-in');
    expect(signInPath()).toBe('/sign-in');
  });
});
