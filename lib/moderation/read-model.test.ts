import { describe, expect, it } from 'vitest';
import type { JobDetail, MediaItem, Workflow, WorkflowStep } from '@/lib/orchestrator/types';
import { listRisk, readOutputs, riskFacts, summariseOutputs, bySeverity } from './read-model';

const thresholds = { near: 10, above: 50 };

function item(blobId: string, jobId: string | null, stepName = '$0', overrides: Partial<MediaItem> = {}): MediaItem {
  return { blobId, mediaType: 'image', available: true, nsfwLevel: 'pg', blockedReason: null, jobId, width: null, height: null, stepName, ...overrides };
}

function step(name: string, jobIds: string[], media: MediaItem[]): WorkflowStep {
  return {
    name,
    type: 'imageGen',
    known: true,
    status: 'succeeded',
    startedAt: null,
    completedAt: null,
    jobs: jobIds.map((id) => ({ id, status: 'succeeded', startedAt: null, completedAt: null, reason: null, blockedReason: null, cost: null })),
    media,
    params: { prompt: null, negativePrompt: null, form: null, ecosystem: null },
    engine: null,
    model: null,
    errors: [],
    children: [],
    input: {},
    output: null,
  };
}

function workflow(steps: WorkflowStep[]): Workflow {
  return { id: '5-20261120115800000', steps, media: steps.flatMap((s) => s.media) } as Workflow;
}

function job(jobId: string, csam: string | null, outputs: string[] = [], extra: Record<string, unknown> = {}): JobDetail {
  return {
    jobId,
    outputs: outputs.map((blobKey) => ({ blobKey, available: true })),
    context: csam === null ? null : { hive_csam_score: csam, ...extra },
    promptClassification: { sexual: true, young: false },
  } as unknown as JobDetail;
}

describe('readOutputs: each output gets its own score', () => {
  it('matches scores to outputs by the job result order', () => {
    const flow = workflow([step('$0', ['j1'], [item('A.jpeg', 'j1'), item('B.jpeg', 'j1')])]);
    const [a, b] = readOutputs(flow, new Map([['j1', job('j1', '3.12 %, 61.50 %', ['A.jpeg', 'B.jpeg'])]]), thresholds);
    expect(a).toMatchObject({ position: 0, band: 'below', scan: { csamPercent: 3.12, csamRaw: '3.12 %', csamScope: 'output', readable: true } });
    expect(b).toMatchObject({ position: 1, band: 'above', scan: { csamPercent: 61.5, csamRaw: '61.50 %' } });
    expect(a!.scan!.promptFlags).toEqual(['sexual']);
  });

  it('uses the job result order even when the workflow lists outputs in another order', () => {
    const flow = workflow([step('$0', ['j1'], [item('B.jpeg', 'j1'), item('A.jpeg', 'j1')])]);
    const outputs = readOutputs(flow, new Map([['j1', job('j1', '3.12 %, 61.50 %', ['A.jpeg', 'B.jpeg'])]]), thresholds);
    expect(outputs.map((output) => [output.blobId, output.scan?.csamPercent])).toEqual([
      ['B.jpeg', 61.5],
      ['A.jpeg', 3.12],
    ]);
  });

  it('falls back to the workflow order of a job’s outputs when the job does not list them', () => {
    const flow = workflow([step('$0', ['j1'], [item('A.jpeg', 'j1'), item('B.jpeg', 'j1')])]);
    const [a, b] = readOutputs(flow, new Map([['j1', job('j1', '70.00 %, 1.00 %')]]), thresholds);
    expect(a!.band).toBe('above');
    expect(b!.band).toBe('below');
  });

  it('a count that does not match makes the job’s worst stand for each output, said as job-wide', () => {
    const flow = workflow([step('$0', ['j1'], [item('A.jpeg', 'j1'), item('B.jpeg', 'j1')])]);
    const outputs = readOutputs(flow, new Map([['j1', job('j1', '12.00 %', ['A.jpeg', 'B.jpeg'])]]), thresholds);
    expect(outputs.map((output) => [output.band, output.scan?.csamPercent, output.scan?.csamScope])).toEqual([
      ['near', 12, 'job'],
      ['near', 12, 'job'],
    ]);
  });

  it('an unreadable token is unknown for that output only', () => {
    const flow = workflow([step('$0', ['j1'], [item('A.jpeg', 'j1'), item('B.jpeg', 'j1')])]);
    const [a, b] = readOutputs(flow, new Map([['j1', job('j1', 'NaN, 2.00 %', ['A.jpeg', 'B.jpeg'])]]), thresholds);
    expect(a).toMatchObject({ band: 'unknown', scan: { readable: false, csamPercent: null } });
    expect(b).toMatchObject({ band: 'below', scan: { readable: true } });
  });

  it('places an output without a jobId in the job that lists it, else in its step’s only job', () => {
    const flow = workflow([
      step('$0', ['j1', 'j2'], [item('A.jpeg', null), item('B.jpeg', null)]),
      step('$1', ['j3'], [item('C.jpeg', null, '$1')]),
    ]);
    const jobs = new Map([
      ['j1', job('j1', '1.00 %', ['A.jpeg'])],
      ['j2', job('j2', '2.00 %', ['X.jpeg'])],
      ['j3', job('j3', '55.00 %', [])],
    ]);
    const [a, b, c] = readOutputs(flow, jobs, thresholds);
    expect(a).toMatchObject({ jobId: 'j1', band: 'below' });
    expect(b).toMatchObject({ jobId: null, scan: null, band: 'unknown', scanMissing: 'The output could not be placed in a job' });
    expect(c).toMatchObject({ jobId: 'j3', band: 'above' });
  });

  it('an output whose job could not be read has no scan, never a safe one', () => {
    const flow = workflow([step('$0', ['j1'], [item('A.jpeg', 'j1')])]);
    const [a] = readOutputs(flow, new Map([['j1', null]]), thresholds);
    expect(a).toMatchObject({ scan: null, band: 'unknown', scanMissing: 'Scan evidence unavailable: the job could not be read' });
  });

  it('VLM findings that name a child are picked out; "No_Child" is not one', () => {
    const flow = workflow([step('$0', ['j1'], [item('A.jpeg', 'j1')])]);
    const [withChild] = readOutputs(flow, new Map([['j1', job('j1', '9.00 %', ['A.jpeg'], { hive_vlm_summary: 'X, Possible_Child' })]]), thresholds);
    const [without] = readOutputs(flow, new Map([['j1', job('j1', '9.00 %', ['A.jpeg'], { hive_vlm_summary: 'X, No_Child' })]]), thresholds);
    expect(withChild!.scan!.childFindings).toEqual(['Possible_Child']);
    expect(without!.scan!.childFindings).toEqual([]);
  });

  it('a probe adds what the blob endpoint says: withheld is a block, a failed probe leaves availability unknown', () => {
    const flow = workflow([step('$0', ['j1'], [item('A.jpeg', 'j1', '$0', { nsfwLevel: null }), item('B.jpeg', 'j1')])]);
    const probes = new Map([
      ['A.jpeg', { blobId: 'A.jpeg', visibility: 'blocked' as const, nsfwLevel: 'X', note: null }],
      ['B.jpeg', null],
    ]);
    const [a, b] = readOutputs(flow, new Map([['j1', job('j1', '0.00 %, 0.00 %', ['A.jpeg', 'B.jpeg'])]]), thresholds, probes);
    expect(a).toMatchObject({ nsfwLevel: 'x', blockedReason: 'Withheld by upstream moderation', available: true });
    expect(b!.available).toBe('unknown');
  });
});

