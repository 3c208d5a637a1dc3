import { accounts, instruments, positions, users } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// The rows of the demo data set that belong to no other repository's writes.
// Each insert leaves an existing row as it is, so seeding may run again.

export async function insertUserIfAbsent(db: Executor, row: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(row).onConflictDoNothing();
}

export async function insertAccountIfAbsent(db: Executor, row: typeof accounts.$inferInsert): Promise<void> {
  await db.insert(accounts).values(row).onConflictDoNothing();
}

export async function insertInstrumentIfAbsent(
  db: Executor,
  row: typeof instruments.$inferInsert,
): Promise<void> {
  await db.insert(instruments).values(row).onConflictDoNothing();
}

export async function insertPositionIfAbsent(
  db: Executor,
  row: typeof positions.$inferInsert,
): Promise<void> {
  await db.insert(positions).values(row).onConflictDoNothing();
}
