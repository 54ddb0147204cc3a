import { describe, expect, it } from 'vitest';
import { clientIpFrom, normaliseIp, requestIdFrom } from './forwarded';

const xff = (value?: string) => new Headers(value === undefined ? {} : { 'x-forwarded-for': value });

describe('clientIpFrom', () => {
  it('takes the address Next.js wrote from the socket when there is no proxy', () => {
    expect(clientIpFrom(xff('127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientIpFrom(xff('::ffff:10.1.2.3'), 0)).toBe('10.1.2.3');
  });

  it('with one trusted proxy, ignores whatever the client put to the left', () => {
    expect(clientIpFrom(xff('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientIpFrom(xff('6.6.6.6,203.0.113.7'), 1)).toBe('203.0.113.7');
  });

  it('with two trusted proxies, takes the second entry from the right', () => {
    expect(clientIpFrom(xff('6.6.6.6, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
  });

  it('says null rather than guessing when the chain is shorter than the trusted hops or not an address', () => {
    expect(clientIpFrom(xff('203.0.113.7'), 2)).toBeNull();
    expect(clientIpFrom(xff(), 0)).toBeNull();
    expect(clientIpFrom(xff('unknown'), 1)).toBeNull();
    expect(clientIpFrom(xff('127.1'), 0)).toBeNull();
    expect(clientIpFrom(xff('0x7f000001'), 0)).toBeNull();
  });

  it('normalises IPv6', () => {
    expect(normaliseIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
  });
});

describe('requestIdFrom', () => {
  it('keeps a trusted proxy request id and refuses one sent straight by a client', () => {
    const headers = new Headers({ 'x-request-id': 'lb-1234' });
    expect(requestIdFrom(headers, 1)).toBe('lb-1234');
    expect(requestIdFrom(headers, 0)).not.toBe('lb-1234');
  });

  it('replaces a malformed id', () => {
    const id = requestIdFrom(new Headers({ 'x-request-id': 'a b <script>' }), 1);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
