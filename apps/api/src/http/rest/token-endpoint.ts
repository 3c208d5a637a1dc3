import { TokenRequestSchema, type TokenResponse } from '@tbo/contracts';
import { AppError } from '../../domain/errors.js';
import { findClient } from '../../services/auth/client-directory.js';
import { issueAccessToken } from '../../services/auth/tokens.js';
import type { Edge } from './edge-config.js';
import { parseFormBody } from './parse-body.js';
import { limitClient } from './rate-limit-client.js';
import { headerOf, type ReceivedRequest } from './received-request.js';
import { verifyClientSignature } from './verify-signature.js';

export interface JsonAnswer {
  text: string;
  headers: Record<string, string>;
}

/**
 * `POST /auth/token`: OAuth 2.0 client credentials (form-encoded). The request
 * is signed like every other (without `authorization`); `upvest-client-id`
 * must name the same client as `client_id`. A scope the client may not have
 * is a 401.
 */
export async function tokenEndpoint(edge: Edge, request: ReceivedRequest): Promise<JsonAnswer> {
  const clientId = headerOf(request, 'upvest-client-id');
  if (!clientId) throw new AppError('UNAUTHENTICATED', 'the upvest-client-id header is missing');
  const client = findClient(edge.db, clientId, request.now.getTime());
  if (!client) throw new AppError('UNAUTHENTICATED', 'invalid client credentials');
  await verifyClientSignature(edge.db, request, client.tenantId, true, edge.config);
  limitClient(edge, clientId, request.now);
  const form = TokenRequestSchema.parse(parseFormBody(request.body, headerOf(request, 'content-type')));
  if (form.client_id !== clientId) {
    throw new AppError('UNAUTHENTICATED', 'client_id does not match the upvest-client-id header');
  }
  const issued = await issueAccessToken(
    edge.db,
    { clientId: form.client_id, clientSecret: form.client_secret, scope: form.scope },
    request.now,
  );
  const body: TokenResponse = {
    access_token: issued.accessToken,
    token_type: 'bearer',
    expires_in: issued.expiresIn,
    scope: issued.scope,
  };
  return { text: JSON.stringify(body), headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
}
