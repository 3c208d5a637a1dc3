import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** An API client (fintech app); every piece of client data hangs off one. */
export const tenants = sqliteTable('tenants', {
  id: text().primaryKey(),
  name: text().notNull(),
  /** The OAuth client_id, also sent as `upvest-client-id`. */
  clientId: text().notNull().unique(),
  /** scrypt hash of the client secret (never the secret itself). */
  clientSecretHash: text().notNull(),
  /** Space-separated scopes this client may request. */
  allowedScopes: text().notNull(),
  /** Token bucket: sustained requests per second and burst size. */
  rateLimitPerSecond: integer().notNull().default(200),
  rateLimitBurst: integer().notNull().default(400),
  /** Strict signing: a sent `idempotency-key` must be covered by the request signature. */
  requireSignedIdempotencyKey: integer({ mode: 'boolean' }).notNull().default(false),
  createdAt: text().notNull(),
});

/** Public keys a client signs its requests with, looked up by `keyid`. */
export const clientKeys = sqliteTable(
  'client_keys',
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    keyId: text().notNull(),
    /** ecdsa-p256-sha512 | ecdsa-p384-sha512 | ecdsa-p521-sha512 | ed25519 */
    algorithm: text().notNull(),
    publicKeyPem: text().notNull(),
    createdAt: text().notNull(),
    revokedAt: text(),
  },
  (t) => [uniqueIndex('client_keys_tenant_key_uq').on(t.tenantId, t.keyId)],
);

/** Opaque bearer tokens, stored as SHA-256 of the token. */
export const accessTokens = sqliteTable(
  'access_tokens',
  {
    tokenHash: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    scopes: text().notNull(),
    expiresAt: text().notNull(),
    createdAt: text().notNull(),
  },
  // Tokens are issued for one fixed lifetime, so expiry times only grow: the purge reads them in order.
  (t) => [index('access_tokens_expiry').on(t.expiresAt)],
);

/** Nonces of accepted signatures, refused again until they expire. */
export const signatureNonces = sqliteTable(
  'signature_nonces',
  {
    tenantId: text().notNull(),
    nonce: text().notNull(),
    expiresAt: text().notNull(),
  },
  // Expiry times only grow, so this index takes each insert on its rightmost
  // page; it lets the purge take the oldest rows without a table scan.
  (t) => [
    uniqueIndex('signature_nonces_pk').on(t.tenantId, t.nonce),
    index('signature_nonces_expiry').on(t.expiresAt),
  ],
);
