import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_HEADER, auditCsvLine, csvCell, csvLine } from './csv';

describe('audit CSV', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.test")')).toBe(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
  });

  it('writes one line per event with every column of the header', () => {
    expect(csvLine(AUDIT_CSV_HEADER)).toBe(`${AUDIT_CSV_HEADER.join(',')}\r\n`);
    const line = auditCsvLine({
      id: '7',
      at: new Date('2026-01-02T03:04:05.678Z'),
      actorId: 'u1',
      actorEmail: 'mia@example.test',
      actorRole: 'moderator',
      sessionId: 's1',
      action: 'reveal',
      targetType: 'blob',
      targetId: 'blob-1',
      workflowId: 'wf-1',
      reason: 'report, urgent',
      ip: '203.0.113.9',
      requestId: 'r1',
      detail: { tier: 2 },
    });
    expect(line).toBe('7,2026-01-02T03:04:05.678Z,u1,mia@example.test,moderator,s1,reveal,blob,blob-1,wf-1,"report, urgent",203.0.113.9,r1,"{""tier"":2}"\r\n');
  });
});
