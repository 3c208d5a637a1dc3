import { sql } from 'drizzle-orm';
import { sqliteOf } from '../db/client.js';
import { isPostgres } from '../db/dialect.js';
import { rawRows } from '../db/query.js';
import { transferCounts } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// The figures readiness and /metrics read from the store: each an index
// lookup or a bounded read, so a probe costs the same at any size.

/** Whether the connection answers a statement at all. */
export async function pingDatabase(db: Executor): Promise<void> {
  // A statement without a table has no query-builder form.
  await rawRows(db, sql`SELECT 1`);
}

/**
 * Whether the connection can serve no write: on SQLite, opened read-only; on
 * PostgreSQL, a session whose transactions are read-only (a hot standby, or
 * `default_transaction_read_only`).
 */
export async function isReadOnlyConnection(db: Executor): Promise<boolean> {
  if (!isPostgres()) return sqliteOf(db).$client.readonly;
  const [row] = await rawRows<{ transaction_read_only: string }>(db, sql`SHOW transaction_read_only`);
  return row?.transaction_read_only === 'on';
}

/**
 * When the newest migration applied to the database was generated (0 when
 * none was), from the journal Drizzle's migrator keeps (not part of our
 * schema): `__drizzle_migrations` on SQLite, `drizzle.__drizzle_migrations`
 * on PostgreSQL (where the bigint comes back as text).
 */
export async function newestAppliedMigration(db: Executor): Promise<number> {
  const journal = isPostgres() ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
  const [row] = await rawRows<{ applied: number | string | null }>(
    db,
    sql`SELECT max(created_at) AS applied FROM ${journal}`,
  );
  return Number(row?.applied ?? 0);
}

/**
 * Transfers per kind and status, from the running counts kept in the
 * transaction of every change (`transfer_counts`: one row per kind, tenant,
 * direction, status and counter shard, so the sum reads at most
 * tenants × 2 × statuses × shards rows).
 */
export async function countTransfersByKindAndStatus(
  db: Executor,
): Promise<{ kind: string; status: string; count: number }[]> {
  return await db
    .select({
      kind: transferCounts.transferKind,
      status: transferCounts.status,
      count: sql<number>`sum(${transferCounts.count})`.mapWith(Number),
    })
    .from(transferCounts)
    .groupBy(transferCounts.transferKind, transferCounts.status);
}
