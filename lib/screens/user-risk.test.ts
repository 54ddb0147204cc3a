import { describe, expect, it } from 'vitest';
import { interpretScan } from '@/lib/moderation/scan';
import type { JobEvidence } from '@/lib/moderation/read-model';
import type { Workflow } from '@/lib/orchestrator/types';
import { histogramEdges, overallBand, summariseUserRisk } from './user-risk';

const thresholds = { near: 10, above: 50 };

function job(jobId: string, context: Record<string, string> | null): JobEvidence {
  return { jobId, workflowId: `wf-${jobId}`, scan: interpretScan({ context }, thresholds) } as JobEvidence;
}

function workflow(id: string, createdAt: string, status: string, tags: string[], levels: (string | null)[]): Workflow {
  return {
    id,
    createdAt,
    status,
    tags,
    steps: [],
    media: levels.map((nsfwLevel, index) => ({ blobId: `${id}-${index}`, nsfwLevel })),
  } as unknown as Workflow;
}

describe('histogramEdges', () => {
  it('puts edges on both thresholds', () => {
    expect(histogramEdges(thresholds)).toEqual([0, 1, 5, 10, 30, 50, 75, 100]);
  });
});

describe('summariseUserRisk', () => {
  const workflows = [
    workflow('a', '2026-01-02T00:00:00.000Z', 'succeeded', ['gen', 'img'], ['pg', 'x']),
    workflow('b', '2026-01-01T00:00:00.000Z', 'failed', ['gen'], ['na', null]),
    workflow('c', '2026-01-03T00:00:00.000Z', 'succeeded', ['gen'], ['xxx']),
  ];
  const jobs = new Map([
    ['j1', job('j1', { hive_csam_score: '0.00 %, 0.50 %' })],
    ['j2', job('j2', { hive_csam_score: '12.50 %', blocked_reason: 'none' })],
    ['j3', job('j3', { hive_csam_score: '72.00 %, junk' })],
    ['j4', job('j4', null)],
  ]);
  const risk = summariseUserRisk(workflows, jobs, thresholds);

  it('counts workflows by status and outputs by level, unrated last', () => {
    expect(risk.byStatus).toEqual([
      { status: 'succeeded', count: 2 },
      { status: 'failed', count: 1 },
    ]);
    expect(risk.byLevel).toEqual([
      { level: 'pg', count: 1 },
      { level: 'x', count: 1 },
      { level: 'xxx', count: 1 },
      { level: 'unrated', count: 2 },
    ]);
  });

  it('bins every readable score and counts unreadable ones apart', () => {
    const counts = Object.fromEntries(risk.histogram.map((bin) => [bin.label, bin.count]));
    expect(counts['0–1 %']).toBe(2);
    expect(counts['10–30 %']).toBe(1);
    expect(counts['50–75 %']).toBe(1);
    expect(risk.histogram.find((bin) => bin.label === '50–75 %')?.band).toBe('above');
    // "junk" in j3 and the whole of j4 (no context).
    expect(risk.unknownScores).toBe(2);
  });

  it('ranks the riskiest jobs: above, then unknown, then near, then below', () => {
    expect(risk.riskiest.map((entry) => entry.jobId)).toEqual(['j3', 'j4', 'j2', 'j1']);
    expect(risk.riskiest[0]).toMatchObject({ band: 'above', maxScore: 72 });
    expect(overallBand(risk)).toBe('above');
  });

  it('lists tags by use and the first and last activity', () => {
    expect(risk.tags[0]).toEqual({ tag: 'gen', count: 3 });
    expect(risk.firstActivity).toBe('2026-01-01T00:00:00.000Z');
    expect(risk.lastActivity).toBe('2026-01-03T00:00:00.000Z');
  });
});
