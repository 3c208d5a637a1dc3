import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns.js';

/** An API client (fintech app); every piece of client data hangs off one. */
export const tenants = pgTable('tenants', {
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
  requireSignedIdempotencyKey: boolean().notNull().default(false),
  createdAt: instant().notNull(),
});

/** Public keys a client signs its requests with, looked up by `keyid`. */
export const clientKeys = pgTable(
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
    createdAt: instant().notNull(),
    revokedAt: instant(),
  },
  (t) => [uniqueIndex('client_keys_tenant_key_uq').on(t.tenantId, t.keyId)],
);

/** Opaque bearer tokens, stored as SHA-256 of the token. */
export const accessTokens = pgTable(
  'access_tokens',
  {
    tokenHash: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    scopes: text().notNull(),
    expiresAt: instant().notNull(),
    createdAt: instant().notNull(),
  },
  (t) => [index('access_tokens_expiry').on(t.expiresAt)],
);

/** Nonces of accepted signatures, refused again until they expire. */
export const signatureNonces = pgTable(
  'signature_nonces',
  {
    tenantId: text().notNull(),
    nonce: text().notNull(),
    expiresAt: instant().notNull(),
  },
  // A unique index rather than a primary key, as in the SQLite schema: `INSERT … ON CONFLICT` targets it.
  (t) => [
    uniqueIndex('signature_nonces_pk').on(t.tenantId, t.nonce),
    index('signature_nonces_expiry').on(t.expiresAt),
  ],
);
