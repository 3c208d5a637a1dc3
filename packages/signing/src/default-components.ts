import type { HeaderMap } from './components.js';

/** Headers the transfers API signs when present, in the order they appear in `signature-input`. */
export const SIGNED_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'idempotency-key',
  'upvest-client-id',
  'upvest-api-version',
] as const;

export interface ComponentContext {
  method: string;
  path: string;
  /** Raw query including `?`, or ''. */
  query: string;
  headers: HeaderMap;
  /** True when the request carries a body (or a content-digest). */
  hasBody: boolean;
}

const hasQuery = (query: string) => query !== '' && query !== '?';

/**
 * The signer's default covered components: `@method`, `@path`, `@query` (only with a query),
 * every present header of SIGNED_HEADERS, then `content-length` and `content-digest` with a body.
 */
export function defaultSignedComponents(ctx: ComponentContext): string[] {
  const components = ['@method', '@path'];
  if (hasQuery(ctx.query)) components.push('@query');
  for (const name of SIGNED_HEADERS) if (ctx.headers[name] !== undefined) components.push(name);
  if (ctx.hasBody) components.push('content-length', 'content-digest');
  return components;
}

/**
 * A verifier policy matching the signer's defaults: everything the signer would cover must be
 * covered, except `accept` (it only steers content negotiation, and HTTP stacks add it on their
 * own). Servers pass this (or their own function) as `requiredComponents`.
 */
export function defaultRequiredComponents(ctx: ComponentContext): string[] {
  return defaultSignedComponents(ctx).filter((name) => name !== 'accept');
}
