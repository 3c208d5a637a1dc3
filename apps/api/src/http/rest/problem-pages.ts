import { ERROR_CODES, type ErrorCode } from '../../domain/errors.js';
import { problemType } from '../../domain/problem.js';
import { escapeHtml, htmlPage } from './html.js';

/** What each problem type means and what a client should do about it. */
const EXPLANATIONS: Record<ErrorCode, string> = {
  VALIDATION_FAILED:
    'A field of the body or the query breaks a rule of the API reference. invalid_params names every field and the rule; fix them and send a new request.',
  BAD_REQUEST:
    'The request itself is malformed: a missing or invalid header (idempotency-key, upvest-api-version), a body that is not valid JSON or UTF-8, or query parameters where none are accepted.',
  UNAUTHENTICATED:
    'Credentials are missing or refused: an unknown, expired or malformed access token, an upvest-client-id that does not match the token, invalid client credentials or scopes at /auth/token, or a request signature that failed (the detail names the check: digest, time window, nonce, key, covered components, signature).',
  FORBIDDEN:
    'The access token is valid but lacks the scope this endpoint needs (transfers:read for GET, transfers:admin for POST). Request a token with that scope.',
  NOT_FOUND:
    'No such resource for this client, or no such path. Transfers of other clients are reported as not found.',
  METHOD_NOT_ALLOWED:
    'The path exists but not for this HTTP method; the Allow header lists the methods it has.',
  NOT_ACCEPTABLE:
    'The accept header excludes application/json and application/problem+json, the only types this API answers with.',
  CONFLICT: 'The request conflicts with the current state of the resource.',
  TRANSITION_NOT_ALLOWED:
    'The transfer is in a status that does not allow this change (e.g. cancelling a SETTLED transfer). Read it again to see its status.',
  IDEMPOTENCY_IN_FLIGHT:
    'A request with the same idempotency-key is still being processed. Retry later with the same key to receive its result.',
  PAYLOAD_TOO_LARGE: 'The request body exceeds the size limit (1 MiB).',
  MISDIRECTED:
    "The Host header names a host this api does not answer for. Send the request to the api's configured address.",
  HEADERS_TOO_LARGE:
    "The request's header section (or a single header, such as the cookie) exceeds the size limit. Send fewer or shorter headers.",
  UNSUPPORTED_MEDIA_TYPE:
    'The body has a content-type this endpoint does not take: application/json for transfers, application/x-www-form-urlencoded for /auth/token, UTF-8 only.',
  IDEMPOTENCY_KEY_REUSED:
    'This idempotency-key was already used (within 24 hours) for a different request. Use a new key for a new request.',
  UNPROCESSABLE: 'The request is well-formed but cannot be processed as it stands.',
  RATE_LIMITED:
    'The client sent more requests than its rate limit allows. Wait for the number of seconds in Retry-After, then retry.',
  INTERNAL:
    'An unexpected error. Nothing was changed unless a GET shows otherwise; quote the request_id to support.',
  UNAVAILABLE: 'The service is temporarily unavailable. Retry with back-off.',
};

const SLUGS = new Map<string, ErrorCode>(
  (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => [
    problemType(code).slice('/problems/'.length),
    code,
  ]),
);

export function problemCodeOfSlug(slug: string): ErrorCode | undefined {
  return SLUGS.get(slug);
}

export function problemPage(code: ErrorCode): string {
  const { status, title } = ERROR_CODES[code];
  return htmlPage(
    `${title} – problem type`,
    `<h1>${escapeHtml(title)}</h1>
<p class="muted">type <code>${escapeHtml(problemType(code))}</code> · HTTP ${status} · code <code>${code}</code></p>
<p>${escapeHtml(EXPLANATIONS[code])}</p>
<h2>Shape</h2>
<p>Answered as <code>application/problem+json</code> (RFC 9457) with <code>type</code>, <code>status</code>, <code>title</code>,
<code>detail</code>, <code>instance</code> and <code>request_id</code> (also sent as the <code>x-request-id</code> header);
400 answers add <code>invalid_params</code>: <code>[{ "name": "counterparty.bic", "reason": "…" }]</code>.</p>`,
  );
}

export function problemIndexPage(): string {
  const rows = (Object.keys(ERROR_CODES) as ErrorCode[])
    .map((code) => {
      const { status, title } = ERROR_CODES[code];
      const type = problemType(code);
      return `<tr><td>${status}</td><td><a href="${type}">${escapeHtml(type)}</a></td><td>${escapeHtml(title)}</td></tr>`;
    })
    .join('\n');
  return htmlPage(
    'Problem types',
    `<h1>Problem types</h1><table><tr><th>Status</th><th>type</th><th>Title</th></tr>${rows}</table>`,
  );
}
