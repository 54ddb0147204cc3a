import { describe, expect, it } from 'vitest';
import { flattenStrikes, upstreamModeratorId } from './strikes';

describe('flattenStrikes', () => {
  it('gives each strike its group status, and a strike without its job what the strike itself says', () => {
    const job = { id: 'j1', type: 'TextToImageV2', prompt: 'a prompt', negativePrompt: null, resources: ['urn:air:x'], blobIds: ['B1.jpeg', 'B2.jpeg'] };
    const flat = flattenStrikes([
      { status: 'Reviewed', strikes: [{ jobId: 'j1', reason: 'csam', at: '2026-12-01T10:00:00.000Z', job }] },
      { status: null, strikes: [{ jobId: null, reason: null, at: null, job: null }] },
    ]);
    expect(flat).toEqual([
      { jobId: 'j1', reason: 'csam', at: '2026-12-01T10:00:00.000Z', status: 'Reviewed', jobType: 'TextToImageV2', prompt: 'a prompt', negativePrompt: null, resources: ['urn:air:x'], blobIds: ['B1.jpeg', 'B2.jpeg'] },
      { jobId: null, reason: null, at: null, status: null, jobType: null, prompt: null, negativePrompt: null, resources: [], blobIds: [] },
    ]);
  });
});

describe('upstreamModeratorId', () => {
  it('is a stable positive int4 per console account', () => {
    const ids = ['u-1', 'u-2', 'QxY7f2', ''].map(upstreamModeratorId);
    for (const id of ids) expect(Number.isInteger(id) && id > 0 && id <= 2_147_483_647).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(upstreamModeratorId('u-1')).toBe(ids[0]);
  });
});
