import { createHash, timingSafeEqual } from 'node:crypto';
import { parseDictionary } from './structured-fields-parse.js';

function sha512(body: Uint8Array | string): Buffer {
  return createHash('sha512').update(body).digest();
}

/** The `content-digest` header value of a body: `sha-512=:<base64 of SHA-512>:`. */
export function contentDigest(body: Uint8Array | string): string {
  return `sha-512=:${sha512(body).toString('base64')}:`;
}

export type DigestCheck =
  | { ok: true }
  | { ok: false; reason: 'malformed' | 'missing' | 'mismatch'; error: string };

/**
 * Checks a received `content-digest` header against the raw body bytes. The header is an
 * RFC 9530 dictionary; only its `sha-512` member is used, and it is required. Never throws.
 */
export function checkContentDigest(header: string, body: Uint8Array): DigestCheck {
  const parsed = parseDictionary(header);
  if (!parsed.ok)
    return { ok: false, reason: 'malformed', error: `content-digest is malformed: ${parsed.error}` };
  const member = parsed.value.find(([algorithm]) => algorithm === 'sha-512')?.[1];
  if (member === undefined)
    return { ok: false, reason: 'missing', error: 'content-digest carries no sha-512 digest' };
  if (member.kind !== 'item' || member.value.type !== 'bytes') {
    return { ok: false, reason: 'malformed', error: 'content-digest sha-512 value must be a byte sequence' };
  }
  const expected = sha512(body);
  const received = member.value.value;
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return { ok: false, reason: 'mismatch', error: 'content-digest does not match the body' };
  }
  return { ok: true };
}
