import type { SQL } from 'drizzle-orm';
import { isPostgres } from './dialect.js';
import type { Executor } from './types.js';

/** The first row a query answers, or undefined (`.get()` on both databases). */
export async function first<T>(rows: PromiseLike<T[]> | T[]): Promise<T | undefined> {
  return (await rows)[0];
}

/** Rows of a raw statement; on either database, as the driver gives them. */
export async function rawRows<T>(db: Executor, statement: SQL): Promise<T[]> {
  if (isPostgres()) return (await db.execute(statement)).rows as T[];
  return (db as unknown as { all(query: SQL): T[] }).all(statement);
}

/** Runs a raw statement and answers how many rows it changed. */
export async function rawRun(db: Executor, statement: SQL): Promise<number> {
  if (isPostgres()) return (await db.execute(statement)).rowCount ?? 0;
  return (db as unknown as { run(query: SQL): { changes: number } }).run(statement).changes;
}

/**
 * How many rows an awaited INSERT/UPDATE/DELETE without RETURNING changed:
 * SQLite answers `{ changes }`, node-postgres `{ rowCount }`.
 */
export function changedRows(result: unknown): number {
  const outcome = result as { changes?: number; rowCount?: number | null };
  return outcome.changes ?? outcome.rowCount ?? 0;
}
