import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_POLICY } from '@/lib/moderation/gating';
import { interpretScan } from '@/lib/moderation/scan';
import type { JobDetail, MediaItem, WorkflowDrillDown } from '@/lib/orchestrator/types';
import { decideTileGates } from './tile-gates';

const thresholds = { near: 10, above: 50 };
const viewer = { role: 'viewer' as const, preferences: { matureTiles: 'blurred' as const } };

function item(blobId: string, nsfwLevel: string | null, jobId = 'job-1'): MediaItem {
  return { blobId, mediaType: 'image', available: true, nsfwLevel, blockedReason: null, jobId, width: null, height: null, stepName: '$0' };
}

function drillDown(media: MediaItem[], csam: string | null, probeOk = true): WorkflowDrillDown {
  const detail = { scan: interpretScan({ context: csam === null ? null : { hive_csam_score: csam } }, thresholds) } as JobDetail;
  return {
    workflow: { media } as WorkflowDrillDown['workflow'],
    jobs: [{ jobId: 'job-1', stepName: '$0', detail, error: null }],
    blobs: media.map((m) => ({
      blobId: m.blobId,
      stepName: '$0',
      jobId: m.jobId,
      probe: probeOk ? { blobId: m.blobId, visibility: 'viewable' as const, nsfwLevel: null, note: null } : null,
      error: probeOk ? null : { kind: 'upstream_unavailable' as const, message: 'down' },
    })),
    partial: !probeOk,
    missing: [],
  };
}

describe('decideTileGates', () => {
  it('shows a PG output with a clean scan plainly', () => {
    const gates = decideTileGates(drillDown([item('A', 'pg')], '0.00 %'), viewer, DEFAULT_GATE_POLICY);
    expect(gates.A).toMatchObject({ tier: 0, available: true });
  });

  it('hard-gates an output whose job scored above the CSAM threshold', () => {
    const gates = decideTileGates(drillDown([item('A', 'pg')], '62.00 %'), viewer, DEFAULT_GATE_POLICY);
    expect(gates.A!.tier).toBe(3);
  });

  it('never treats a missing scan or an unrated output as safe', () => {
    expect(decideTileGates(drillDown([item('A', 'pg')], null), viewer, DEFAULT_GATE_POLICY).A!.tier).toBeGreaterThanOrEqual(2);
    expect(decideTileGates(drillDown([item('A', 'na')], '0.00 %'), viewer, DEFAULT_GATE_POLICY).A!.tier).toBeGreaterThanOrEqual(2);
  });

  it('keeps availability unknown, not unavailable, when the probe failed', () => {
    const gates = decideTileGates(drillDown([item('A', 'pg')], '0.00 %', false), viewer, DEFAULT_GATE_POLICY);
    expect(gates.A!.available).toBe(true);
  });
});
