import { canonicalDecimal } from '@tbo/contracts';

/** ISO 15022 `15d`: digits, one mandatory decimal comma, at most 15 characters in all. */
export const SWIFT_DECIMAL_MAX_LENGTH = 15;
const SWIFT_DECIMAL = /^(\d+),(\d*)$/;

/** Decimal string → SWIFT amount: `10` → `10,`, `10.50` → `10,5`. */
export function toSwiftDecimal(decimal: string): string {
  const [whole = '0', fraction = ''] = canonicalDecimal(decimal).split('.');
  return `${whole},${fraction}`;
}

/** SWIFT amount → canonical decimal string (`0010,50` → `10.5`); undefined when malformed. */
export function fromSwiftDecimal(value: string): string | undefined {
  if (value.length > SWIFT_DECIMAL_MAX_LENGTH) return undefined;
  const m = SWIFT_DECIMAL.exec(value);
  if (!m) return undefined;
  const whole = m[1] ?? '0';
  const fraction = m[2] ?? '';
  return canonicalDecimal(fraction === '' ? whole : `${whole}.${fraction}`);
}
