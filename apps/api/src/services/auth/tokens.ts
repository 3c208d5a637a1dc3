import { SCOPES, type Scope } from '@tbo/contracts';
import type { Db } from '../../db/client.js';
import type { TenantRow } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import { newOpaqueToken, sha256Hex, verifySecret } from '../../lib/secrets.js';
import { findAccessToken, findTenantByClientId, insertAccessToken } from '../../repositories/clients.js';
import { perObject, TtlCache } from './ttl-cache.js';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** Tokens are immutable until they expire; a lookup is reused this long (revocation would lag by it). */
export const TOKEN_CACHE_TTL_MS = 10_000;

export interface ClientActor {
  kind: 'client';
  tenantId: string;
  clientId: string;
  scopes: Scope[];
}

function parseScopes(text: string): Scope[] {
  return text.split(' ').filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
}

/**
 * OAuth 2.0 client credentials: checks the secret against its scrypt hash
 * and grants the requested scopes if the client is configured for all of
 * them (no scope requested = every configured scope).
 */
export async function issueAccessToken(
  db: Db,
  request: { clientId: string; clientSecret: string; scope?: string | undefined },
  now: Date,
): Promise<{ accessToken: string; expiresIn: number; scope: string; tenant: TenantRow }> {
  const tenant = await findTenantByClientId(db, request.clientId);
  // Same answer and similar time for an unknown client and a wrong secret.
  // Trusted by the pool: the token endpoint verifies the request signature first.
  const secretOk = await verifySecret(
    request.clientSecret,
    tenant?.clientSecretHash ??
      'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    true,
  );
  if (!tenant || !secretOk) throw new AppError('UNAUTHENTICATED', 'invalid client credentials');
  const allowed = tenant.allowedScopes.split(' ');
  const requested = request.scope ? request.scope.split(' ') : allowed;
  const refused = requested.filter((s) => !allowed.includes(s));
  if (refused.length > 0) {
    throw new AppError('UNAUTHENTICATED', `the client is not allowed the scope(s): ${refused.join(', ')}`);
  }
  const accessToken = newOpaqueToken('at');
  await insertAccessToken(db, {
    tokenHash: sha256Hex(accessToken),
    tenantId: tenant.id,
    scopes: requested.join(' '),
    expiresAt: new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString(),
    createdAt: now.toISOString(),
  });
  return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, scope: requested.join(' '), tenant };
}

interface TokenRow {
  tenantId: string;
  scopes: Scope[];
  expiresAt: string;
  clientId: string;
}

const tokenCacheOf = perObject((_db: Db) => new TtlCache<TokenRow>(TOKEN_CACHE_TTL_MS, 50_000));

async function lookupToken(db: Db, token: string, nowMs: number): Promise<TokenRow | undefined> {
  const cache = tokenCacheOf(db);
  const hit = cache.get(token, nowMs);
  if (hit !== undefined) return hit;
  const row = await findAccessToken(db, sha256Hex(token));
  if (!row) return undefined;
  const entry = { ...row, scopes: parseScopes(row.scopes) };
  cache.set(token, entry, nowMs);
  return entry;
}

/**
 * The client behind a bearer token. `upvest-client-id` must be present and
 * name the token's own client (a mismatch is a 401: the credentials do not
 * belong together). Lookups are cached for TOKEN_CACHE_TTL_MS.
 */
export async function authenticateBearer(
  db: Db,
  authorization: string | undefined,
  clientIdHeader: string | undefined,
  now: Date,
): Promise<ClientActor> {
  if (!authorization) throw new AppError('UNAUTHENTICATED', 'the authorization header is missing');
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/i.exec(authorization);
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'authorization must be "Bearer <access token>"');
  const row = await lookupToken(db, match[1], now.getTime());
  if (!row) throw new AppError('UNAUTHENTICATED', 'the access token is unknown');
  if (row.expiresAt <= now.toISOString())
    throw new AppError('UNAUTHENTICATED', 'the access token has expired');
  if (!clientIdHeader) throw new AppError('UNAUTHENTICATED', 'the upvest-client-id header is missing');
  if (clientIdHeader !== row.clientId) {
    throw new AppError('UNAUTHENTICATED', 'upvest-client-id does not match the access token');
  }
  return { kind: 'client', tenantId: row.tenantId, clientId: row.clientId, scopes: [...row.scopes] };
}
