/**
 * Untrusted text (prompts, tags, summaries) may hide characters a moderator cannot see: bidi overrides that reorder
 * what is shown (F-03), zero-width joiners that split a banned word, NUL and other controls. The console shows each
 * of them as a visible marker instead of letting the browser apply it. Pure so it is the same on server and client.
 */

export type TextSegment = { kind: 'text'; text: string } | { kind: 'invisible'; codePoint: number; name: string };

const NAMES: Readonly<Record<number, string>> = {
  0x00: 'NUL',
  0x00ad: 'SHY',
  0x034f: 'CGJ',
  0x061c: 'ALM',
  0x115f: 'HCF',
  0x1160: 'HJF',
  0x17b4: 'KIVAQ',
  0x17b5: 'KIVAA',
  0x180e: 'MVS',
  0x200b: 'ZWSP',
  0x200c: 'ZWNJ',
  0x200d: 'ZWJ',
  0x200e: 'LRM',
  0x200f: 'RLM',
  0x2028: 'LSEP',
  0x2029: 'PSEP',
  0x202a: 'LRE',
  0x202b: 'RLE',
  0x202c: 'PDF',
  0x202d: 'LRO',
  0x202e: 'RLO',
  0x2060: 'WJ',
  0x2061: 'FA',
  0x2062: 'IT',
  0x2063: 'IS',
  0x2064: 'IP',
  0x2066: 'LRI',
  0x2067: 'RLI',
  0x2068: 'FSI',
  0x2069: 'PDI',
  0x3164: 'HF',
  0xfeff: 'BOM',
  0xffa0: 'HWHF',
};

/** True for code points that render as nothing or change how neighbouring text is shown. Tab and newline are kept. */
export function isInvisible(codePoint: number): boolean {
  if (codePoint === 0x09 || codePoint === 0x0a) return false;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return true; // C0 / DEL / C1 controls
  if (codePoint in NAMES) return true;
  if (codePoint >= 0x206a && codePoint <= 0x206f) return true; // deprecated format characters
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) return true; // variation selectors
  if (codePoint >= 0xfff9 && codePoint <= 0xfffb) return true; // interlinear annotation
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return true; // tag characters (invisible ASCII smuggling)
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) return true; // variation selectors supplement
  return false;
}

/** "U+202E RLO", or "U+0007" for controls without a short name. */
export function invisibleName(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[codePoint];
  return name ? `${hex} ${name}` : hex;
}

/** Splits text into visible runs and one segment per invisible character, in order. */
export function segmentInvisibles(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let run = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (isInvisible(codePoint)) {
      if (run) segments.push({ kind: 'text', text: run });
      run = '';
      segments.push({ kind: 'invisible', codePoint, name: invisibleName(codePoint) });
    } else {
      run += char;
    }
  }
  if (run) segments.push({ kind: 'text', text: run });
  return segments;
}

/** The first `limit` code units, never splitting a surrogate pair. */
export function truncateText(text: string, limit: number): { shown: string; hidden: number } {
  if (text.length <= limit) return { shown: text, hidden: 0 };
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { shown: text.slice(0, end), hidden: text.length - end };
}
