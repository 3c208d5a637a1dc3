import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type * as schema from './pg-schema/index.js';

/**
 * The database handle services and repositories take, on either database.
 * It is typed by Drizzle's PostgreSQL query builder: its surface is
 * asynchronous only (await a query, or `.execute()` a prepared one), and that
 * is the subset the SQLite driver runs too – so a query written against this
 * type runs on both, and a SQLite-only call (`.get()`, `.all()`, `.run()`,
 * `$client`) does not compile. Code that is SQLite's alone (pragmas, the
 * writer thread, WAL checkpoints) takes the SQLite handle through `sqliteOf`;
 * PostgreSQL-only clauses (`FOR UPDATE SKIP LOCKED`) sit behind `isPostgres()`.
 */
export type Db = NodePgDatabase<typeof schema>;

/** The connection, inside a transaction (`writeTransaction`) or not. */
export type Tx = Db;
export type Executor = Db;

export type SecuritiesTransferRow = typeof schema.securitiesTransfers.$inferSelect;
export type AccountTransferRow = typeof schema.accountTransfers.$inferSelect;
export type AccountRow = typeof schema.accounts.$inferSelect;
export type TenantRow = typeof schema.tenants.$inferSelect;
export type TransferKind = 'SECURITIES_TRANSFER' | 'ACCOUNT_TRANSFER';
