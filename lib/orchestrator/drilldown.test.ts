import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '@/emulator';
import { createOrchestratorClient, type ClientOptions } from './client';
import { getWorkflowDrillDown } from './drilldown';
import { getJob } from './jobs';
import { emulatorForFile } from '@/test/orchestrator';

/** The workflow drill-down: bounded fan-out, and partial answers that say what is missing (TEST-PLAN F-22, F-24). */

const started = emulatorForFile();
let emulator: RunningEmulator;

const client = (overrides: Partial<ClientOptions> = {}) =>
  createOrchestratorClient({
    baseUrl: emulator.url,
    token: emulator.control.scenarios.tokens.service,
    attemptTimeoutMs: 5_000,
    deadlineMs: 10_000,
    backoffBaseMs: 5,
    backoffCapMs: 10,
    log: () => {},
    ...overrides,
  });

beforeAll(() => {
  emulator = started();
});

describe('getWorkflowDrillDown', () => {
  it('reads a 24-job workflow with every job scan and blob probe', async () => {
    const { drillDown24 } = emulator.control.scenarios;
    const answer = await getWorkflowDrillDown(client(), drillDown24.workflowId);
    expect(answer.partial).toBe(false);
    expect(answer.missing).toEqual([]);
    expect(answer.jobs).toHaveLength(24);
    expect(answer.jobs.every((row) => typeof row.detail?.context?.hive_csam_score === 'string' && row.error === null)).toBe(true);
    expect(answer.blobs).toHaveLength(24);
    expect(answer.blobs.every((row) => row.probe?.visibility === 'viewable')).toBe(true);
    expect(new Set(answer.jobs.map((row) => row.stepName))).toEqual(new Set(drillDown24.stepNames));
    expect(emulator.control.calls()).toHaveLength(1 + 24 + 24);
  });

  it('keeps its fan-out within the parallelism it is given', async () => {
    emulator.control.setLatency({ fixedMs: 30 });
    emulator.control.resetMaxInFlight();
    await getWorkflowDrillDown(client(), emulator.control.scenarios.drillDown24.workflowId, { parallelism: 4 });
    expect(emulator.control.maxInFlight()).toBeLessThanOrEqual(4);
  });

  it('answers partially when one job lookup fails and one times out, marking which and why (F-24)', async () => {
    const { gallery } = emulator.control.scenarios;
    const failing = gallery.byRole['csam:above']!.jobId;
    const hanging = gallery.byRole['level:pg']!.jobId;
    emulator.control.setFaults([
      { path: `^/v1/consumer/jobs/${failing}$`, kind: 'status', status: 500 },
      { path: `^/v1/consumer/jobs/${hanging}$`, kind: 'latency', latencyMs: 60_000 },
    ]);
    const answer = await getWorkflowDrillDown(client({ maxAttempts: 1, attemptTimeoutMs: 800 }), gallery.workflowId);
    expect(answer.partial).toBe(true);
    const failed = answer.jobs.filter((row) => row.error !== null);
    expect(failed.map((row) => row.jobId).sort()).toEqual([failing, hanging].sort());
    expect(failed.every((row) => row.detail === null && row.error?.kind === 'upstream_unavailable')).toBe(true);
    expect(answer.jobs.filter((row) => row.detail !== null)).toHaveLength(answer.jobs.length - 2);
    expect(answer.missing).toEqual(
      expect.arrayContaining([
        { part: 'job', id: failing, kind: 'upstream_unavailable', message: 'The Orchestration API failed (error 500).' },
        { part: 'job', id: hanging, kind: 'upstream_unavailable', message: 'The Orchestration API did not answer in time.' },
      ]),
    );
    // The failed jobs' blobs are still listed, linked to their job, so the gate can hold them at the highest tier.
    expect(answer.blobs.find((row) => row.jobId === failing)).toBeDefined();
  });

  it('marks a failed blob probe on its row', async () => {
    const { gallery } = emulator.control.scenarios;
    const blob = gallery.byRole['level:x']!.blobId;
    emulator.control.setFaults([{ path: `^/v2/consumer/blobs/${blob.replace('.', '\\.')}$`, kind: 'status', status: 500 }]);
    const answer = await getWorkflowDrillDown(client(), gallery.workflowId);
    expect(answer.partial).toBe(true);
    expect(answer.blobs.find((row) => row.blobId === blob)).toMatchObject({ probe: null, error: { kind: 'upstream_unavailable' } });
    expect(answer.missing).toEqual([expect.objectContaining({ part: 'blob', id: blob })]);
  });

  it('does not ask the upstream about blobs it already calls unavailable', async () => {
    const { gallery } = emulator.control.scenarios;
    const answer = await getWorkflowDrillDown(client(), gallery.workflowId);
    const unavailable = gallery.byRole.unavailable!.blobId;
    expect(answer.blobs.find((row) => row.blobId === unavailable)?.probe).toMatchObject({ visibility: 'unavailable' });
    expect(emulator.control.calls({ path: new RegExp(unavailable.replace('.', '\\.')) })).toHaveLength(0);
  });

  it('fails as a whole when the workflow itself is not there', async () => {
    await expect(getWorkflowDrillDown(client(), '5-20200101000000000')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('keeps an unknown step type as a generic step with its media', async () => {
    const { unknownStep } = emulator.control.scenarios;
    const answer = await getWorkflowDrillDown(client(), unknownStep.workflowId);
    const step = answer.workflow.steps.find((candidate) => candidate.name === unknownStep.stepName);
    expect(step).toMatchObject({ type: unknownStep.stepType, known: false });
  });

  it('keeps hostile text literal and never pollutes a prototype (F-05, F-06)', async () => {
    const { hostileText } = emulator.control.scenarios;
    const answer = await getWorkflowDrillDown(client(), hostileText.workflowId);
    expect(answer.workflow.params.prompt?.startsWith(hostileText.prompt)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('job scan context', () => {
  it('returns the scan context as received: scores stay pre-formatted strings (contract §4.4)', async () => {
    const { riskyUser } = emulator.control.scenarios;
    const job = await getJob(client(), riskyUser.aboveJobId);
    expect(job.context?.hive_csam_score).toMatch(/^\d{1,3}\.\d{2} %(, \d{1,3}\.\d{2} %)*$/);
    expect(job.promptClassification).toMatchObject({ sexual: true, young: true });
    expect(job.workflowId).toBe(riskyUser.workflowId);
  });

  it('keeps a job without scan context as null, not an empty record', async () => {
    const { riskyUser } = emulator.control.scenarios;
    emulator.control.setFaults([{ path: '^/v1/consumer/jobs/', kind: 'missingFields', fields: ['context'] }]);
    const job = await getJob(client(), riskyUser.nearJobId);
    expect(job.context).toBeNull();
  });
});
