import { type Db, sqliteOf } from '../src/db/client.js';
import { isPostgres } from '../src/db/dialect.js';
import { sqlRow, sqlRun } from './inspect.js';

const NONCE = 'INSERT INTO signature_nonces (tenant_id, nonce, expires_at) VALUES (?, ?, ?)';
const RECORD = `INSERT INTO idempotency_keys (tenant_id, key, operation, request_hash, state, response_status, response_body, created_at, expires_at)
     VALUES (?, ?, 'securitiesTransfers.create', 'h', 'done', 200, '{}', ?, ?)`;
const TOKEN = `INSERT INTO access_tokens (token_hash, tenant_id, scopes, expires_at, created_at)
     VALUES (?, ?, 'transfers:read', ?, ?)`;

/**
 * One row in each expiring table – a signature nonce, a finished idempotency
 * record and an access token – per expiry time, in the given order, with
 * keys `${prefix}-<index>`. On SQLite the rows are in place when the call
 * returns (it awaits nothing), so a caller may also not await it.
 */
export async function insertExpiringRows(
  db: Db,
  tenantId: string,
  expiries: readonly string[],
  prefix = 'row',
): Promise<void> {
  const rows = expiries.map((expiresAt, i) => ({
    key: `${prefix}-${i}`,
    expiresAt,
    createdAt: new Date(Date.parse(expiresAt) - 3_600_000).toISOString(),
  }));
  if (!isPostgres()) {
    const client = sqliteOf(db).$client;
    const nonce = client.prepare(NONCE);
    const record = client.prepare(RECORD);
    const token = client.prepare(TOKEN);
    client.transaction(() => {
      for (const { key, expiresAt, createdAt } of rows) {
        nonce.run(tenantId, key, expiresAt);
        record.run(tenantId, key, createdAt, expiresAt);
        token.run(key, tenantId, expiresAt, createdAt);
      }
    })();
    return;
  }
  for (const { key, expiresAt, createdAt } of rows) {
    await sqlRun(db, NONCE, tenantId, key, expiresAt);
    await sqlRun(db, RECORD, tenantId, key, createdAt, expiresAt);
    await sqlRun(db, TOKEN, key, tenantId, expiresAt, createdAt);
  }
}

/** Rows in `table`, optionally only those matching `where`. */
export async function countRows(db: Db, table: string, where = '1 = 1'): Promise<number> {
  const row = await sqlRow<{ n: number }>(db, `SELECT count(*) AS n FROM ${table} WHERE ${where}`);
  return row?.n ?? 0;
}
