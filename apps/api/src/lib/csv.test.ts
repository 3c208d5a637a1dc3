import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';

describe('csv', () => {
  it('quotes cells with quotes, commas and line breaks, doubling inner quotes', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', null, 42])).toBe(
      'plain,"a,b","say ""hi""","two\nlines",,42\r\n',
    );
  });

  it('keeps cells a spreadsheet would run as formulas as text', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
    );
    expect(csvCell('+41 cmd')).toBe("'+41 cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('2026-03-02T09:00:00.000Z')).toBe('2026-03-02T09:00:00.000Z');
  });
});
