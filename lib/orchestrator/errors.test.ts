import { describe, expect, it } from 'vitest';
import { OrchestratorError } from './errors';

describe('OrchestratorError', () => {
  it('is recognised across module copies, as when Next loads the client twice', () => {
    expect(new OrchestratorError('not_found', 'gone') instanceof OrchestratorError).toBe(true);
    // What another bundle's copy of the class produces: a different constructor carrying the same brand.
    const fromAnotherCopy = Object.assign(new Error('down'), { [Symbol.for('review-console.OrchestratorError')]: true });
    expect(fromAnotherCopy instanceof OrchestratorError).toBe(true);
    expect(new Error('plain') instanceof OrchestratorError).toBe(false);
    expect((null as unknown) instanceof OrchestratorError).toBe(false);
  });
});
