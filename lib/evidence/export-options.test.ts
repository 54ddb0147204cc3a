import { describe, expect, it } from 'vitest';
import { readExportOptions, requireExportReason } from './export-options';

const read = (query: string) => readExportOptions(new URLSearchParams(query));

describe('evidence export options', () => {
  it('defaults to every original and no reason, and trims the reason', () => {
    expect(read('')).toEqual({ reason: null, originals: 'all' });
    expect(read('reason=%20%20for%20legal%20hold%20&originals=none')).toEqual({ reason: 'for legal hold', originals: 'none' });
  });

  it('refuses an unknown originals choice and a repeated key, naming the field', () => {
    expect(() => read('originals=some')).toThrow(expect.objectContaining({ kind: 'invalid_input', field: 'originals' }));
    expect(() => read('reason=aaaaaaaaaa&reason=bbbbbbbbbb')).toThrow(expect.objectContaining({ field: 'reason' }));
  });

  it('asks for a reason of the policy length only when the workflow has a hard-gated output', () => {
    expect(() => requireExportReason(read(''), 0, 8)).not.toThrow();
    expect(() => requireExportReason(read(''), 1, 8)).toThrow(expect.objectContaining({ kind: 'invalid_input', field: 'reason' }));
    expect(() => requireExportReason(read('reason=%20short%20%20%20%20'), 2, 8)).toThrow(expect.objectContaining({ field: 'reason' }));
    expect(() => requireExportReason(read('reason=legal%20hold%20request'), 2, 8)).not.toThrow();
  });
});
