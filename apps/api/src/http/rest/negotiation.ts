import { AppError } from '../../domain/errors.js';

const JSON_RANGES = new Set(['application/json', 'application/problem+json', 'application/*', '*/*']);

/**
 * True when the `accept` header admits JSON (or problem+json): absent, empty,
 * or listing `application/json`, `application/problem+json`, `application/*`
 * or `*\/*` with a q-value above 0.
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  for (const range of accept.split(',')) {
    const [mediaType = '', ...params] = range.split(';');
    if (!JSON_RANGES.has(mediaType.trim().toLowerCase())) continue;
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

export function requireJsonAccepted(accept: string | undefined): void {
  if (!acceptsJson(accept)) {
    throw new AppError(
      'NOT_ACCEPTABLE',
      'this endpoint answers application/json (errors application/problem+json); the accept header excludes both',
    );
  }
}

export const SUPPORTED_API_VERSION = '1';

/** `upvest-api-version`: absent means 1; anything but 1 is refused. */
export function requireApiVersion(version: string | undefined): void {
  if (version === undefined || version.trim() === SUPPORTED_API_VERSION) return;
  throw new AppError(
    'BAD_REQUEST',
    `upvest-api-version ${JSON.stringify(version.slice(0, 20))} is not supported; use 1`,
    {
      invalidParams: [{ name: 'upvest-api-version', reason: 'must be 1' }],
    },
  );
}

/** The media type of a content-type header, lower-case, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  return contentType.split(';')[0]?.trim().toLowerCase();
}

/** Refuses a body of another media type (415), or a charset other than UTF-8. */
export function requireContentType(contentType: string | undefined, expected: string): void {
  if (mediaTypeOf(contentType) !== expected) {
    const got = contentType === undefined ? 'no content-type' : `content-type ${contentType.slice(0, 60)}`;
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `expected ${expected}, got ${got}`);
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `charset ${charset.slice(0, 30)} is not supported; use utf-8`,
    );
  }
}
