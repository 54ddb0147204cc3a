import { describe, expect, it } from 'vitest';
import { isSameOriginRequest, MAX_BODY_BYTES, refusalFor } from './same-origin';

const CONSOLE = 'https://console.example.test';
const headers = (values: Record<string, string>) => new Headers(values);
const json = { 'content-type': 'application/json' };

describe('isSameOriginRequest', () => {
  it('accepts the console origin, and a form post with Origin null from the same origin', () => {
    expect(isSameOriginRequest(headers({ origin: CONSOLE }), CONSOLE)).toBe(true);
    expect(isSameOriginRequest(headers({ origin: 'null', 'sec-fetch-site': 'same-origin' }), CONSOLE)).toBe(true);
    expect(isSameOriginRequest(headers({ 'sec-fetch-site': 'same-origin' }), CONSOLE)).toBe(true);
  });

  it('refuses another site, an opaque origin from another site, and a malformed origin', () => {
    expect(isSameOriginRequest(headers({ origin: 'https://evil.test' }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: `${CONSOLE}.evil.test` }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: 'http://console.example.test' }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: 'null', 'sec-fetch-site': 'cross-site' }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: 'null' }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: 'not a url' }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(headers({ 'sec-fetch-site': 'same-site' }), CONSOLE)).toBe(false);
    expect(isSameOriginRequest(headers({ 'sec-fetch-site': 'cross-site' }), CONSOLE)).toBe(false);
  });

  it('lets a non-browser client (no Origin, no fetch metadata) through', () => {
    expect(isSameOriginRequest(headers({}), CONSOLE)).toBe(true);
  });
});

describe('refusalFor', () => {
  it('lets a same-origin JSON write through', () => {
    expect(refusalFor(headers({ origin: CONSOLE, ...json, 'content-length': '120' }), CONSOLE, 'json')).toBeNull();
    expect(refusalFor(headers({ origin: CONSOLE, 'content-type': 'application/json; charset=utf-8' }), CONSOLE, 'json')).toBeNull();
  });

  it('refuses a foreign, opaque or malformed origin with 403, whatever the body', () => {
    for (const origin of ['http://evil.test', 'null', 'not a url', '']) {
      expect(refusalFor(headers({ origin, ...json }), CONSOLE, 'json'), origin).toMatchObject({ status: 403, reason: 'cross_site' });
      expect(refusalFor(headers({ origin }), CONSOLE, 'action'), origin).toMatchObject({ status: 403 });
    }
    expect(refusalFor(headers({ 'sec-fetch-site': 'cross-site', ...json }), CONSOLE, 'json')).toMatchObject({ status: 403 });
  });

  it('refuses a body that is not JSON (415), or not a form for the sign-out form', () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', '']) {
      expect(refusalFor(headers({ origin: CONSOLE, 'content-type': type }), CONSOLE, 'json'), type).toMatchObject({ status: 415 });
    }
    expect(refusalFor(headers({ origin: CONSOLE, 'content-type': 'application/x-www-form-urlencoded' }), CONSOLE, 'form')).toBeNull();
    expect(refusalFor(headers({ origin: CONSOLE, ...json }), CONSOLE, 'form')).toMatchObject({ status: 415 });
    expect(refusalFor(headers({ origin: CONSOLE, 'content-type': 'text/csv; charset=utf-8', 'content-length': String(MAX_BODY_BYTES * 10) }), CONSOLE, 'csv')).toBeNull();
    expect(refusalFor(headers({ origin: CONSOLE, 'content-type': 'text/plain' }), CONSOLE, 'csv')).toMatchObject({ status: 415, title: 'The request must be sent as text/csv.' });
    expect(refusalFor(headers({ origin: 'https://evil.example', 'content-type': 'text/csv' }), CONSOLE, 'csv')).toMatchObject({ status: 403 });
  });

  it('refuses a declared body over the cap (413), and a length that is not a number', () => {
    expect(refusalFor(headers({ origin: CONSOLE, ...json, 'content-length': String(MAX_BODY_BYTES) }), CONSOLE, 'json')).toBeNull();
    expect(refusalFor(headers({ origin: CONSOLE, ...json, 'content-length': String(MAX_BODY_BYTES + 1) }), CONSOLE, 'json')).toMatchObject({ status: 413 });
    expect(refusalFor(headers({ origin: CONSOLE, ...json, 'content-length': 'lots' }), CONSOLE, 'json')).toMatchObject({ status: 413 });
  });

  it('lets a server action through on origin alone (Next.js encodes and caps its body)', () => {
    expect(refusalFor(headers({ origin: CONSOLE, 'content-type': 'text/plain;charset=UTF-8' }), CONSOLE, 'action')).toBeNull();
  });

  it('refuses a sensitive download fetched from another site, and allows the console, a bookmark and a plain client', () => {
    expect(refusalFor(headers({ 'sec-fetch-site': 'cross-site' }), CONSOLE, 'download')).toMatchObject({ status: 403 });
    expect(refusalFor(headers({ 'sec-fetch-site': 'same-site' }), CONSOLE, 'download')).toMatchObject({ status: 403 });
    for (const site of ['same-origin', 'none']) expect(refusalFor(headers({ 'sec-fetch-site': site }), CONSOLE, 'download')).toBeNull();
    expect(refusalFor(headers({}), CONSOLE, 'download')).toBeNull();
  });
});
