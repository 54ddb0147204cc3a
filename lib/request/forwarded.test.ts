import { describe, expect, it } from 'vitest';
import { clientIpFrom, normaliseIp, requestIdFrom, resolveForwarding } from './forwarded';

const resolve = (forwardedFor: string | undefined, peer: string | undefined, hops: number, requestId?: string) =>
  resolveForwarding({ forwardedFor, peer, requestId }, hops);

describe('resolveForwarding', () => {
  it('with no proxy, takes the socket peer and ignores whatever X-Forwarded-For the client sent', () => {
    expect(resolve(undefined, '127.0.0.1', 0).clientIp).toBe('127.0.0.1');
    expect(resolve('6.6.6.6', '127.0.0.1', 0).clientIp).toBe('127.0.0.1');
    expect(resolve('6.6.6.6, 7.7.7.7', '::ffff:10.1.2.3', 0).clientIp).toBe('10.1.2.3');
  });

  it('with one trusted proxy, takes the entry that proxy appended and ignores whatever the client put to the left', () => {
    expect(resolve('6.6.6.6, 203.0.113.7', '10.0.0.2', 1).clientIp).toBe('203.0.113.7');
    expect(resolve('6.6.6.6,203.0.113.7', '10.0.0.2', 1).clientIp).toBe('203.0.113.7');
  });

  it('with two trusted proxies, takes the right-most address neither of them is', () => {
    expect(resolve('6.6.6.6, 203.0.113.7, 10.0.0.3', '10.0.0.2', 2).clientIp).toBe('203.0.113.7');
  });

  it('says null rather than guessing when the chain is shorter than the trusted hops or not an address', () => {
    expect(resolve(undefined, '10.0.0.2', 1).clientIp).toBeNull();
    expect(resolve('203.0.113.7', '10.0.0.2', 2).clientIp).toBeNull();
    expect(resolve(undefined, undefined, 0).clientIp).toBeNull();
    expect(resolve('unknown', '10.0.0.2', 1).clientIp).toBeNull();
    expect(resolve('127.1', '10.0.0.2', 1).clientIp).toBeNull();
    expect(resolve('0x7f000001', '10.0.0.2', 1).clientIp).toBeNull();
  });

  it('keeps a trusted proxy request id, refuses one sent straight by a client, and replaces a malformed one', () => {
    expect(resolve(undefined, '10.0.0.2', 1, 'lb-1234').requestId).toBe('lb-1234');
    expect(resolve(undefined, '127.0.0.1', 0, 'lb-1234').requestId).not.toBe('lb-1234');
    expect(resolve(undefined, '10.0.0.2', 1, 'a b <script>').requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('what the console reads behind the entry point', () => {
  it('reads the one address the entry point left, and nothing from a chain it did not resolve', () => {
    expect(clientIpFrom(new Headers({ 'x-forwarded-for': '203.0.113.7' }))).toBe('203.0.113.7');
    expect(clientIpFrom(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }))).toBeNull();
    expect(clientIpFrom(new Headers())).toBeNull();
  });

  it('reads the request id, or makes one', () => {
    expect(requestIdFrom(new Headers({ 'x-request-id': 'abc-1' }))).toBe('abc-1');
    expect(requestIdFrom(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('normalises IPv6', () => {
    expect(normaliseIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
  });
});
