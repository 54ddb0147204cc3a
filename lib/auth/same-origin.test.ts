import { describe, expect, it } from 'vitest';
import { isSameOriginRequest } from './same-origin';

const CONSOLE = 'https://console.example.test';
const post = (headers: Record<string, string>) => new Request(`${CONSOLE}/api/auth/sign-out`, { method: 'POST', headers });

describe('isSameOriginRequest', () => {
  it('accepts the console origin, and a form post with Origin null from the same origin', () => {
    expect(isSameOriginRequest(post({ origin: CONSOLE }), CONSOLE)).toBe(true);
    expect(isSameOriginRequest(post({ origin: 'null', 'sec-fetch-site': 'same-origin' }), CONSOLE)).toBe(true);
  });

  it('refuses another site, and an opaque origin from another site', () => {
    expect(isSameOriginRequest(post({ origin: 'https://evil.test' }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(post({ origin: 'null', 'sec-fetch-site': 'cross-site' }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(post({ origin: 'null' }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(post({ 'sec-fetch-site': 'same-site' }), CONSOLE)).toBe(false);
  });

  it('lets a non-browser client (no Origin, no fetch metadata) through', () => {
    expect(isSameOriginRequest(post({}), CONSOLE)).toBe(true);
  });
});