describe('summaries and list risk', () => {
  const flow = workflow([step('$0', ['j1', 'j2'], [item('A.jpeg', 'j1'), item('B.jpeg', 'j1'), item('C.jpeg', 'j2')])]);
  const outputs = readOutputs(
    flow,
    new Map([
      ['j1', job('j1', '3.12 %, 61.50 %', ['A.jpeg', 'B.jpeg'])],
      ['j2', null],
    ]),
    thresholds,
  );

  it('counts outputs per band and keeps the worst readable percent', () => {
    expect(summariseOutputs(outputs)).toEqual({ worstBand: 'above', worstPercent: 61.5, counts: { below: 1, near: 0, unknown: 1, above: 1 } });
    expect(summariseOutputs([])).toEqual({ worstBand: null, worstPercent: null, counts: { below: 0, near: 0, unknown: 0, above: 0 } });
  });

  it('sorts worst first', () => {
    expect([...outputs].sort(bySeverity).map((output) => output.blobId)).toEqual(['B.jpeg', 'C.jpeg', 'A.jpeg']);
  });

  it('derives the list band from stored facts and the thresholds in force', () => {
    expect(riskFacts(outputs)).toEqual({ worstCsam: 61.5, unreadableOutputs: 1 });
    expect(listRisk(null, thresholds)).toEqual({ band: 'pending', csamPercent: null });
    expect(listRisk({ worstCsam: 50, unreadableOutputs: 1 }, thresholds).band).toBe('above');
    expect(listRisk({ worstCsam: 49.99, unreadableOutputs: 1 }, thresholds).band).toBe('unscanned');
    expect(listRisk({ worstCsam: 10, unreadableOutputs: 0 }, thresholds).band).toBe('near');
    expect(listRisk({ worstCsam: 9.99, unreadableOutputs: 0 }, thresholds).band).toBe('below');
    expect(listRisk({ worstCsam: null, unreadableOutputs: 0 }, thresholds)).toEqual({ band: 'below', csamPercent: null });
    // A threshold change needs no re-index.
    expect(listRisk({ worstCsam: 30, unreadableOutputs: 0 }, { near: 10, above: 25 }).band).toBe('above');
  });
});
