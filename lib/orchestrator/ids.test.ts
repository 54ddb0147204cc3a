import { describe, expect, it } from 'vitest';
import { isBlobId, isJobId, isStepName, isUserId, parseWorkflowId } from './ids';

describe('workflow ids', () => {
  it('reads the three real shapes and their owner', () => {
    expect(parseWorkflowId('8484131-20260121222126332')).toEqual({ id: '8484131-20260121222126332', owner: 8484131, shape: 'classic' });
    expect(parseWorkflowId('42-20261005123456789-abcd')?.shape).toBe('suffixed');
    expect(parseWorkflowId('0-019be44b-181e-7a7e-ab1b-b58dc7610dca')).toMatchObject({ owner: 0, shape: 'uuid' });
  });

  it.each([
    '../../v2/consumer/blobs/x',
    '..%2f',
    '%252e%252e%252f',
    'abc%2Fdef',
    'abc\\..\\x',
    '8484131-20260121222126332/steps',
    '8484131-20260121222126332?x=1',
    '8484131-2026012122212633',
    '2147483648-20260121222126332',
    '08484131-20260121222126332',
    ' 8484131-20260121222126332',
    '8484131-20260121222126332\u0000',
    '8484131-20260121222126332\u202e',
    'wf_01HXYZ',
    '１２３-20260121222126332',
    'x'.repeat(10_000),
    '',
  ])('refuses %j', (value) => {
    expect(parseWorkflowId(value)).toBeUndefined();
  });
});

describe('job, blob, step and user ids', () => {
  it('accepts uuids and 64-hex job ids only', () => {
    expect(isJobId('58de87d7-d594-4d71-ae43-dd8fc1bcbd23')).toBe(true);
    expect(isJobId('0B60A87CDFB8E7307D0F19F623EBD8240307BD9C2345CD03B7E52A489A52CC47')).toBe(true);
    expect(isJobId('58de87d7-d594-4d71-ae43-dd8fc1bcbd23/..')).toBe(false);
    expect(isJobId('58de87d7')).toBe(false);
  });

  it('accepts the four blob id forms', () => {
    for (const id of [
      'JNFDW54JNTATNW42HACYCWSQP0.jpeg',
      'W9E3ZK1G1RJSH6S88HT3GW5ZW0.webp',
      '105199769287210187091817890725710212070',
      '0B60A87CDFB8E7307D0F19F623EBD8240307BD9C2345CD03B7E52A489A52CC47',
      'customcomfy-XYZ-asset-ComfyUI_00002_.png',
    ]) {
      expect(isBlobId(id), id).toBe(true);
    }
  });

  it.each(['JNFDW54JNTATNW42HACYCWSQP0.jpeg/../x', 'customcomfy-XYZ-asset-..png', 'customcomfy-XYZ-asset-a b.png', 'a%2Fb', 'jnfdw54jntatnw42hacycwsqp0.jpeg', '1'.repeat(41)])(
    'refuses blob id %j',
    (id) => {
      expect(isBlobId(id)).toBe(false);
    },
  );

  it('accepts step names civitai and the docs use', () => {
    for (const name of ['$0', '0', 'tags', 'videoFrames']) expect(isStepName(name)).toBe(true);
    for (const name of ['..', 'a/b', 'a b', '']) expect(isStepName(name)).toBe(false);
  });

  it('accepts canonical ASCII user ids within int4', () => {
    expect(isUserId('8484131')).toBe(true);
    for (const id of ['00012', '-5', '12.0', '12345678901234567890', '１２３', '2147483648']) expect(isUserId(id)).toBe(false);
  });
});
