import { describe, expect, it } from 'vitest';
import { WorkflowSchema } from '../lib/orchestrator/schemas';
import { isBlobId, isJobId, parseWorkflowId } from '../lib/orchestrator/ids';
import { Store } from './store';

const make = (seed: number, workflows = 400) =>
  new Store({ seed, workflows, anchorMs: Date.parse('2026-11-20T12:00:00Z'), urlExpiry: '2026-11-30T00:00:00.0000000Z' });

describe('seeded data', () => {
  it('is the same for a seed and differs across seeds', () => {
    const [a, b, c] = [make(42), make(42), make(43)];
    expect(b.records.map((r) => r.id)).toEqual(a.records.map((r) => r.id));
    expect(JSON.stringify(b.model(b.records[250]!).workflow)).toBe(JSON.stringify(a.model(a.records[250]!).workflow));
    expect(c.records.map((r) => r.id)).not.toEqual(a.records.map((r) => r.id));
  });

  it('uses the real id shapes, which the console’s validators accept', () => {
    const store = make(42, 2000);
    const shapes = new Set(store.records.map((r) => parseWorkflowId(r.id)?.shape));
    expect(shapes).toEqual(new Set(['classic', 'suffixed', 'uuid']));
    for (const record of store.records.slice(0, 300)) {
      const model = store.model(record);
      for (const id of model.jobs.keys()) expect(isJobId(id), id).toBe(true);
      for (const id of model.blobs.keys()) expect(isBlobId(id), id).toBe(true);
    }
    // Classic ids carry the creation instant to the millisecond.
    const classic = store.records.find((r) => parseWorkflowId(r.id)?.shape === 'classic')!;
    expect(classic.id.split('-')[1]).toBe(new Date(classic.createdMs).toISOString().replace(/[-:T.Z]/g, ''));
  });

  it('seeds the variety the console must handle, every workflow passing the shared schema', () => {
    const store = make(42, 2000);
    const kinds = new Set(store.records.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['image', 'textToImage', 'video', 'comfy', 'customComfy', 'legacy', 'unknownStep', 'integratorImage', 'integratorVideo', 'imageScan', 'videoScan', 'training']));
    expect(new Set(store.records.map((r) => r.status))).toEqual(
      new Set(['succeeded', 'failed', 'expired', 'canceled', 'processing', 'scheduled', 'preparing', 'unassigned']),
    );
    const levels = new Set<string | undefined>();
    const reasons = new Set<string | null>();
    for (const record of store.records) {
      const model = store.model(record);
      WorkflowSchema.parse(model.workflow);
      for (const blob of model.blobs.values()) {
        levels.add(blob.nsfwLevel);
        reasons.add(blob.blockedReason);
      }
    }
    expect(levels).toEqual(new Set(['pg', 'pg13', 'r', 'x', 'xxx', 'na', undefined]));
    expect([...reasons].filter(Boolean).length).toBeGreaterThanOrEqual(7);
  });

  it('finds jobs and blobs by id alone, and nothing for a made-up id', () => {
    const store = make(42);
    const model = store.model(store.records[120]!);
    const [jobId] = model.jobs.keys();
    expect(store.findJob(jobId!)?.model.record.index).toBe(120);
    expect(store.findJob('58de87d7-d594-4d71-ae43-dd8fc1bcbd23')).toBeUndefined();
    expect(store.findBlob('JNFDW54JNTATNW42HACYCWSQP0.jpeg')).toBeUndefined();
  });
});
