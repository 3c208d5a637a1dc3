import { AppError } from '../../domain/errors.js';
import { invokeProcedure } from '../invoke-procedure.js';
import { authorizeClientRequest, noQuery, restContext } from './client-request.js';
import type { Edge } from './edge-config.js';
import { parseJsonBody, singleValued } from './parse-body.js';
import { headerOf, type ReceivedRequest } from './received-request.js';
import type { Resource, RouteKind } from './routes.js';
import type { JsonAnswer } from './token-endpoint.js';
import { listQueryOf, transferEndpoint } from './transfer-endpoints.js';
import { withDeferredNonce } from './verify-signature.js';

function pathId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError('BAD_REQUEST', 'the id in the path is not valid percent-encoding');
  }
}

/** Cancel takes no body; an empty JSON object is tolerated. */
function noBodyFields(request: ReceivedRequest): void {
  if (request.body.length === 0) return;
  const body = parseJsonBody(request.body, headerOf(request, 'content-type'));
  if (body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length > 0) {
    throw new AppError('BAD_REQUEST', `${request.method} ${request.path} takes no request body`);
  }
}

function inputOf(
  request: ReceivedRequest,
  route: { resource: Resource; id: string | undefined },
  from: 'body' | 'query' | 'id',
): unknown {
  if (from === 'query') {
    return listQueryOf(route.resource, singleValued(new URLSearchParams(request.query), 'query parameter'));
  }
  noQuery(request);
  if (from === 'body') return parseJsonBody(request.body, headerOf(request, 'content-type'));
  if (request.method === 'POST') noBodyFields(request);
  return { id: pathId(route.id ?? '') };
}

/**
 * The transfer endpoints: the shared checks (`authorizeClientRequest`: token,
 * signature, scope, rate limit, idempotency-key), then the same tRPC procedure
 * the typed clients call, with all its middlewares and validation.
 */
export async function transferHandler(
  edge: Edge,
  request: ReceivedRequest,
  route: { resource: Resource; kind: RouteKind; id: string | undefined },
): Promise<JsonAnswer> {
  const endpoint = transferEndpoint(route.resource, request.method, route.kind);
  if (!endpoint) throw new AppError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here`);
  // A POST here is a write (but validate): its nonce is recorded in the write's own transaction.
  const write = request.method === 'POST' && endpoint.readOnly !== true;
  const { actor, idempotencyKey, nonce } = await authorizeClientRequest(edge, request, endpoint.scope, {
    deferNonce: write,
    idempotencyKey: endpoint.readOnly !== true,
  });
  return withDeferredNonce(edge.db, nonce, async () => {
    const input = inputOf(request, route, endpoint.input);
    const headers: Record<string, string> = {};
    const ctx = restContext(edge, request, actor, idempotencyKey, headers, nonce);
    const result = await invokeProcedure(endpoint.procedure, endpoint.type, ctx, input);
    return { text: JSON.stringify(result), headers };
  });
}
