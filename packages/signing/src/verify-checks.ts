import type { HeaderMap } from './components.js';
import { checkContentDigest } from './content-digest.js';
import { parseSignature, parseSignatureInput, type SignatureInputEntry } from './signature-headers.js';
import { fail, type VerifyFailure } from './verify-types.js';

/** One header as a single string (Node joins repeated fields itself; arrays are joined here). */
export function headerString(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

export type SelectedSignature = SignatureInputEntry & {
  signature: Uint8Array;
  keyid: string;
  created: number;
};

/** Parses both signature headers and picks the entry to verify. */
export function selectSignature(
  input: string,
  signatureHeader: string,
  wanted: string | undefined,
): SelectedSignature | VerifyFailure {
  const inputs = parseSignatureInput(input);
  if (!inputs.ok) return fail('SIGNATURE_MALFORMED', inputs.error);
  const signatures = parseSignature(signatureHeader);
  if (!signatures.ok) return fail('SIGNATURE_MALFORMED', signatures.error);
  const label = wanted ?? (inputs.value.some((e) => e.label === 'sig1') ? 'sig1' : inputs.value[0]?.label);
  const entry = inputs.value.find((e) => e.label === label);
  if (entry === undefined) return fail('SIGNATURE_MALFORMED', `signature-input has no entry ${label}`);
  const signature = signatures.value.find((e) => e.label === label)?.signature;
  if (signature === undefined) return fail('SIGNATURE_MALFORMED', `signature has no value for ${label}`);
  const { keyid, created, expires } = entry.params;
  if (keyid === undefined) return fail('SIGNATURE_MALFORMED', `signature-input ${label} lacks keyid`);
  if (created === undefined) return fail('SIGNATURE_MALFORMED', `signature-input ${label} lacks created`);
  if (expires !== undefined && expires < created) {
    return fail('SIGNATURE_MALFORMED', `signature-input ${label} expires before it was created`);
  }
  return { ...entry, signature, keyid, created };
}

/** The time window: not created in the future, not expired, not older than maxAge. */
export function checkTime(
  created: number,
  expires: number | undefined,
  nowSeconds: number,
  skew: number,
  maxAge: number,
): VerifyFailure | undefined {
  if (created > nowSeconds + skew) {
    return fail('SIGNATURE_NOT_YET_VALID', `signature created ${created - nowSeconds}s in the future`);
  }
  if (expires !== undefined && nowSeconds > expires + skew) {
    return fail('SIGNATURE_EXPIRED', `signature expired ${nowSeconds - expires}s ago`);
  }
  if (nowSeconds - created > maxAge) {
    return fail('SIGNATURE_EXPIRED', `signature created ${nowSeconds - created}s ago (max age ${maxAge}s)`);
  }
  return undefined;
}

/** content-digest against the raw body bytes, and content-length against their count. */
export function checkBody(headers: HeaderMap, body: Uint8Array): VerifyFailure | undefined {
  const digest = headerString(headers, 'content-digest');
  if (digest !== undefined) {
    const check = checkContentDigest(digest, body);
    if (!check.ok)
      return fail(check.reason === 'missing' ? 'DIGEST_MISSING' : 'DIGEST_MISMATCH', check.error);
  }
  const length = headerString(headers, 'content-length')?.trim();
  if (length !== undefined && (!/^[0-9]{1,15}$/.test(length) || Number(length) !== body.length)) {
    return fail(
      'CONTENT_LENGTH_MISMATCH',
      `content-length ${length.slice(0, 20)} but the body has ${body.length} bytes`,
    );
  }
  return undefined;
}
