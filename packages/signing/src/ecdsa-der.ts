/**
 * Strict reading of ECDSA signatures in ASN.1 DER, `SEQUENCE { r INTEGER, s INTEGER }`
 * (RFC 3279 Ecdsa-Sig-Value), the encoding OpenSSL, Java, Go, Python and Node produce by
 * default. Only the one canonical encoding of a pair (r, s) is accepted: a verifier that
 * took several encodings of the same signature would make signatures malleable, and this
 * check must not depend on how lenient the linked crypto library happens to be.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/** A definite length in its shortest form, and where its content starts; undefined otherwise. */
function readLength(bytes: Uint8Array, at: number): { length: number; start: number } | undefined {
  const first = bytes[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return { length: first, start: at + 1 };
  // The longest pair (P-521) needs 136 content bytes, so one length byte always suffices;
  // 0x80 (indefinite) and longer forms are never DER here, and 0x81 only for 128..255.
  const length = bytes[at + 1];
  if (first !== 0x81 || length === undefined || length < 0x80) return undefined;
  return { length, start: at + 2 };
}

/**
 * Reads a minimally encoded non-negative INTEGER at `at` into `out` as `size` big-endian
 * bytes from `offset`. Returns the position after it, or undefined when malformed or wider
 * than `size` (then it cannot be below the curve order).
 */
function readInteger(
  bytes: Uint8Array,
  at: number,
  out: Uint8Array,
  offset: number,
  size: number,
): number | undefined {
  if (bytes[at] !== INTEGER) return undefined;
  const header = readLength(bytes, at + 1);
  if (header === undefined || header.length === 0) return undefined;
  const { start, length } = header;
  const end = start + length;
  if (end > bytes.length) return undefined;
  const first = bytes[start] ?? 0;
  // A set high bit is a negative number (its 0x00 is missing).
  if (first & 0x80) return undefined;
  let value = bytes.subarray(start, end);
  if (first === 0 && length > 1) {
    // A leading 0x00 is only allowed where the next byte's high bit needs it.
    if (((bytes[start + 1] ?? 0) & 0x80) === 0) return undefined;
    value = value.subarray(1);
  }
  if (value.length > size) return undefined;
  out.set(value, offset + size - value.length);
  return end;
}

/**
 * Converts a canonical DER ECDSA signature to raw r‖s (IEEE P1363), each half `size` bytes
 * (32, 48 or 66). Undefined for anything that is not exactly one canonical SEQUENCE of two
 * INTEGERs that fit. Range checks of r and s (1..n-1) are left to the signature check.
 * Never throws.
 */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  if (!Number.isInteger(size) || size <= 0 || der[0] !== SEQUENCE) return undefined;
  const header = readLength(der, 1);
  // The sequence must span exactly the rest of the input: no trailing bytes.
  if (header === undefined || header.start + header.length !== der.length) return undefined;
  const raw = new Uint8Array(2 * size);
  const afterR = readInteger(der, header.start, raw, 0, size);
  if (afterR === undefined) return undefined;
  const afterS = readInteger(der, afterR, raw, size, size);
  return afterS === der.length ? raw : undefined;
}
