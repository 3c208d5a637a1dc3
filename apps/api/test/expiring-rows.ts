import type { Db } from '../src/db/client.js';

/**
 * One row in each expiring table – a signature nonce, a finished idempotency
 * record and an access token – per expiry time, in the given order, with
 * keys `${prefix}-<index>`.
 */
export function insertExpiringRows(
  db: Db,
  tenantId: string,
  expiries: readonly string[],
  prefix = 'row',
): void {
  const nonce = db.$client.prepare(
    'INSERT INTO signature_nonces (tenant_id, nonce, expires_at) VALUES (?, ?, ?)',
  );
  const record = db.$client.prepare(
    `INSERT INTO idempotency_keys (tenant_id, key, operation, request_hash, state, response_status, response_body, created_at, expires_at)
     VALUES (?, ?, 'securitiesTransfers.create', 'h', 'done', 200, '{}', ?, ?)`,
  );
  const token = db.$client.prepare(
    `INSERT INTO access_tokens (token_hash, tenant_id, scopes, expires_at, created_at)
     VALUES (?, ?, 'transfers:read', ?, ?)`,
  );
  db.$client.transaction(() => {
    expiries.forEach((expiresAt, i) => {
      const key = `${prefix}-${i}`;
      const createdAt = new Date(Date.parse(expiresAt) - 3_600_000).toISOString();
      nonce.run(tenantId, key, expiresAt);
      record.run(tenantId, key, createdAt, expiresAt);
      token.run(key, tenantId, expiresAt, createdAt);
    });
  })();
}

/** Rows in `table`, optionally only those matching `where`. */
export function countRows(db: Db, table: string, where = '1 = 1'): number {
  return (db.$client.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
}
