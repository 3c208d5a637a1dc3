import { sqliteOf } from '../db/client.js';
import type { Executor } from '../db/types.js';

// SQLite's per-connection settings a second connection to the same file copies.
// PRAGMA statements have no Drizzle form: they go to the driver directly.
// SQLite only: on PostgreSQL each throws (`sqliteOf`) – the server keeps its
// own settings, and the writer thread that copies these runs on SQLite alone.

/** Pages of WAL after which a commit checkpoints (SQLite's `wal_autocheckpoint`). */
export async function walAutocheckpointOf(db: Executor): Promise<number> {
  return Number(sqliteOf(db).$client.pragma('wal_autocheckpoint', { simple: true }));
}

export async function setWalAutocheckpoint(db: Executor, pages: number): Promise<void> {
  if (!Number.isSafeInteger(pages) || pages < 0)
    throw new Error(`wal_autocheckpoint must be a whole number, not ${pages}`);
  sqliteOf(db).$client.pragma(`wal_autocheckpoint = ${pages}`);
}

/** SQLite's `synchronous` level: 0 off, 1 normal, 2 full, 3 extra. */
export async function synchronousLevelOf(db: Executor): Promise<number> {
  return Number(sqliteOf(db).$client.pragma('synchronous', { simple: true }));
}
