import type { ComponentContext } from '@tbo/signing';

const hasQuery = (query: string) => query !== '' && query !== '?';

export interface SignaturePolicy {
  /** `POST /auth/token`: no `authorization` yet. */
  tokenRequest: boolean;
  /** The tenant's strict setting: a sent `idempotency-key` must be covered. */
  idempotencyKeyCovered: boolean;
}

/**
 * The components every signed request must cover: `@method`, `@path`,
 * `@query` (with a query), `authorization` (all but the token request),
 * `upvest-client-id` (when sent: the token request may identify its client
 * by the form's `client_id` alone), `idempotency-key` (when sent, for tenants
 * with the strict setting), and with a body `content-length` +
 * `content-digest`. Other headers may be covered too. An uncovered
 * idempotency key is accepted by default: the nonce makes the request
 * single-use and the digest binds its body (docs/decisions.md).
 */
export function requiredComponents(ctx: ComponentContext, policy: SignaturePolicy): string[] {
  const required = ['@method', '@path'];
  if (hasQuery(ctx.query)) required.push('@query');
  if (!policy.tokenRequest) required.push('authorization');
  if (ctx.headers['upvest-client-id'] !== undefined) required.push('upvest-client-id');
  if (policy.idempotencyKeyCovered && ctx.headers['idempotency-key'] !== undefined) {
    required.push('idempotency-key');
  }
  if (ctx.hasBody) required.push('content-length', 'content-digest');
  return required;
}
