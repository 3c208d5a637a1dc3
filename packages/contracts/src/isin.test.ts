import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsinSchema } from './fields.js';
import { isIsinShape, isinCheckDigit, isValidIsin } from './isin.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const ALNUM = [...LETTERS, ...'0123456789'.split('')];

/** Random ISIN bodies: [A-Z]{2}[A-Z0-9]{9}. */
const isinBody = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 2, maxLength: 2 }),
    fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 9, maxLength: 9 }),
  )
  .map(([country, rest]) => country + rest);

/**
 * Independent oracle: the textbook Luhn test over the whole 12-character ISIN
 * with letters expanded to 10..35 (A=10 … Z=35): from the right, every second
 * digit is doubled, and the total must end in 0.
 */
function luhnValidIsin(isin: string): boolean {
  const digits = [...isin].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join('');
  let sum = 0;
  [...digits].reverse().forEach((ch, position) => {
    const d = Number(ch);
    sum += position % 2 === 1 ? Math.floor((d * 2) / 10) + ((d * 2) % 10) : d;
  });
  return sum % 10 === 0;
}

describe('ISIN check digit', () => {
  it.each([
    'US0378331005', // Apple
    'US64110L1061', // Netflix
    'US88160R1014', // Tesla
    'DE0007164600', // SAP
    'AU0000XVGZA3', // Treasury Corp of Victoria (letters in the body)
    'GB0002634946', // BAE Systems
  ])('accepts the real ISIN %s', (isin) => {
    expect(isValidIsin(isin)).toBe(true);
    expect(luhnValidIsin(isin)).toBe(true);
    expect(isinCheckDigit(isin.slice(0, 11))).toBe(Number(isin[11]));
    expect(IsinSchema.safeParse(isin).success).toBe(true);
  });

  it('the computed digit validates and every other digit is rejected', () => {
    fc.assert(
      fc.property(isinBody, (body) => {
        const check = isinCheckDigit(body);
        expect(Number.isInteger(check) && check >= 0 && check <= 9).toBe(true);
        expect(isValidIsin(`${body}${check}`)).toBe(true);
        expect(luhnValidIsin(`${body}${check}`)).toBe(true);
        expect(IsinSchema.safeParse(`${body}${check}`).success).toBe(true);
        for (let other = 0; other <= 9; other++) {
          if (other === check) continue;
          const wrong = `${body}${other}`;
          expect(isValidIsin(wrong)).toBe(false);
          expect(luhnValidIsin(wrong)).toBe(false);
          const result = IsinSchema.safeParse(wrong);
          expect(result.success).toBe(false);
          expect(result.error?.issues.map((issue) => issue.message)).toEqual([
            'ISIN check digit does not match (Luhn)',
          ]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the textbook Luhn test on any well-shaped candidate', () => {
    fc.assert(
      fc.property(isinBody, fc.integer({ min: 0, max: 9 }), (body, digit) => {
        const candidate = `${body}${digit}`;
        expect(isValidIsin(candidate)).toBe(luhnValidIsin(candidate));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects the wrong shape whatever the digits', () => {
    for (const bad of ['us0378331005', 'U10378331005', 'US037833100A', 'US03783310055', 'US037833100', '']) {
      expect(isIsinShape(bad)).toBe(false);
      expect(isValidIsin(bad)).toBe(false);
    }
  });
});
