import { AppError } from '../../domain/errors.js';
import { requireContentType } from './negotiation.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; bytes that are not UTF-8 are a 400. */
export function decodeUtf8(body: Uint8Array): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new AppError('BAD_REQUEST', 'the request body is not valid UTF-8');
  }
}

/** A JSON request body: content-type application/json, UTF-8, well-formed JSON. */
export function parseJsonBody(body: Uint8Array, contentType: string | undefined): unknown {
  if (body.length === 0) throw new AppError('BAD_REQUEST', 'a JSON request body is required');
  requireContentType(contentType, 'application/json');
  const text = decodeUtf8(body);
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message.slice(0, 200) : 'unparseable';
    throw new AppError('BAD_REQUEST', `the request body is not valid JSON: ${reason}`);
  }
}

/**
 * An application/x-www-form-urlencoded body as a plain object; a field sent
 * twice is refused (RFC 6749 section 3.2: parameters must not repeat).
 */
export function parseFormBody(body: Uint8Array, contentType: string | undefined): Record<string, string> {
  requireContentType(contentType, 'application/x-www-form-urlencoded');
  return singleValued(new URLSearchParams(decodeUtf8(body)), 'form field');
}

/** Search params as an object; a repeated name is a 400. */
export function singleValued(params: URLSearchParams, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) {
    if (Object.hasOwn(out, name)) {
      throw new AppError('VALIDATION_FAILED', `${what} ${name.slice(0, 50)} is given more than once`, {
        invalidParams: [{ name: name.slice(0, 50), reason: 'must be given once' }],
      });
    }
    out[name] = value;
  }
  return out;
}
