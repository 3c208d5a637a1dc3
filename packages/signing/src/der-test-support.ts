// DER building blocks for the tests (not exported from the package): canonical encodings
// to compare with, and the pieces to assemble non-canonical ones from.

const bytes = (...parts: Array<Uint8Array | readonly number[]>) =>
  Buffer.concat(parts.map((part) => Uint8Array.from(part)));

/** A length in its shortest form. */
export function derLength(length: number): Buffer {
  if (length < 0x80) return bytes([length]);
  if (length < 0x100) return bytes([0x81, length]);
  return bytes([0x82, length >> 8, length & 0xff]);
}

export const tlv = (tag: number, content: Uint8Array): Buffer =>
  bytes([tag], derLength(content.length), content);

/** The minimal two's-complement content of a non-negative big-endian number. */
export function integerContent(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  return (trimmed[0] ?? 0) & 0x80 ? bytes([0], trimmed) : bytes(trimmed);
}

export const derInteger = (magnitude: Uint8Array): Buffer => tlv(0x02, integerContent(magnitude));

/** Canonical DER of a raw r‖s signature. */
export function rawToDer(raw: Uint8Array): Buffer {
  const half = raw.length / 2;
  return tlv(0x30, bytes(derInteger(raw.subarray(0, half)), derInteger(raw.subarray(half))));
}

export { bytes };
