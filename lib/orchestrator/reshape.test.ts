import { describe, expect, it } from 'vitest';
import { toStrikeGroups, toWorkflow, withoutSignedUrls } from './reshape';
import { allSteps } from './workflow-steps';
import { StrikesSchema, WorkflowSchema } from './schemas';

const SIGNED = 'https://orchestration.civitai.com/v2/consumer/blobs/JNFDW54JNTATNW42HACYCWSQP0.jpeg?sig=CfDJ8abc&exp=2026-01-22T22:21:41.9000000Z';

const wire = WorkflowSchema.parse({
  id: '8484131-20260121222126332',
  createdAt: '2026-01-21T22:21:26.3320000Z',
  completedAt: '2026-01-21T22:21:41.9000000Z',
  status: 'Succeeded',
  tags: ['civitai', 'gen'],
  metadata: { params: { prompt: 'a fox', negativePrompt: 'blurry', workflow: 'txt2img', ecosystem: 'sdxl' }, note: SIGNED },
  steps: [
    {
      $type: 'imageGen',
      name: '$0',
      status: 'succeeded',
      metadata: {},
      jobs: [{ id: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23', status: 'succeeded', cost: 1.2 }],
      input: { engine: 'sdcpp', prompt: 'step prompt', model: 'urn:air:sdxl:checkpoint:civitai:1@2' },
      output: {
        images: [
          { type: 'image', id: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg', available: true, url: SIGNED, nsfwLevel: 'X', jobId: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23' },
          { id: 'CXJQSCS1TYZR1PX45C7QBVB8E0.jpeg', available: false, url: SIGNED, nsfwLevel: 'xxx', blockedReason: 'Child Sexual - Anime' },
        ],
        errors: ['one image failed'],
      },
    },
    {
      $type: 'somethingNew',
      name: 'later',
      status: 'succeeded',
      metadata: {},
      output: { deep: { result: [{ id: 'W9E3ZK1G1RJSH6S88HT3GW5ZW0.webp', available: true, blockedReason: 'none' }] } },
    },
    {
      $type: 'repeat',
      name: 'frames',
      status: 'succeeded',
      metadata: {},
      output: {
        steps: [
          {
            $type: 'videoGen',
            name: 'frames.0',
            status: 'succeeded',
            metadata: {},
            jobs: [{ id: 'c5657331-beee-488d-97fa-8b9e6d6fd48f', status: 'failed', reason: 'no_provider_available' }],
            output: { video: { id: 'E8S6FBPH50ENNVF2PD5XRBPXB0', available: true } },
          },
        ],
      },
    },
  ],
});

describe('toWorkflow', () => {
  const workflow = toWorkflow(wire);

  it('normalises status, dates and the owner', () => {
    expect(workflow).toMatchObject({
      id: '8484131-20260121222126332',
      ownerId: 8484131,
      status: 'succeeded',
      createdAt: '2026-01-21T22:21:26.332Z',
      completedAt: '2026-01-21T22:21:41.900Z',
      startedAt: null,
      params: { prompt: 'a fox', negativePrompt: 'blurry', form: 'txt2img', ecosystem: 'sdxl' },
      jobCount: 2,
    });
  });

  it('lists media of known, unknown and nested steps, with no URL anywhere', () => {
    expect(workflow.media.map((item) => [item.blobId, item.mediaType, item.stepName])).toEqual([
      ['JNFDW54JNTATNW42HACYCWSQP0.jpeg', 'image', '$0'],
      ['CXJQSCS1TYZR1PX45C7QBVB8E0.jpeg', 'image', '$0'],
      ['W9E3ZK1G1RJSH6S88HT3GW5ZW0.webp', 'image', 'later'],
      ['E8S6FBPH50ENNVF2PD5XRBPXB0', 'video', 'frames.0'],
    ]);
    expect(workflow.media[0]).toMatchObject({ nsfwLevel: 'x', available: true, jobId: '58de87d7-d594-4d71-ae43-dd8fc1bcbd23' });
    expect(workflow.media[1]).toMatchObject({ available: false, blockedReason: 'Child Sexual - Anime' });
    expect(workflow.media[2]!.blockedReason).toBeNull();
    const json = JSON.stringify(workflow);
    expect(json).not.toContain('sig=');
    expect(json).not.toContain('/consumer/blobs/');
  });

  it('keeps an unknown step type as a generic step', () => {
    const step = workflow.steps[1]!;
    expect(step).toMatchObject({ type: 'somethingNew', known: false, name: 'later' });
  });

  it('reads step params, engine, model and errors', () => {
    expect(workflow.steps[0]).toMatchObject({
      params: { prompt: 'step prompt' },
      engine: 'sdcpp',
      model: 'urn:air:sdxl:checkpoint:civitai:1@2',
      errors: ['one image failed'],
    });
  });

  it('flattens repeat children for job lookups', () => {
    expect(allSteps(workflow).flatMap((step) => step.jobs.map((job) => [job.id, job.reason]))).toEqual([
      ['58de87d7-d594-4d71-ae43-dd8fc1bcbd23', null],
      ['c5657331-beee-488d-97fa-8b9e6d6fd48f', 'no_provider_available'],
    ]);
  });
});

describe('withoutSignedUrls', () => {
  it('drops url keys and signed strings, keeps everything else, and never touches prototypes', () => {
    const input = JSON.parse('{"a":{"url":"x","previewUrl":"y","keep":1},"b":["' + SIGNED + '","plain"],"__proto__":{"polluted":true}}');
    expect(withoutSignedUrls(input)).toEqual({ a: { keep: 1 }, b: ['[storage URL removed]', 'plain'], ['__proto__']: { polluted: true } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('toStrikeGroups', () => {
  it('keeps blob ids and drops preview URLs', () => {
    const groups = toStrikeGroups(
      StrikesSchema.parse([
        {
          status: 'Flagged',
          strikes: [
            {
              strike: { jobId: 'j', reason: 'csam', dateTime: '2026-01-01T00:00:00.1234567Z' },
              job: { id: 'j', type: 'TextToImageV2', prompt: 'p', blobs: [{ id: 'B', previewUrl: SIGNED }] },
            },
          ],
        },
      ]),
    );
    expect(groups).toEqual([
      {
        status: 'Flagged',
        strikes: [
          {
            jobId: 'j',
            reason: 'csam',
            at: '2026-01-01T00:00:00.123Z',
            job: { id: 'j', type: 'TextToImageV2', prompt: 'p', negativePrompt: null, resources: [], blobIds: ['B'] },
          },
        ],
      },
    ]);
  });
});
