import { invalidInput } from '@/lib/console-error';
import { isPdqHex } from '@/lib/pdq/hash256';

/**
 * Reading a hash list as it streams in: CSV rows `pdq_hex,label[,source]` (RFC 4180 quoting, one row a line, an
 * optional header line). No CSV library is installed, and the format is three short fields, so this is a small line
 * reader: it never holds more than one line besides the chunk being decoded. Pure: the import feeds it chunks.
 */

/** The most rows one list may hold. */
export const MAX_LIST_ROWS = 1_000_000;
/** The largest upload: 1,000,000 rows of a hash, a label and a source of about 100 characters each fit well within it. */
export const MAX_LIST_BYTES = 256 * 1024 * 1024;
/** Longer lines are refused as they stream in (a row is at most about 770 characters), so no line fills memory. */
const MAX_LINE_LENGTH = 4_096;
/** Longest label and source kept: they are shown on tiles and in the audit log, not stored documents. */
export const MAX_LABEL_LENGTH = 200;
export const MAX_SOURCE_LENGTH = 500;

export interface HashListRow {
  /** 64 lower-case hex characters. */
  hash: string;
  label: string;
  source: string | null;
}

export type ParsedLine = { kind: 'row'; row: HashListRow } | { kind: 'header' } | { kind: 'blank' } | { kind: 'bad'; problem: string };

/** The lines of a UTF-8 byte stream, without their line breaks (\n or \r\n), numbered from 1. */
export async function* readLines(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<{ line: string; lineNumber: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let lineNumber = 0;
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw invalidInput('file', `Line ${lineNumber + 1} is not UTF-8 text: save the list as UTF-8 CSV. Nothing was imported.`);
    }
  };
  const lines = function* (text: string, final: boolean) {
    const parts = text.split('\n');
    pending = final ? '' : parts.pop()!;
    if (pending.length > MAX_LINE_LENGTH) {
      throw invalidInput('file', `Line ${lineNumber + parts.length + 1} is longer than ${MAX_LINE_LENGTH} characters: not a \`pdq_hex,label[,source]\` row. Nothing was imported.`);
    }
    for (const part of parts) yield { line: part.endsWith('\r') ? part.slice(0, -1) : part, lineNumber: ++lineNumber };
  };
  for await (const chunk of chunks) yield* lines(pending + decode(chunk), false);
  const rest = pending + decode();
  if (rest !== '') yield* lines(rest, true);
}

/** Splits one line into fields: commas separate, a field in double quotes may hold commas and doubled quotes. */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let value = '';
      let cursor = at + 1;
      for (;;) {
        const quote = line.indexOf('"', cursor);
        // A quote never closed (or a field split over lines, which a hash list has no use for).
        if (quote < 0) return null;
        value += line.slice(cursor, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          cursor = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      fields.push(value);
      if (at === line.length) return fields;
      if (line[at] !== ',') return null;
      at += 1;
    } else {
      const comma = line.indexOf(',', at);
      const value = line.slice(at, comma < 0 ? undefined : comma);
      if (value.includes('"')) return null;
      fields.push(value);
      if (comma < 0) return fields;
      at = comma + 1;
    }
  }
}

const HEADER_FIRST_FIELD = /^(pdq_hex|pdq|hash)$/i;

/** One line of the list: a row, the header (first line only), a blank line, or why it is refused. */
export function parseListLine(line: string, lineNumber: number): ParsedLine {
  if (line.trim() === '') return { kind: 'blank' };
  const fields = splitCsvLine(lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line);
  if (fields === null) return { kind: 'bad', problem: 'unbalanced quotes' };
  const [hex = '', label = '', source = ''] = fields.map((field) => field.trim());
  if (lineNumber === 1 && HEADER_FIRST_FIELD.test(hex)) return { kind: 'header' };
  if (fields.length > 3) return { kind: 'bad', problem: `${fields.length} fields (pdq_hex,label[,source])` };
  if (!isPdqHex(hex)) return { kind: 'bad', problem: 'the hash is not 64 hex characters' };
  if (label === '') return { kind: 'bad', problem: 'no label' };
  if (label.length > MAX_LABEL_LENGTH) return { kind: 'bad', problem: `the label is over ${MAX_LABEL_LENGTH} characters` };
  if (source.length > MAX_SOURCE_LENGTH) return { kind: 'bad', problem: `the source is over ${MAX_SOURCE_LENGTH} characters` };
  return { kind: 'row', row: { hash: hex.toLowerCase(), label, source: source || null } };
}

/** Bad lines shown in a refusal; all are counted. */
export const SHOWN_BAD_LINES = 50;

/** Collects the lines a list is refused for: every one counted, the first few kept with their problem. */
export class BadLines {
  count = 0;
  readonly shown: { lineNumber: number; problem: string }[] = [];

  add(lineNumber: number, problem: string): void {
    this.count += 1;
    if (this.shown.length < SHOWN_BAD_LINES) this.shown.push({ lineNumber, problem });
  }

  /** "3 rows are not `pdq_hex,label[,source]`: line 2 (…), line 7 (…) …". */
  describe(): string {
    const listed = this.shown.map(({ lineNumber, problem }) => `line ${lineNumber} (${problem})`).join(', ');
    const more = this.count > this.shown.length ? `, and ${this.count - this.shown.length} more` : '';
    return `${this.count} ${this.count === 1 ? 'row is' : 'rows are'} not \`pdq_hex,label[,source]\` with a 64-hex-character hash: ${listed}${more}. Nothing was imported.`;
  }
}
