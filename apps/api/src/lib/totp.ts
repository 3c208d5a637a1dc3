import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) as
 * authenticator apps compute them by default: HMAC-SHA-1, 30-second steps
 * from the Unix epoch, 6 digits.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how otpauth:// URIs carry the secret. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new shared secret: 160 bits, the HMAC-SHA-1 block RFC 4226 recommends. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** RFC 4226 §5.3: HMAC of the 8-byte counter, dynamic truncation, modulo 10^digits. */
export function hotp(key: Uint8Array, counter: bigint, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The step of a moment: whole periods since the epoch. */
export function totpStep(unixMs: number): number {
  return Math.floor(unixMs / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpAt(key: Uint8Array, unixMs: number, digits = TOTP_DIGITS): string {
  return hotp(key, BigInt(totpStep(unixMs)), digits);
}

/**
 * The step a code belongs to, looking one step back and one ahead for clock
 * drift, and only at steps after `lastUsedStep`: an accepted code (and any
 * older one) can never be accepted again.
 */
export function matchTotp(
  secretBase32: string,
  code: string,
  unixMs: number,
  lastUsedStep: number | null,
): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const key = base32Decode(secretBase32);
  const now = totpStep(unixMs);
  let matched: number | undefined;
  // Every candidate is computed and compared, so the timing says nothing about which matched.
  for (const step of [now - 1, now, now + 1]) {
    const expected = Buffer.from(hotp(key, BigInt(step)));
    if (timingSafeEqual(expected, Buffer.from(code)) && (lastUsedStep === null || step > lastUsedStep)) {
      matched ??= step;
    }
  }
  return matched;
}

/** The enrolment link authenticator apps read (Key Uri Format), usually shown as a QR code. */
export function otpauthUri(issuer: string, account: string, secretBase32: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret: secretBase32,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}
