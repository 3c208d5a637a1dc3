import { type Scope, UuidSchema } from '@tbo/contracts';
import { type Actor, type ContextInner, createContextInner } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { findClient } from '../../services/auth/client-directory.js';
import type { DeferredNonce } from '../../services/auth/nonces.js';
import { grantsScope } from '../../services/auth/scopes.js';
import { authenticateBearer, type ClientActor } from '../../services/auth/tokens.js';
import type { Edge } from './edge-config.js';
import { limitClient } from './rate-limit-client.js';
import { headerOf, type ReceivedRequest } from './received-request.js';
import { settleDeferredNonce, verifyClientSignature } from './verify-signature.js';

export interface AuthorizedRequest {
  actor: ClientActor;
  /** The request's `idempotency-key`: required on POST, honoured on PATCH/DELETE when sent, ignored on GET. */
  idempotencyKey: string | undefined;
  /** The signature's nonce, when the caller asked to record it with the request's write. */
  nonce: DeferredNonce | undefined;
}

/** The request's idempotency key by its method's rule (see AuthorizedRequest); 400 for a missing or malformed one. */
export function idempotencyKeyOf(request: ReceivedRequest): string | undefined {
  if (request.method === 'GET') return undefined;
  const key = headerOf(request, 'idempotency-key');
  if (key === undefined || key === '') {
    if (request.method !== 'POST') return undefined;
    throw new AppError('BAD_REQUEST', 'the idempotency-key header is required on POST requests', {
      invalidParams: [{ name: 'idempotency-key', reason: 'is required' }],
    });
  }
  const parsed = UuidSchema.safeParse(key);
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', 'the idempotency-key header must be a UUID', {
      invalidParams: [{ name: 'idempotency-key', reason: 'must be a UUID' }],
    });
  }
  // In lower case: the same UUID in another letter case is the same key.
  return parsed.data;
}

export function noQuery(request: ReceivedRequest): void {
  if (request.query !== '' && request.query !== '?') {
    throw new AppError('BAD_REQUEST', `${request.method} ${request.path} takes no query parameters`);
  }
}

/** GET and DELETE carry no body. */
export function refuseBodyOnRead(request: ReceivedRequest): void {
  if ((request.method === 'GET' || request.method === 'DELETE') && request.body.length > 0) {
    throw new AppError('BAD_REQUEST', `${request.method} requests take no body`);
  }
}

/**
 * Who signed this request: the bearer token and `upvest-client-id` (401),
 * then the request signature under the tenant's policy (401). Shared by the
 * REST edge and tenants' calls over /trpc, so both doors check the same.
 */
export async function authenticateSignedClient(
  edge: Edge,
  request: ReceivedRequest,
  options: { deferNonce?: boolean } = {},
): Promise<{ actor: ClientActor; nonce: DeferredNonce | undefined }> {
  const actor = await authenticateBearer(
    edge.db,
    headerOf(request, 'authorization'),
    headerOf(request, 'upvest-client-id'),
    request.now,
  );
  const client = await findClient(edge.db, actor.clientId, request.now.getTime());
  if (!client) throw new AppError('UNAUTHENTICATED', 'unknown upvest-client-id');
  const nonce = await verifyClientSignature(
    edge,
    request,
    client,
    false,
    edge.config,
    options.deferNonce === true,
  );
  request.record.actor = actor;
  return { actor, nonce };
}

/** The checks of one call once its signer is known: the scope (403), then the rate limit (429). */
export async function admitClientCall(
  edge: Edge,
  actor: ClientActor,
  scope: Scope,
  now: Date,
): Promise<void> {
  if (!grantsScope(actor.scopes, scope)) {
    throw new AppError('FORBIDDEN', `the access token lacks the scope ${scope}`);
  }
  await limitClient(edge, actor.clientId, now);
}

/**
 * The checks every authenticated REST endpoint runs, in this order: bearer
 * token + `upvest-client-id` (401), the request signature (401), the scope
 * (403), the rate limit (429), no body on GET/DELETE (400), `idempotency-key`
 * (400). Content type and body parsing are the endpoint's next step.
 */
export async function authorizeClientRequest(
  edge: Edge,
  request: ReceivedRequest,
  scope: Scope,
  options: { deferNonce?: boolean; idempotencyKey?: boolean } = {},
): Promise<AuthorizedRequest> {
  const { actor, nonce } = await authenticateSignedClient(edge, request, options);
  try {
    await admitClientCall(edge, actor, scope, request.now);
    refuseBodyOnRead(request);
    // A POST that writes nothing (validate) neither needs nor uses an idempotency-key.
    const idempotencyKey = options.idempotencyKey === false ? undefined : idempotencyKeyOf(request);
    return { actor, idempotencyKey, nonce };
  } catch (error) {
    await settleDeferredNonce(edge.writes, nonce);
    throw error;
  }
}

/** The tRPC context of a REST request; headers a procedure sets (idempotent-replayed) land in `headers`. */
export function restContext(
  edge: Edge,
  request: ReceivedRequest,
  actor: Actor,
  idempotencyKey: string | undefined,
  headers: Record<string, string>,
  deferredNonce?: DeferredNonce,
): ContextInner {
  return createContextInner({
    ...(deferredNonce !== undefined ? { deferredNonce } : {}),
    db: edge.db,
    writes: edge.writes,
    clock: edge.clock,
    actor,
    config: edge.service,
    requestId: request.requestId,
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    setHeader: (name, value) => {
      headers[name] = value;
    },
  });
}
