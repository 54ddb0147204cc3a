import { describe, expect, it } from 'vitest';
import { shortId } from './short-id';

describe('shortId', () => {
  it('keeps the owner of a workflow id and its last digits', () => {
    expect(shortId('1637892-20260121222126332')).toBe('1637892-…6332');
    expect(shortId('0-019be44b-181e-7a7e-ab1b-b58dc7610dca')).toBe('0-…0dca');
  });

  it('keeps both ends of a blob id and its extension', () => {
    expect(shortId('01M7ZQ3V2B8K9W4T6X5R1YC1K0.jpeg')).toBe('01M7…C1K0.jpeg');
  });

  it('shortens job uuids and hex keys, and leaves short ids alone', () => {
    expect(shortId('019be44b-181e-7a7e-ab1b-b58dc7610dca')).toBe('019b…0dca');
    expect(shortId('8484131')).toBe('8484131');
    expect(shortId('abc')).toBe('abc');
  });
});
