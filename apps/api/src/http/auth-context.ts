import type { IncomingMessage } from 'node:http';
import type { Actor, CallType } from '../context.js';
import { AppError } from '../domain/errors.js';
import { asAppError } from '../domain/problem.js';
import { authenticateService, type ServiceCredential } from '../services/auth/service-credentials.js';
import type { OriginPolicy } from './allowed-origins.js';
import { resolveOperator } from './operator-auth.js';
import { authenticateSignedClient, idempotencyKeyOf } from './rest/client-request.js';
import type { Edge } from './rest/edge-config.js';
import { limitClient } from './rest/rate-limit-client.js';
import { headerOf, type ReceivedRequest } from './rest/received-request.js';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

export interface AuthConfig {
  /** Internal services' credentials (SERVICE_CREDENTIALS); none disables the internal router. */
  serviceCredentials: readonly ServiceCredential[];
  /** Which origins the console's cookie writes may come from. */
  origins: OriginPolicy;
}

export interface TrpcCaller {
  actor: Actor;
  /** Why credentials that were sent were refused; reported by the procedure that needs them. */
  authError?: AppError;
  admitCall?: (type: CallType) => Promise<void>;
}

/**
 * Who is calling over /trpc: an internal service (its own credential), a
 * tenant's client, a console operator (session cookie), or nobody. A tenant
 * passes exactly the REST edge's checks: the bearer token and the request
 * signature here (nonce and digest included), then per call the scope, the
 * rate limit and – on writes – the idempotency key. Never throws: a refusal
 * is carried to the procedure that needs it.
 */
export async function resolveTrpcCaller(
  edge: Edge,
  auth: AuthConfig,
  req: IncomingMessage,
  request: ReceivedRequest,
  mutationsInRequest: number,
): Promise<TrpcCaller> {
  const internal = headerOf(req, INTERNAL_TOKEN_HEADER);
  if (internal !== undefined) {
    const service = authenticateService(auth.serviceCredentials, internal, request.now);
    if (service !== undefined) return { actor: { kind: 'service', name: service } };
    return {
      actor: { kind: 'anonymous' },
      authError: new AppError('UNAUTHENTICATED', 'invalid service token'),
    };
  }
  if (headerOf(req, 'authorization') !== undefined) {
    try {
      const { actor } = await authenticateSignedClient(edge, request);
      const admitCall = async (type: CallType) => {
        await limitClient(edge, actor.clientId, request.now);
        if (type !== 'mutation') return;
        // One idempotency-key per request names one write: a batch carries at most one.
        if (mutationsInRequest > 1) {
          throw new AppError(
            'BAD_REQUEST',
            'a batch may carry at most one mutation (one idempotency-key, one write)',
          );
        }
        idempotencyKeyOf(request);
      };
      return { actor, admitCall };
    } catch (error) {
      return { actor: { kind: 'anonymous' }, authError: asAppError(error) };
    }
  }
  // The console's operators: session cookie, CSRF token on writes.
  const operator = await resolveOperator(edge.db, req, request.now, auth.origins);
  return operator ?? { actor: { kind: 'anonymous' } };
}
