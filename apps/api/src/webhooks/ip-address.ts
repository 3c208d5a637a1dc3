import { isIP } from 'node:net';

/** What kind of network an address belongs to; only `public` is reachable from the internet. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'unspecified'
  | 'reserved';

interface Range {
  prefix: number[];
  bits: number;
  kind: AddressClass | 'embedded-v4';
  /** Offset of an embedded IPv4 address (NAT64, 6to4, IPv4-mapped). */
  v4At?: number;
}

const V4_RANGES: Range[] = [
  { prefix: [0], bits: 8, kind: 'unspecified' },
  { prefix: [10], bits: 8, kind: 'private' },
  { prefix: [100, 64], bits: 10, kind: 'private' },
  { prefix: [127], bits: 8, kind: 'loopback' },
  { prefix: [169, 254], bits: 16, kind: 'link-local' },
  { prefix: [172, 16], bits: 12, kind: 'private' },
  { prefix: [192, 0, 0], bits: 24, kind: 'reserved' },
  { prefix: [192, 0, 2], bits: 24, kind: 'reserved' },
  { prefix: [192, 88, 99], bits: 24, kind: 'reserved' },
  { prefix: [192, 168], bits: 16, kind: 'private' },
  { prefix: [198, 18], bits: 15, kind: 'reserved' },
  { prefix: [198, 51, 100], bits: 24, kind: 'reserved' },
  { prefix: [203, 0, 113], bits: 24, kind: 'reserved' },
  { prefix: [224], bits: 4, kind: 'multicast' },
  { prefix: [240], bits: 4, kind: 'reserved' },
];

const V6_RANGES: Range[] = [
  { prefix: [], bits: 128, kind: 'unspecified' },
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], bits: 128, kind: 'loopback' },
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], bits: 96, kind: 'embedded-v4', v4At: 12 },
  { prefix: [0, 0x64, 0xff, 0x9b], bits: 96, kind: 'embedded-v4', v4At: 12 },
  { prefix: [0x20, 0x02], bits: 16, kind: 'embedded-v4', v4At: 2 },
  { prefix: [0xfc], bits: 7, kind: 'unique-local' },
  { prefix: [0xfe, 0x80], bits: 10, kind: 'link-local' },
  { prefix: [0xfe, 0xc0], bits: 10, kind: 'private' },
  { prefix: [0xff], bits: 8, kind: 'multicast' },
  { prefix: [0x20, 0x01, 0x0d, 0xb8], bits: 32, kind: 'reserved' },
  { prefix: [0x20, 0x01], bits: 23, kind: 'reserved' },
  { prefix: [0x20], bits: 3, kind: 'public' },
  // Everything outside 2000::/3 (global unicast) is not routed on the internet.
  { prefix: [], bits: 0, kind: 'reserved' },
];

function parseV4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

function parseV6(text: string): number[] | undefined {
  let s = text.replace(/%.*$/, '');
  if (s.includes('.')) {
    const cut = s.lastIndexOf(':');
    const v4 = parseV4(s.slice(cut + 1));
    if (!v4) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    s = `${s.slice(0, cut + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  const bytes: number[] = [];
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    const value = Number.parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

/** The bytes of an IPv4 (4) or IPv6 (16) address, or undefined when the text is not an IP literal. */
export function ipBytes(address: string): number[] | undefined {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return parseV4(address);
  if (family === 6) return parseV6(address);
  return undefined;
}

function matches(bytes: number[], range: Range): boolean {
  for (let bit = 0; bit < range.bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[byte] ?? 0) & mask) !== ((range.prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function classify(bytes: number[]): AddressClass {
  const ranges = bytes.length === 4 ? V4_RANGES : V6_RANGES;
  for (const range of ranges) {
    if (!matches(bytes, range)) continue;
    if (range.kind !== 'embedded-v4') return range.kind;
    const at = range.v4At ?? 12;
    return classify(bytes.slice(at, at + 4));
  }
  return 'public';
}

/** Classifies an IP literal (IPv4, IPv6, IPv4-mapped/NAT64/6to4 by their embedded IPv4). */
export function classifyAddress(address: string): AddressClass | undefined {
  const bytes = ipBytes(address);
  return bytes ? classify(bytes) : undefined;
}

/**
 * The SSRF policy: live mode delivers to public addresses only; the sandbox
 * also allows loopback, for receivers on a developer's machine.
 */
export function isAllowedAddress(address: string, live: boolean): boolean {
  const kind = classifyAddress(address);
  return kind === 'public' || (!live && kind === 'loopback');
}
