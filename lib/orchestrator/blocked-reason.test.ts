import { describe, expect, it } from 'vitest';
import { parseBlockedReason } from './blocked-reason';

describe('parseBlockedReason', () => {
  it('"none", blank and missing mean not blocked', () => {
    for (const raw of ['none', 'None', '  ', '', null, undefined]) expect(parseBlockedReason(raw)).toBeNull();
  });

  it('keeps any other reason verbatim (an open vocabulary)', () => {
    expect(parseBlockedReason('Child Sexual - Anime')).toBe('Child Sexual - Anime');
    expect(parseBlockedReason('SomethingNew')).toBe('SomethingNew');
  });
});
