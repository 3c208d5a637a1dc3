import type { IncomingMessage } from 'node:http';
import type { Actor } from '../context.js';
import type { Db } from '../db/client.js';
import { AppError } from '../domain/errors.js';
import { asAppError } from '../domain/problem.js';
import { constantTimeEqual } from '../lib/secrets.js';
import { authenticateBearer } from '../services/auth/tokens.js';
import { resolveOperator } from './operator-auth.js';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

export interface AuthConfig {
  /** Shared secret of internal services (reconciler, dispatcher); unset disables them. */
  internalToken: string | undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Who is calling: an internal service, a tenant's client (bearer token), or
 * nobody. Never throws: a refusal is carried to the procedure that needs it.
 */
export function resolveActor(
  db: Db,
  req: IncomingMessage,
  config: AuthConfig,
  now: Date,
): { actor: Actor; authError?: AppError } {
  const internal = header(req, INTERNAL_TOKEN_HEADER);
  if (internal !== undefined) {
    if (config.internalToken && constantTimeEqual(internal, config.internalToken)) {
      return { actor: { kind: 'service', name: header(req, 'x-service-name') ?? 'internal' } };
    }
    return {
      actor: { kind: 'anonymous' },
      authError: new AppError('UNAUTHENTICATED', 'invalid service token'),
    };
  }
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    try {
      return { actor: authenticateBearer(db, authorization, header(req, 'upvest-client-id'), now) };
    } catch (error) {
      return { actor: { kind: 'anonymous' }, authError: asAppError(error) };
    }
  }
  // The console's operators: session cookie, CSRF token on writes.
  const operator = resolveOperator(db, req, now);
  if (operator) return operator;
  return { actor: { kind: 'anonymous' } };
}

export { header as firstHeader };
