import type { ComponentContext } from '@tbo/signing';

const hasQuery = (query: string) => query !== '' && query !== '?';

/**
 * The components every signed request must cover: `@method`, `@path`,
 * `@query` (with a query), `authorization` (all but the token request),
 * `upvest-client-id`, `idempotency-key` (when sent), and with a body
 * `content-length` + `content-digest`. Other headers may be covered too.
 */
export function requiredComponents(ctx: ComponentContext, tokenRequest: boolean): string[] {
  const required = ['@method', '@path'];
  if (hasQuery(ctx.query)) required.push('@query');
  if (!tokenRequest) required.push('authorization');
  required.push('upvest-client-id');
  if (ctx.headers['idempotency-key'] !== undefined) required.push('idempotency-key');
  if (ctx.hasBody) required.push('content-length', 'content-digest');
  return required;
}
