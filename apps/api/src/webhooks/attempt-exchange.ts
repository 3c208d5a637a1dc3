/**
 * What an attempt keeps of its HTTP exchange, for operators troubleshooting a
 * receiver. Bounded so a chatty or hostile receiver cannot grow the database:
 * the request body up to 64 KiB (a full bundle of 100 events usually fits),
 * the response body up to 4 KiB, each marked when cut. Headers are an
 * allow-list: the request's are the ones the dispatcher itself sets (the
 * signature is public-key verifiable and single-use, not a secret); no
 * credential header is ever stored, and of the response only headers that
 * help diagnose (never `set-cookie` or anything the receiver might echo).
 */
export const REQUEST_BODY_LIMIT_BYTES = 64 * 1024;
export const RESPONSE_BODY_LIMIT_BYTES = 4 * 1024;

const STORED_REQUEST_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-digest',
  'signature-input',
  'signature',
  'upvest-signature-version',
  'user-agent',
]);

const STORED_RESPONSE_HEADERS = new Set([
  'content-type',
  'content-length',
  'date',
  'server',
  'location',
  'retry-after',
  'x-request-id',
]);

export interface BoundedText {
  text: string;
  truncated: boolean;
}

export interface AttemptExchange {
  requestHeaders: Record<string, string>;
  requestBody: BoundedText;
  /** Absent when no response came (connection error, timeout, refused address). */
  response?: { headers: Record<string, string>; body: BoundedText } | undefined;
}

/** The first `limit` bytes as UTF-8 text, never cutting a character in half. */
export function boundedText(bytes: Buffer, limit: number): BoundedText {
  if (bytes.length <= limit) return { text: bytes.toString('utf8'), truncated: false };
  let end = limit;
  // Step back over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}

function pick(
  headers: Record<string, string | string[] | number | undefined>,
  allowed: Set<string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !allowed.has(lower)) continue;
    kept[lower] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return kept;
}

export function storedRequestHeaders(headers: Record<string, string>, body: string): Record<string, string> {
  return pick({ ...headers, 'content-length': String(Buffer.byteLength(body)) }, STORED_REQUEST_HEADERS);
}

export function storedResponseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  return pick(headers, STORED_RESPONSE_HEADERS);
}
