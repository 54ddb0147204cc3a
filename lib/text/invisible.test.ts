import { describe, expect, it } from 'vitest';
import { invisibleName, isInvisible, segmentInvisibles, truncateText } from './invisible';

describe('segmentInvisibles', () => {
  it('keeps plain text, tabs and newlines as one run', () => {
    expect(segmentInvisibles('a cat\tsat\non a mat')).toEqual([{ kind: 'text', text: 'a cat\tsat\non a mat' }]);
  });

  it('marks a right-to-left override, zero-width joiner and NUL where they are', () => {
    expect(segmentInvisibles('ab\u202Ecd\u200De\u0000')).toEqual([
      { kind: 'text', text: 'ab' },
      { kind: 'invisible', codePoint: 0x202e, name: 'U+202E RLO' },
      { kind: 'text', text: 'cd' },
      { kind: 'invisible', codePoint: 0x200d, name: 'U+200D ZWJ' },
      { kind: 'text', text: 'e' },
      { kind: 'invisible', codePoint: 0, name: 'U+0000 NUL' },
    ]);
  });

  it('marks Unicode tag characters used to smuggle hidden ASCII', () => {
    const smuggled = 'hi\u{E0041}';
    expect(segmentInvisibles(smuggled)[1]).toEqual({ kind: 'invisible', codePoint: 0xe0041, name: 'U+E0041' });
  });

  it('leaves full-width digits and emoji visible (they are visible, just unusual)', () => {
    expect(segmentInvisibles('user:１２３ 🙂')).toEqual([{ kind: 'text', text: 'user:１２３ 🙂' }]);
  });

  it('escapes nothing itself: markup stays literal text for React to escape', () => {
    expect(segmentInvisibles('<script>alert(1)</script>')).toEqual([{ kind: 'text', text: '<script>alert(1)</script>' }]);
  });
});

describe('isInvisible / invisibleName', () => {
  it('covers controls, bidi isolates, BOM and variation selectors', () => {
    for (const codePoint of [0x07, 0x7f, 0x85, 0x2066, 0x2069, 0xfeff, 0xfe0f, 0x00ad]) {
      expect(isInvisible(codePoint), invisibleName(codePoint)).toBe(true);
    }
    expect(isInvisible('A'.codePointAt(0)!)).toBe(false);
  });

  it('names a control without a short name by its code point', () => {
    expect(invisibleName(0x07)).toBe('U+0007');
  });
});

describe('truncateText', () => {
  it('returns short text whole', () => {
    expect(truncateText('short', 10)).toEqual({ shown: 'short', hidden: 0 });
  });

  it('cuts long text and counts what is hidden', () => {
    expect(truncateText('x'.repeat(1_000_000), 2000)).toEqual({ shown: 'x'.repeat(2000), hidden: 998_000 });
  });

  it('never splits a surrogate pair', () => {
    const text = 'ab🙂cd';
    expect(truncateText(text, 3)).toEqual({ shown: 'ab', hidden: 4 });
  });
});
