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
 * is signed like every other (without `authorization`). The form's
 * `client_id` names the client and so its keys; `upvest-client-id` may be
 * left out, and when sent must name the same client. A scope the client may
 * not have is a 401.
 */
export async function tokenEndpoint(edge: Edge, request: ReceivedRequest): Promise<JsonAnswer> {
  const headerClientId = headerOf(request, 'upvest-client-id');
  // Without the header the form is read first; it is bounded by the body limit, like every body.
  const clientId = headerClientId ?? formClientId(request);
  // One refusal for an unknown client, a bad signature and a wrong secret: the
  // answer never tells a known client id from an unknown one.
  const refuse = () => new AppError('UNAUTHENTICATED', 'invalid client credentials');
  if (!clientId) throw refuse();
  const client = await findClient(edge.db, clientId, request.now.getTime());
  if (!client) throw refuse();
  try {
    await verifyClientSignature(edge, request, client, true, edge.config);
  } catch (error) {
    throw error instanceof AppError && error.code === 'UNAUTHENTICATED' ? refuse() : error;
  }
  request.record.actor = { kind: 'client', tenantId: client.tenantId, clientId, scopes: [] };
  await limitClient(edge, clientId, request.now);
  const form = TokenRequestSchema.parse(parseFormBody(request.body, headerOf(request, 'content-type')));
  if (form.client_id !== clientId) throw refuse();
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

/** The form's `client_id` when the form parses; its errors are reported after the signature check. */
function formClientId(request: ReceivedRequest): string | undefined {
  try {
    return parseFormBody(request.body, headerOf(request, 'content-type')).client_id;
  } catch {
    return undefined;
  }
}
