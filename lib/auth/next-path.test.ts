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
    // Dot segments that collapse into a protocol-relative address once resolved (the check must run after it).
    ['a dot segment before two slashes', '/.//evil.test'],
    ['a parent segment before two slashes', '/..//evil.test'],
    ['a folder and its parent before two slashes', '/a/..//evil.test'],
    ['an encoded dot segment', '/%2e//evil.test'],
    ['an encoded parent segment', '/%2E%2E//evil.test/x'],
    ['two dots and a backslash', '/./\\evil.test'],
    ['a backslash after a dot segment', '/.\\/evil.test'],
    ['a tab inside the host part', '/.//\tevil.test'],
    ['a newline before two slashes', '/\n//evil.test'],
    ['a carriage return', '/workflows\r'],
    ['an absolute URL on another host', 'http://evil.test/workflows'],
    ['an absolute URL that looks like the console', 'http://console.invalid/workflows'],
    ['a scheme-relative URL with credentials', '//user@evil.test'],
    ['data: URL', 'data:text/html,hi'],
    ['an encoded dot segment into the API', '/workflows/%2e%2e/api/audit/export'],
  ])('falls back for %s', (_, raw) => {
    expect(safeNextPath(raw)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it('normalises dot segments without leaving the origin', () => {
    expect(safeNextPath('/workflows/../audit')).toBe('/audit');
    expect(safeNextPath('/%2F%2Fevil.test')).toBe('/%2F%2Fevil.test');
    expect(safeNextPath('/a/./b/../audit?x=1')).toBe('/a/audit?x=1');
    expect(safeNextPath('/%2e/audit')).toBe('/audit');
  });

  it('only ever answers a path that a browser resolves on the console itself', () => {
    for (const raw of ['/.//evil.test', '/..//evil.test', '/a/..//evil.test', '/%2e//evil.test', '/%2e%2e//evil.test', '/./%2e//evil.test']) {
      const path = safeNextPath(raw);
      expect(new URL(path, 'https://console.example.test').origin, raw).toBe('https://console.example.test');
      expect(path.startsWith('//'), raw).toBe(false);
    }
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
