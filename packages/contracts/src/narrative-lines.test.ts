import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { narrativeLines } from './narrative-lines.js';

describe('narrativeLines', () => {
  it('keeps up to 35 characters on one line', () => {
    expect(narrativeLines('AUTO-2024-01-15-REF')).toEqual(['AUTO-2024-01-15-REF']);
    expect(narrativeLines('X'.repeat(35))).toEqual(['X'.repeat(35)]);
  });

  it("moves a break so that no line starts with ':', '-' or a space", () => {
    const text = `${'A'.repeat(35)}-B:C`;
    expect(narrativeLines(text)).toEqual(['A'.repeat(34), 'A-B:C']);
    expect(narrativeLines(`${'A'.repeat(34)} B`)).toEqual([`${'A'.repeat(33)}`, 'A B']);
  });

  it('gives up only when no break is possible', () => {
    expect(narrativeLines(`A${'-'.repeat(40)}`)).toBeUndefined();
  });

  it('reads back by joining the lines, every line at most 35 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AB1 -:/'.split('')), maxLength: 140 }), (text) => {
        const lines = narrativeLines(text);
        if (lines === undefined) return;
        expect(lines.join('')).toBe(text);
        for (const [n, line] of lines.entries()) {
          expect(line.length).toBeLessThanOrEqual(35);
          if (n > 0) expect(line).not.toMatch(/^[:\- ]/);
          if (n < lines.length - 1) expect(line).not.toMatch(/ $/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
