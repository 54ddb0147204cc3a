import { describe, expect, it } from 'vitest';
import { addressPolicyFor, checkRedirectTarget, isAllowedAddress, isPublicAddress, RefusedTarget } from './net-guard';

describe('isPublicAddress', () => {
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    '127.0.0.1',
    '10.0.0.5',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.5',
    '64:ff9b::a00:5',
    '2002:a00:5::',
    'not an address',
  ])('%s is not', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

describe('addressPolicyFor', () => {
  it('a literal or localhost upstream allows its own loopback address and nothing else private', () => {
    const literal = addressPolicyFor(new URL('http://127.0.0.1:4010'));
    expect(isAllowedAddress('127.0.0.1', literal)).toBe(true);
    expect(isAllowedAddress('::ffff:127.0.0.1', literal)).toBe(true);
    expect(isAllowedAddress('10.0.0.5', literal)).toBe(false);
    expect(isAllowedAddress('::1', literal)).toBe(false);
    const local = addressPolicyFor(new URL('http://localhost:4010'));
    expect(isAllowedAddress('::1', local)).toBe(true);
    expect(isAllowedAddress('127.0.0.2', local)).toBe(false);
    expect(isAllowedAddress('[::1]', addressPolicyFor(new URL('http://[::1]:4010')))).toBe(false);
    expect(isAllowedAddress('::1', addressPolicyFor(new URL('http://[::1]:4010')))).toBe(true);
  });

  it('a named upstream allows public addresses only', () => {
    const named = addressPolicyFor(new URL('https://orchestration.civitai.com'));
    expect(isAllowedAddress('127.0.0.1', named)).toBe(false);
    expect(isAllowedAddress('93.184.216.34', named)).toBe(true);
  });
});

describe('checkRedirectTarget', () => {
  const upstream = new URL('https://orchestration.civitai.com');
  const request = new URL('https://orchestration.civitai.com/v2/consumer/blobs/X.jpeg');

  it('accepts content and blocked paths on the exact origin, relative or absolute', () => {
    expect(checkRedirectTarget('/v2/consumer/blobs/content/abc.DEF_-1?sig=x', request, upstream)).toMatchObject({ withheld: false });
    expect(checkRedirectTarget('https://orchestration.civitai.com/v2/consumer/blobs/blocked/abc#frag', request, upstream)).toMatchObject({
      withheld: true,
      url: new URL('https://orchestration.civitai.com/v2/consumer/blobs/blocked/abc'),
    });
    expect(checkRedirectTarget('content/abc', request, upstream).url.pathname).toBe('/v2/consumer/blobs/content/abc');
  });

  it('keeps the upstream’s own base path', () => {
    const proxied = new URL('https://proxy.example/orchestrator');
    const from = new URL('https://proxy.example/orchestrator/v2/consumer/blobs/X.jpeg');
    expect(checkRedirectTarget('/orchestrator/v2/consumer/blobs/content/abc', from, proxied).withheld).toBe(false);
    expect(() => checkRedirectTarget('/v2/consumer/blobs/content/abc', from, proxied)).toThrow(RefusedTarget);
  });

  it.each([
    null,
    '',
    'http://orchestration.civitai.com/v2/consumer/blobs/content/abc',
    'https://orchestration.civitai.com:8443/v2/consumer/blobs/content/abc',
    'https://ORCHESTRATION.civitai.com.evil.test/v2/consumer/blobs/content/abc',
    'https://user@orchestration.civitai.com/v2/consumer/blobs/content/abc',
    '/v2/consumer/blobs/archive/abc',
    '/v2/consumer/blobs/content/abc/../../workflows',
    '/v2/consumer/blobs/content/a%2F..%2Fb',
    'javascript:alert(1)',
    'http://[::ffff:7f00:1]/v2/consumer/blobs/content/abc',
  ])('refuses %j', (location) => {
    expect(() => checkRedirectTarget(location, request, upstream)).toThrow(RefusedTarget);
  });
});
