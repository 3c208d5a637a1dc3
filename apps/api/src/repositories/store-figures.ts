import { max, sql } from 'drizzle-orm';
import { numeric, sqliteTable } from 'drizzle-orm/sqlite-core';
import { transferCounts } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// The figures readiness and /metrics read from the store: each an index
// lookup or a bounded read, so a probe costs the same at any size.

/** The migrator's own journal (kept by Drizzle's migrator, not part of our schema). */
const appliedMigrations = sqliteTable('__drizzle_migrations', { createdAt: numeric('created_at') });

/** Whether the connection answers a statement at all. */
export async function pingDatabase(db: Executor): Promise<void> {
  // A statement without a table has no query-builder form.
  db.get(sql`SELECT 1`);
}

/** Whether the connection was opened read-only (it can serve no write). */
export async function isReadOnlyConnection(db: Executor): Promise<boolean> {
  return db.$client.readonly;
}

/** When the newest migration applied to the database was generated (0 when none was). */
export async function newestAppliedMigration(db: Executor): Promise<number> {
  const [row] = db
    .select({ applied: max(appliedMigrations.createdAt) })
    .from(appliedMigrations)
    .all();
  return Number(row?.applied ?? 0);
}

/**
 * Transfers per kind and status, from the running counts kept in the
 * transaction of every change (`transfer_counts`: one row per kind, tenant,
 * direction and status, so the sum reads tenants × 2 × statuses rows).
 */
export async function countTransfersByKindAndStatus(
  db: Executor,
): Promise<{ kind: string; status: string; count: number }[]> {
  return db
    .select({
      kind: transferCounts.transferKind,
      status: transferCounts.status,
      count: sql<number>`sum(${transferCounts.count})`.mapWith(Number),
    })
    .from(transferCounts)
    .groupBy(transferCounts.transferKind, transferCounts.status)
    .all();
}
