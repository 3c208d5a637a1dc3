/**
 * Exact decimal arithmetic for quantities. Values travel as decimal strings
 * and are computed as BigInt scaled by 10^27 (the widest fraction the API
 * pattern allows), so no binary floating point ever touches a quantity.
 */
export const QUANTITY_SCALE = 27;
const SCALE_FACTOR = 10n ** BigInt(QUANTITY_SCALE);
const DECIMAL_TEXT = /^-?[0-9]*(\.[0-9]+)?$/;

export function toScaled(value: string): bigint {
  if (!DECIMAL_TEXT.test(value) || value === '' || value === '-' || value === '.') {
    throw new RangeError(`not a decimal string: ${JSON.stringify(value)}`);
  }
  const negative = value.startsWith('-');
  const unsigned = negative ? value.slice(1) : value;
  const [intPart = '', fracPart = ''] = unsigned.split('.');
  if (fracPart.length > QUANTITY_SCALE) {
    throw new RangeError(`more than ${QUANTITY_SCALE} fractional digits: ${value}`);
  }
  const scaled = BigInt((intPart || '0') + fracPart.padEnd(QUANTITY_SCALE, '0'));
  return negative ? -scaled : scaled;
}

export function fromScaled(scaled: bigint): string {
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const intPart = abs / SCALE_FACTOR;
  const frac = (abs % SCALE_FACTOR).toString().padStart(QUANTITY_SCALE, '0').replace(/0+$/, '');
  const text = frac ? `${intPart}.${frac}` : `${intPart}`;
  return negative && abs !== 0n ? `-${text}` : text;
}

// Already canonical: no leading zeros, no trailing fractional zeros, no "-0".
const CANONICAL_TEXT = /^(-(?=[0-9]*[1-9]))?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/;

/** Canonical text: no leading zeros, no trailing fractional zeros ("010.50" → "10.5"). */
export function canonicalDecimal(value: string): string {
  // Most quantities arrive canonical; they skip the 10^27-scaled BigInt round trip.
  if (CANONICAL_TEXT.test(value)) {
    const dot = value.indexOf('.');
    if (dot === -1 || value.length - dot - 1 <= QUANTITY_SCALE) return value;
  }
  return fromScaled(toScaled(value));
}

export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = toScaled(a);
  const y = toScaled(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimal(a: string, b: string): string {
  return fromScaled(toScaled(a) + toScaled(b));
}

export function subtractDecimal(a: string, b: string): string {
  return fromScaled(toScaled(a) - toScaled(b));
}

export function isWholeQuantity(value: string): boolean {
  return toScaled(value) % SCALE_FACTOR === 0n;
}

/** Whole units contained in a quantity (rounds toward zero). */
export function wholeUnitsOf(value: string): string {
  return fromScaled((toScaled(value) / SCALE_FACTOR) * SCALE_FACTOR);
}

export function isZeroDecimal(value: string): boolean {
  return toScaled(value) === 0n;
}
