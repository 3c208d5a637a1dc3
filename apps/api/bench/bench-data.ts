import { type Db, openDatabase, sqliteOf } from '../src/db/client.js';
import { accounts, positions, tenants, users } from '../src/db/tables.js';
import { seedDemoData } from '../src/demo/seed-demo.js';
import { hashSecret } from '../src/lib/secrets.js';
import { addClientKey } from '../src/services/auth/client-keys.js';

/** A tenant of its own with a rate limit far above what the benchmark sends. */
export const BENCH = {
  tenantId: 'b0000000-0000-4000-8000-000000000001',
  clientId: 'b0000000-0000-4000-8000-0000000000c1',
  clientSecret: 'bench-client-secret',
  userId: 'b0000000-0000-4000-8000-0000000000a1',
  accountId: 'b0000000-0000-4000-8000-0000000000a2',
  accountGroupId: 'b0000000-0000-4000-8000-0000000000a3',
  keyId: 'bench-ed25519',
} as const;

/** The body of every benchmarked create (REST and tRPC alike). */
export const CREATE_BODY = JSON.stringify({
  direction: 'INCOMING',
  instrument_id: 'US0378331005',
  instrument_id_type: 'ISIN',
  quantity: '10',
  transfer_type: 'NO_OWNER_CHANGE',
  user_id: BENCH.userId,
  account_id: BENCH.accountId,
  settlement_reference: 'BENCH-1',
  counterparty: { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' },
});

/**
 * A database file ready for the api: migrations, demo data, the bench tenant
 * with `publicKeyPem` registered as its signing key, and `rows` transfers.
 */
export async function prepareBenchDatabase(path: string, rows: number, publicKeyPem: string): Promise<void> {
  const db = openDatabase(path);
  try {
    await seedDemoData(db, new Date());
    await insertBenchTenant(db, new Date());
    await addClientKey(db, { clientId: BENCH.clientId, keyId: BENCH.keyId, publicKeyPem, now: new Date() });
    await bulkInsertTransfers(db, rows);
  } finally {
    sqliteOf(db).$client.close();
  }
}

export async function insertBenchTenant(db: Db, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.insert(tenants).values({
    id: BENCH.tenantId,
    name: 'Benchmark',
    clientId: BENCH.clientId,
    clientSecretHash: await hashSecret(BENCH.clientSecret),
    allowedScopes: 'transfers:read transfers:admin',
    rateLimitPerSecond: 1_000_000,
    rateLimitBurst: 1_000_000,
    createdAt: at,
  });
  await db
    .insert(users)
    .values({ id: BENCH.userId, tenantId: BENCH.tenantId, name: 'Bench User', createdAt: at });
  await db.insert(accounts).values({
    id: BENCH.accountId,
    tenantId: BENCH.tenantId,
    userId: BENCH.userId,
    accountGroupId: BENCH.accountGroupId,
    status: 'ACTIVE',
    name: 'bench depot',
    createdAt: at,
  });
  await db.insert(positions).values({
    tenantId: BENCH.tenantId,
    accountId: BENCH.accountId,
    isin: 'US0378331005',
    quantity: '1000000',
    reserved: '0',
    updatedAt: at,
  });
}

/**
 * `count` securities transfers of the bench tenant in one SQL statement (a
 * recursive CTE, no JS per row), then `transfer_counts` recomputed from them so
 * list totals stay consistent. History and outbox rows are not generated.
 */
export async function bulkInsertTransfers(db: Db, count: number): Promise<void> {
  const sqlite = sqliteOf(db).$client;
  sqlite.pragma('synchronous = OFF');
  sqlite.exec('BEGIN');
  sqlite
    .prepare(
      `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ?)
       INSERT INTO securities_transfers (
         id, tenant_id, direction, status, transfer_type, user_id, account_id, account_group_id,
         settlement_reference, counterparty_bic, counterparty_account_number, counterparty_name,
         trade_date, settlement_date, created_at, updated_at, isin, instrument_id_type, quantity,
         quantity_settled, place_of_settlement, actual_settlement_date, reserved_quantity)
       SELECT
         printf('00000000-0000-4000-8000-%012d', n), ?, CASE WHEN n % 10 < 7 THEN 'INCOMING' ELSE 'OUTGOING' END,
         CASE n % 4 WHEN 0 THEN 'NEW' WHEN 1 THEN 'PROCESSING' WHEN 2 THEN 'SETTLED' ELSE 'CANCELLED' END,
         'NO_OWNER_CHANGE', ?, ?, ?, printf('BULK%08d', n), 'DUMBZZ33XXX', '1234567891', 'Max Mustermann',
         '2025-01-02', '2025-01-03',
         strftime('%Y-%m-%dT%H:%M:%fZ', 1735689600 + n, 'unixepoch'),
         strftime('%Y-%m-%dT%H:%M:%fZ', 1735689600 + n + 60, 'unixepoch'),
         'US0378331005', 'ISIN', '10', CASE n % 4 WHEN 2 THEN '10' ELSE '0' END, 'DAKVDEFFXXX',
         CASE n % 4 WHEN 2 THEN '2025-01-03' ELSE NULL END, '0'
       FROM seq`,
    )
    .run(count, BENCH.tenantId, BENCH.userId, BENCH.accountId, BENCH.accountGroupId);
  sqlite
    .prepare(
      `INSERT INTO transfer_counts (transfer_kind, tenant_id, direction, status, count)
       SELECT 'SECURITIES_TRANSFER', tenant_id, direction, status, count(*) FROM securities_transfers
       WHERE tenant_id = ? GROUP BY direction, status
       ON CONFLICT (transfer_kind, tenant_id, direction, status) DO UPDATE SET count = excluded.count`,
    )
    .run(BENCH.tenantId);
  sqlite.exec('COMMIT');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('ANALYZE');
}
