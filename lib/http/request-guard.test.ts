import { describe, expect, it, vi } from 'vitest';
import { RequestRefused } from '@/lib/request/same-origin';
import { consumeCappedBody } from './request-guard';

const audit = vi.hoisted(() => ({ appendRefusalAudit: vi.fn(async () => {}) }));
vi.mock('@/lib/audit/audit', () => audit);
vi.mock('@/lib/auth/session', () => ({ getSessionUser: async () => null }));

function streamed(parts: string[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
  return new Request('http://console.test/api/upload', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('consumeCappedBody', () => {
  it('hands the chunks over as they arrive under the cap', async () => {
    const read = await consumeCappedBody(streamed(['abc', 'def']), 10, async (chunks) => {
      let text = '';
      for await (const chunk of chunks) text += new TextDecoder().decode(chunk);
      return text;
    });
    expect(read).toBe('abcdef');
  });

  it('past the cap, with no declared length, the consumer unwinds first and then the refusal is audited', async () => {
    const order: string[] = [];
    audit.appendRefusalAudit.mockImplementationOnce(async () => void order.push('audited'));
    const consuming = consumeCappedBody(streamed(['123456', '789012']), 10, async (chunks) => {
      try {
        for await (const chunk of chunks) order.push(`chunk ${chunk.byteLength}`);
      } finally {
        order.push('unwound');
      }
    });
    await expect(consuming).rejects.toBeInstanceOf(RequestRefused);
    expect(order).toEqual(['chunk 6', 'unwound', 'audited']);
  });
});
