import { and, eq, isNull } from 'drizzle-orm';
import { changedRows, first } from '../db/query.js';
import { accessTokens, clientKeys, tenants } from '../db/tables.js';
import type { Executor, TenantRow } from '../db/types.js';

// Tenants are the api's clients: their credentials, signing keys and access tokens.

export type ClientKeyRow = typeof clientKeys.$inferSelect;
export type AccessTokenRow = typeof accessTokens.$inferSelect;

/** What the HTTP edge reads of the tenant behind a client id. */
export interface ClientSettingsRow {
  tenantId: string;
  clientId: string;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  requireSignedIdempotencyKey: boolean;
}

/** Adds the tenant unless one with its id exists (the demo seed runs at every start). */
export async function insertTenantIfAbsent(db: Executor, row: typeof tenants.$inferInsert): Promise<void> {
  await db.insert(tenants).values(row).onConflictDoNothing();
}

export async function findTenantByClientId(db: Executor, clientId: string): Promise<TenantRow | undefined> {
  return first(db.select().from(tenants).where(eq(tenants.clientId, clientId)));
}

export async function findClientSettings(
  db: Executor,
  clientId: string,
): Promise<ClientSettingsRow | undefined> {
  return first(
    db
      .select({
        tenantId: tenants.id,
        clientId: tenants.clientId,
        rateLimitPerSecond: tenants.rateLimitPerSecond,
        rateLimitBurst: tenants.rateLimitBurst,
        requireSignedIdempotencyKey: tenants.requireSignedIdempotencyKey,
      })
      .from(tenants)
      .where(eq(tenants.clientId, clientId)),
  );
}

/** Sets the client's signing policy; how many tenants it changed (0 or 1). */
export async function updateRequireSignedIdempotencyKey(
  db: Executor,
  clientId: string,
  requireSignedIdempotencyKey: boolean,
): Promise<number> {
  return changedRows(
    await db.update(tenants).set({ requireSignedIdempotencyKey }).where(eq(tenants.clientId, clientId)),
  );
}

/** The id of the tenant's key `keyId`, revoked or not. */
export async function findClientKeyId(
  db: Executor,
  tenantId: string,
  keyId: string,
): Promise<string | undefined> {
  const row = await first(
    db
      .select({ id: clientKeys.id })
      .from(clientKeys)
      .where(and(eq(clientKeys.tenantId, tenantId), eq(clientKeys.keyId, keyId))),
  );
  return row?.id;
}

/** The tenant's key `keyId` unless it was revoked. */
export async function findActiveClientKey(
  db: Executor,
  tenantId: string,
  keyId: string,
): Promise<Pick<ClientKeyRow, 'publicKeyPem' | 'algorithm'> | undefined> {
  return first(
    db
      .select({ publicKeyPem: clientKeys.publicKeyPem, algorithm: clientKeys.algorithm })
      .from(clientKeys)
      .where(
        and(eq(clientKeys.tenantId, tenantId), eq(clientKeys.keyId, keyId), isNull(clientKeys.revokedAt)),
      ),
  );
}

export async function insertClientKey(db: Executor, row: typeof clientKeys.$inferInsert): Promise<void> {
  await db.insert(clientKeys).values(row);
}

/** Replaces the key material of key `id` (and lifts a revocation). */
export async function replaceClientKey(
  db: Executor,
  id: string,
  values: Pick<ClientKeyRow, 'algorithm' | 'publicKeyPem' | 'createdAt' | 'revokedAt'>,
): Promise<void> {
  await db.update(clientKeys).set(values).where(eq(clientKeys.id, id));
}

export async function insertAccessToken(db: Executor, row: AccessTokenRow): Promise<void> {
  await db.insert(accessTokens).values(row);
}

/** The token stored under `tokenHash`, with its tenant's client id. */
export async function findAccessToken(
  db: Executor,
  tokenHash: string,
): Promise<(Pick<AccessTokenRow, 'tenantId' | 'scopes' | 'expiresAt'> & { clientId: string }) | undefined> {
  return first(
    db
      .select({
        tenantId: accessTokens.tenantId,
        scopes: accessTokens.scopes,
        expiresAt: accessTokens.expiresAt,
        clientId: tenants.clientId,
      })
      .from(accessTokens)
      .innerJoin(tenants, eq(tenants.id, accessTokens.tenantId))
      .where(eq(accessTokens.tokenHash, tokenHash)),
  );
}
