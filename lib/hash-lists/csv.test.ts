import { describe, expect, it } from 'vitest';
import { BadLines, parseListLine, readLines, splitCsvLine } from './csv';

const HASH = 'f'.repeat(32) + '0'.repeat(32);

async function* chunks(...parts: string[]) {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function allLines(...parts: string[]) {
  const lines: [number, string][] = [];
  for await (const { line, lineNumber } of readLines(chunks(...parts))) lines.push([lineNumber, line]);
  return lines;
}

describe('readLines', () => {
  it('numbers lines across chunk boundaries, \\r\\n or \\n, with or without a final line break', async () => {
    expect(await allLines('a,b\r\nc', 'd\n', '\ne')).toEqual([[1, 'a,b'], [2, 'cd'], [3, ''], [4, 'e']]);
    expect(await allLines('a\n')).toEqual([[1, 'a']]);
  });

  it('decodes a character split between chunks, and refuses bytes that are not UTF-8', async () => {
    const bytes = new TextEncoder().encode('é\n');
    async function* split() {
      yield bytes.slice(0, 1);
      yield bytes.slice(1);
    }
    const lines = [];
    for await (const { line } of readLines(split())) lines.push(line);
    expect(lines).toEqual(['é']);
    async function* latin1() {
      yield Uint8Array.of(0xe9, 0x0a);
    }
    await expect(async () => {
      for await (const line of readLines(latin1())) void line;
    }).rejects.toThrow('Line 1 is not UTF-8 text');
  });
});

describe('splitCsvLine', () => {
  it('reads plain and quoted fields, with commas and doubled quotes inside quotes', () => {
    expect(splitCsvLine('a,b,c')).toEqual(['a', 'b', 'c']);
    expect(splitCsvLine('a,"b, ""B""",')).toEqual(['a', 'b, "B"', '']);
    expect(splitCsvLine('a,"open')).toBeNull();
    expect(splitCsvLine('a,b"c')).toBeNull();
    expect(splitCsvLine('"a"x')).toBeNull();
  });
});

describe('parseListLine', () => {
  it('reads a row, lower-casing the hash; the source is optional', () => {
    expect(parseListLine(`${HASH.toUpperCase()},Known image,NCMEC`, 2)).toEqual({ kind: 'row', row: { hash: HASH, label: 'Known image', source: 'NCMEC' } });
    expect(parseListLine(`${HASH}, label `, 2)).toEqual({ kind: 'row', row: { hash: HASH, label: 'label', source: null } });
  });

  it('skips a header on the first line only (and a byte-order mark), and blank lines', () => {
    expect(parseListLine('\uFEFFpdq_hex,label,source', 1)).toEqual({ kind: 'header' });
    expect(parseListLine('pdq_hex,label,source', 2)).toMatchObject({ kind: 'bad' });
    expect(parseListLine('  ', 5)).toEqual({ kind: 'blank' });
  });

  it('says why a row is refused', () => {
    expect(parseListLine(`${HASH.slice(1)},x`, 3)).toEqual({ kind: 'bad', problem: 'the hash is not 64 hex characters' });
    expect(parseListLine(`${HASH.slice(1)}g,x`, 3)).toEqual({ kind: 'bad', problem: 'the hash is not 64 hex characters' });
    expect(parseListLine(`${HASH},`, 3)).toEqual({ kind: 'bad', problem: 'no label' });
    expect(parseListLine(`${HASH},a,b,c`, 3)).toEqual({ kind: 'bad', problem: '4 fields (pdq_hex,label[,source])' });
    expect(parseListLine(`${HASH},"a`, 3)).toEqual({ kind: 'bad', problem: 'unbalanced quotes' });
  });
});

describe('BadLines', () => {
  it('counts every bad line and names the first 50 by line number', () => {
    const bad = new BadLines();
    for (let line = 1; line <= 60; line++) bad.add(line * 2, 'no label');
    expect(bad.count).toBe(60);
    expect(bad.describe()).toMatch(/^60 rows are not `pdq_hex,label\[,source\]`.*: line 2 \(no label\), line 4 \(no label\)/);
    expect(bad.describe()).toContain('line 100 (no label), and 10 more. Nothing was imported.');
  });
});
