import { describe, expect, it } from 'vitest';
import { mediaApi } from './api';

describe('media API URLs', () => {
  it('carry ids only, encoded, with the workflow when known', () => {
    const blob = 'JNFDW54JNTATNW42HACYCWSQP0.jpeg';
    const wf = '8484131-20260121222126332';
    expect(mediaApi.media(blob, wf)).toBe(`/api/media/${blob}?workflowId=${wf}`);
    expect(mediaApi.media(blob, null)).toBe(`/api/media/${blob}`);
    expect(mediaApi.preview(blob, wf)).toBe(`/api/media/${blob}/preview?workflowId=${wf}`);
    expect(mediaApi.reveal(blob, null)).toBe(`/api/media/${blob}/reveal`);
    expect(mediaApi.download(blob, wf)).toBe(`/api/media/${blob}?workflowId=${wf}&download=1`);
    expect(mediaApi.gates(wf)).toBe(`/api/media/gates?workflowId=${wf}`);
    expect(mediaApi.media('a/b?c', null)).toBe('/api/media/a%2Fb%3Fc');
  });
});
