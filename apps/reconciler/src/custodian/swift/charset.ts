import { SWIFT_CHARSET } from '@tbo/contracts';

/** Longest reference a `:20C:` field carries (format 16x). */
export const REFERENCE_MAX_LENGTH = 16;

export function isSwiftText(value: string): boolean {
  return SWIFT_CHARSET.test(value);
}

/**
 * Why a value cannot be a `:20C:` reference, or undefined when it can:
 * 1..16 characters of the SWIFT set, not starting or ending with '/' and
 * without '//' (network rule T26).
 */
export function referenceProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > REFERENCE_MAX_LENGTH) {
    return `must be at most ${REFERENCE_MAX_LENGTH} characters (got ${value.length})`;
  }
  if (!isSwiftText(value)) {
    return "must use the SWIFT character set (A-Z a-z 0-9 space + ? / - : ( ) . , ')";
  }
  if (value.startsWith('/') || value.endsWith('/') || value.includes('//')) {
    return "must not start or end with '/' nor contain '//'";
  }
  if (value.trim() !== value) return 'must not start or end with a space';
  return undefined;
}

/** SWIFT forbids a continuation line of a field to start with ':' or '-' (it would read as a new field or the end of block 4). */
export function isSafeContinuationLine(line: string): boolean {
  return !line.startsWith(':') && !line.startsWith('-');
}
