import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimal, compareDecimal, isWholeQuantity, subtractDecimal, wholeUnitsOf } from './decimal.js';
import {
  QUANTITY_MAX_DIGITS,
  QUANTITY_MAX_WHOLE_DIGITS,
  QUANTITY_PATTERN,
  QuantitySchema,
  wholeDigits,
} from './fields.js';

const digits = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength, maxLength });

/** Text matching the quantity pattern with `total` digits in all: int part, optional fraction. */
const quantityText = (minTotal: number, maxTotal: number) =>
  fc
    .integer({ min: minTotal, max: maxTotal })
    .chain((total) =>
      fc.tuple(fc.constant(total), fc.integer({ min: Math.max(0, total - 63), max: Math.min(27, total) })),
    )
    .chain(([total, fracLength]) =>
      fc.tuple(digits(total - fracLength, total - fracLength), digits(fracLength, fracLength)),
    )
    .map(([intPart, fracPart]) => (fracPart === '' ? intPart : `${intPart}.${fracPart}`));

const hasNonZeroDigit = (text: string) => /[1-9]/.test(text);

describe('quantity rule', () => {
  it('accepts every pattern match of 1..15 digits with a non-zero digit and at most 14 before the point', () => {
    const writable = (q: string) => hasNonZeroDigit(q) && wholeDigits(q) <= QUANTITY_MAX_WHOLE_DIGITS;
    fc.assert(
      fc.property(quantityText(1, QUANTITY_MAX_DIGITS).filter(writable), (quantity) => {
        expect(QUANTITY_PATTERN.test(quantity)).toBe(true);
        const result = QuantitySchema.safeParse(quantity);
        expect(result.error?.issues ?? []).toEqual([]);
        expect(result.data).toBe(quantity);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects more than 15 digits even when the pattern matches', () => {
    fc.assert(
      fc.property(quantityText(QUANTITY_MAX_DIGITS + 1, 90), (quantity) => {
        expect(QUANTITY_PATTERN.test(quantity)).toBe(true);
        const result = QuantitySchema.safeParse(quantity);
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((issue) => issue.message)).toEqual([
          `must have at most ${QUANTITY_MAX_DIGITS} digits in all`,
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects 15 digits before the decimal point: a settlement instruction cannot carry them', () => {
    for (const quantity of ['123456789012345', '999999999999999']) {
      expect(QuantitySchema.safeParse(quantity).error?.issues.map((i) => i.message)).toEqual([
        expect.stringContaining('at most 14 digits before the decimal point'),
      ]);
    }
    // Leading zeros are not carried: 15 digits written, 14 that count.
    expect(QuantitySchema.safeParse('012345678901234').success).toBe(true);
    expect(QuantitySchema.safeParse('99999999999999.9').success).toBe(true);
  });

  it('rejects zero however it is written', () => {
    fc.assert(
      fc.property(quantityText(1, QUANTITY_MAX_DIGITS), (quantity) => {
        const zero = quantity.replace(/[1-9]/g, '0');
        const result = QuantitySchema.safeParse(zero);
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((issue) => issue.message)).toEqual(['must be greater than zero']);
      }),
    );
  });

  it('rejects text outside the pattern: signs, exponents, separators, spaces', () => {
    fc.assert(
      fc.property(
        quantityText(1, 10).filter(hasNonZeroDigit),
        fc.constantFrom('-', '+', 'e3', 'E-2', ',', ' ', '_', '..', '.', 'x'),
        fc.nat(),
        (quantity, junk, at) => {
          const position = at % (quantity.length + 1);
          const bad = quantity.slice(0, position) + junk + quantity.slice(position);
          fc.pre(!QUANTITY_PATTERN.test(bad));
          expect(QuantitySchema.safeParse(bad).success).toBe(false);
        },
      ),
    );
  });
});

// Decimal arithmetic against BigInt on integers scaled by 10^27.
const SCALE = 27;

/** A decimal value as (unscaled integer, number of fraction digits), with its text. */
const decimal = fc
  .record({
    unscaled: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
    scale: fc.integer({ min: 0, max: SCALE }),
    leadingZeros: fc.integer({ min: 0, max: 3 }),
    trailingZeros: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ unscaled, scale, leadingZeros, trailingZeros }) => {
    const negative = unscaled < 0n;
    const abs = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
    const intPart = '0'.repeat(leadingZeros) + abs.slice(0, abs.length - scale);
    const fracPart =
      abs.slice(abs.length - scale) + (scale > 0 ? '0'.repeat(Math.min(trailingZeros, SCALE - scale)) : '');
    const text = `${negative ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}`;
    return { text, scaled: unscaled * 10n ** BigInt(SCALE - scale) };
  });

/** Canonical text of a 10^27-scaled integer, written independently of decimal.ts. */
function textOfScaled(scaled: bigint): string {
  const negative = scaled < 0n;
  const abs = (negative ? -scaled : scaled).toString().padStart(SCALE + 1, '0');
  const intPart = abs.slice(0, abs.length - SCALE);
  const fracPart = abs.slice(abs.length - SCALE).replace(/0+$/, '');
  return `${negative && scaled !== 0n ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}`;
}

describe('exact decimal helpers agree with BigInt arithmetic', () => {
  it('textOfScaled writes canonical decimals', () => {
    expect(textOfScaled((10n ** 27n * 105n) / 10n)).toBe('10.5');
    expect(textOfScaled(-1n)).toBe('-0.000000000000000000000000001');
    expect(textOfScaled(0n)).toBe('0');
  });

  it('addDecimal', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(addDecimal(a.text, b.text)).toBe(textOfScaled(a.scaled + b.scaled));
      }),
      { numRuns: 1000 },
    );
  });

  it('subtractDecimal', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(subtractDecimal(a.text, b.text)).toBe(textOfScaled(a.scaled - b.scaled));
      }),
      { numRuns: 1000 },
    );
  });

  it('compareDecimal', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const expected = a.scaled < b.scaled ? -1 : a.scaled > b.scaled ? 1 : 0;
        expect(compareDecimal(a.text, b.text)).toBe(expected);
        expect(compareDecimal(b.text, a.text)).toBe(-expected || 0);
        expect(compareDecimal(a.text, a.text)).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('isWholeQuantity is "no non-zero fractional digit"', () => {
    fc.assert(
      fc.property(quantityText(1, 40), (quantity) => {
        const fraction = quantity.split('.')[1] ?? '';
        expect(isWholeQuantity(quantity)).toBe(!/[1-9]/.test(fraction));
      }),
      { numRuns: 1000 },
    );
  });

  it('wholeUnitsOf drops the fraction', () => {
    fc.assert(
      fc.property(quantityText(1, 40), (quantity) => {
        const intPart = quantity.split('.')[0] ?? '';
        expect(wholeUnitsOf(quantity)).toBe(BigInt(intPart === '' ? '0' : intPart).toString());
      }),
    );
  });
});
