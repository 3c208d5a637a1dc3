import { UuidSchema } from '@tbo/contracts';
import { createContextInner } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { createCaller } from '../../router.js';
import { grantsScope } from '../../services/auth/scopes.js';
import { authenticateBearer } from '../../services/auth/tokens.js';
import type { Edge } from './edge-config.js';
import { parseJsonBody, singleValued } from './parse-body.js';
import { limitClient } from './rate-limit-client.js';
import { headerOf, type ReceivedRequest } from './received-request.js';
import type { Resource, RouteKind } from './routes.js';
import type { JsonAnswer } from './token-endpoint.js';
import { transferEndpoint } from './transfer-endpoints.js';
import { verifyClientSignature } from './verify-signature.js';

function requireIdempotencyKey(request: ReceivedRequest): string {
  const key = headerOf(request, 'idempotency-key');
  if (key === undefined || key === '') {
    throw new AppError('BAD_REQUEST', 'the idempotency-key header is required on POST requests', {
      invalidParams: [{ name: 'idempotency-key', reason: 'is required' }],
    });
  }
  if (!UuidSchema.safeParse(key).success) {
    throw new AppError('BAD_REQUEST', 'the idempotency-key header must be a UUID', {
      invalidParams: [{ name: 'idempotency-key', reason: 'must be a UUID' }],
    });
  }
  return key;
}

function noQuery(request: ReceivedRequest): void {
  if (request.query !== '' && request.query !== '?') {
    throw new AppError('BAD_REQUEST', `${request.method} ${request.path} takes no query parameters`);
  }
}

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

function inputOf(request: ReceivedRequest, from: 'body' | 'query' | 'id', id: string | undefined): unknown {
  if (from === 'query') return singleValued(new URLSearchParams(request.query), 'query parameter');
  noQuery(request);
  if (from === 'body') return parseJsonBody(request.body, headerOf(request, 'content-type'));
  if (request.method === 'POST') noBodyFields(request);
  return pathId(id ?? '');
}

/**
 * The transfer endpoints: bearer token + `upvest-client-id` (401), the
 * signature (401), the scope (403), the rate limit (429), then the same tRPC
 * procedure the typed clients call, through a server-side caller.
 */
export async function transferHandler(
  edge: Edge,
  request: ReceivedRequest,
  route: { resource: Resource; kind: RouteKind; id: string | undefined },
): Promise<JsonAnswer> {
  const endpoint = transferEndpoint(route.resource, request.method, route.kind);
  if (!endpoint) throw new AppError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here`);
  const actor = authenticateBearer(
    edge.db,
    headerOf(request, 'authorization'),
    headerOf(request, 'upvest-client-id'),
    request.now,
  );
  await verifyClientSignature(edge.db, request, actor.tenantId, false, edge.config);
  if (!grantsScope(actor.scopes, endpoint.scope)) {
    throw new AppError('FORBIDDEN', `the access token lacks the scope ${endpoint.scope}`);
  }
  limitClient(edge, actor.clientId, request.now);
  if (request.method === 'GET' && request.body.length > 0) {
    throw new AppError('BAD_REQUEST', 'GET requests take no body');
  }
  const idempotencyKey = request.method === 'POST' ? requireIdempotencyKey(request) : undefined;
  const input = inputOf(request, endpoint.input, route.id);

  const headers: Record<string, string> = {};
  const caller = createCaller(
    createContextInner({
      db: edge.db,
      clock: edge.clock,
      actor,
      config: edge.service,
      requestId: request.requestId,
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      setHeader: (name, value) => {
        headers[name] = value;
      },
    }),
  );
  const result = await endpoint.call(caller, input);
  return { text: JSON.stringify(result), headers };
}
