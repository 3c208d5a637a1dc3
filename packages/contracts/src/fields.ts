import { z } from 'zod';
import { isValidIsin } from './isin.js';
import { narrativeLines } from './narrative-lines.js';
import { requiredOr } from './required.js';

export const SWIFT_CHARSET = /^[0-9A-Za-z+?/\-:().,' ]*$/;
export const BIC_PATTERN = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
export const QUANTITY_PATTERN = /^[0-9]{0,63}(\.[0-9]{1,27})?$/;
export const QUANTITY_MAX_DIGITS = 15;
/**
 * Digits before the decimal point a settlement instruction can carry: its
 * quantity (ISO 15022 `15d`) holds 15 characters, the decimal comma included.
 */
export const QUANTITY_MAX_WHOLE_DIGITS = 14;
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 section 5.6 date-time, any fractional precision, Z or numeric offset.
const TIMESTAMP_PATTERN =
  /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** Any letter case is accepted (iOS writes upper case); the parsed value is lower case, as ids are stored and answered. */
export const UuidSchema = z
  .string({ error: requiredOr('must be a string') })
  .regex(UUID_PATTERN, {
    error: 'must be a UUID (8-4-4-4-12 hexadecimal digits)',
  })
  .toLowerCase()
  .meta({ format: 'uuid' });

export const IsinSchema = z
  .string({ error: requiredOr('must be a string') })
  .regex(/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/, {
    error: 'must be an ISIN: 2 upper-case letters, 9 upper-case letters or digits, 1 check digit',
    abort: true,
  })
  .refine(isValidIsin, { error: 'ISIN check digit does not match (Luhn)' });

export const BicSchema = z
  .string({ error: requiredOr('must be a string') })
  .regex(BIC_PATTERN, { error: 'must be a BIC (ISO 9362): 8 or 11 upper-case letters or digits' });

/**
 * SWIFT text. `trim`: leading and trailing spaces are removed before the
 * checks (a settlement message cannot carry them: its parsers strip them).
 */
export function swiftText(maxLength: number, minLength = 0, options: { trim?: boolean } = {}) {
  const text = z.string({ error: requiredOr('must be a string') });
  let schema = (options.trim ? text.trim() : text)
    .max(maxLength, { error: `must be at most ${maxLength} characters` })
    .regex(SWIFT_CHARSET, {
      error: "must use the SWIFT character set (A-Z a-z 0-9 space + ? / - : ( ) . , ')",
    });
  if (minLength > 0) {
    schema = schema.min(minLength, {
      error: minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters`,
    });
  }
  return schema;
}

function countDigits(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Decimal string quantity: the seed pattern, at most 15 digits in all, greater than zero. */
export const QuantitySchema = z
  .string({ error: requiredOr('must be a decimal string') })
  .regex(QUANTITY_PATTERN, {
    error: 'must be a decimal string of digits with an optional fraction, e.g. "10" or "0.5"',
    abort: true,
  })
  .refine((value) => value !== '', { error: 'must not be empty', abort: true })
  .refine((value) => countDigits(value) <= QUANTITY_MAX_DIGITS, {
    error: `must have at most ${QUANTITY_MAX_DIGITS} digits in all`,
    abort: true,
  })
  .refine((value) => /[1-9]/.test(value), { error: 'must be greater than zero', abort: true })
  .refine((value) => wholeDigits(value) <= QUANTITY_MAX_WHOLE_DIGITS, {
    error: `must have at most ${QUANTITY_MAX_WHOLE_DIGITS} digits before the decimal point (a settlement instruction carries 15 characters, the decimal comma included)`,
  });

/** Digits of the whole part without leading zeros: `"000120.5"` → 3. */
export function wholeDigits(value: string): number {
  const whole = value.split('.')[0] ?? '';
  return whole.replace(/^0+/, '').length;
}

/** Quantities we emit (settled amounts) may be zero. */
export const QuantityOutSchema = z
  .string({ error: requiredOr('must be a decimal string') })
  .regex(QUANTITY_PATTERN, { error: 'must be a decimal string' });

export function isRealCalendarDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

export const DateSchema = z
  .string({ error: requiredOr('must be a string') })
  .regex(DATE_PATTERN, { error: 'must be a date in YYYY-MM-DD format', abort: true })
  .refine(isRealCalendarDate, { error: 'must be a real calendar date in YYYY-MM-DD format' })
  .meta({ format: 'date' });

export const TimestampSchema = z
  .string({ error: requiredOr('must be a string') })
  .refine(
    (value) => {
      const m = TIMESTAMP_PATTERN.exec(value);
      if (!m || !isRealCalendarDate(m[1] ?? '')) return false;
      const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4])];
      const offsetOk = m[7] === undefined || (Number(m[7]) < 24 && Number(m[8]) < 60);
      return h < 24 && min < 60 && s <= 60 && offsetOk;
    },
    { error: 'must be an RFC 3339 timestamp, e.g. 2024-01-22T14:10:00.00Z' },
  )
  .meta({ format: 'date-time' });

/**
 * Carried in full in the settlement instruction: as `:20C::COMM` when it fits
 * 16 characters, else as narrative lines (see narrativeLines).
 */
export const SettlementReferenceSchema = swiftText(140, 1, { trim: true }).refine(
  (value) => narrativeLines(value) !== undefined,
  {
    error:
      "cannot be broken into lines of 35 characters none of which starts with ':', '-' or a space, as a settlement instruction carries it",
  },
);
