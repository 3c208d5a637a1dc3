import type { Actor } from '../../context.js';
import { AppError, invalidField } from '../../domain/errors.js';
import { authorizeClientRequest, noQuery, refuseBodyOnRead, restContext } from './client-request.js';
import type { Edge } from './edge-config.js';
import { parseJsonBody, singleValued } from './parse-body.js';
import { headerOf, type ReceivedRequest } from './received-request.js';
import type { PathMatch, RestMethod, RestRoute } from './webhook-routes.js';

export interface RestAnswer {
  status: number;
  /** JSON text; absent for 204. */
  text: string | undefined;
  headers: Record<string, string>;
}

/** Only the route's query parameters, each at most once (400 otherwise). */
function queryOf(request: ReceivedRequest, route: RestRoute): URLSearchParams {
  if (route.query === undefined) {
    noQuery(request);
    return new URLSearchParams();
  }
  const params = new URLSearchParams(request.query);
  singleValued(params, 'query parameter');
  for (const name of params.keys()) {
    if (!route.query.includes(name)) {
      throw invalidField(name.slice(0, 50), `is not a query parameter of ${request.method} ${route.pattern}`);
    }
  }
  return params;
}

/**
 * The webhooks endpoints (`webhookRestRoutes`) through the edge's pipeline:
 * the same checks as the transfer endpoints (`authorizeClientRequest`), then
 * query (400), content type (415), JSON/UTF-8 body (400) and the route's
 * handler, which calls the tRPC procedure. A route with scope `null` (the
 * public keys) takes no credentials and no signature, and no query or body.
 */
export async function webhookHandler(
  edge: Edge,
  request: ReceivedRequest,
  path: PathMatch,
): Promise<RestAnswer> {
  const match = path.byMethod[request.method as RestMethod];
  if (match === undefined) throw new AppError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here`);
  const { route, params } = match;
  let actor: Actor = { kind: 'anonymous' };
  let idempotencyKey: string | undefined;
  if (route.scope === null) refuseBodyOnRead(request);
  else ({ actor, idempotencyKey } = await authorizeClientRequest(edge, request, route.scope));
  const query = queryOf(request, route);
  const body =
    request.method === 'POST' || request.method === 'PATCH'
      ? parseJsonBody(request.body, headerOf(request, 'content-type'))
      : undefined;

  const headers: Record<string, string> = {};
  const result = await route.handler(
    restContext(edge, request, actor, idempotencyKey, headers),
    params,
    query,
    body,
  );
  return {
    status: result.status,
    text: result.body === undefined ? undefined : JSON.stringify(result.body),
    headers,
  };
}
