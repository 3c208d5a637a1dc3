import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The settlement worker's latest claim per worker name: the console's health
 * panel shows when each worker last asked for work and how much it took.
 * One upsert per claim, in the claim's transaction.
 */
export const workerPasses = sqliteTable('worker_passes', {
  owner: text().primaryKey(),
  lastPassAt: text().notNull(),
  lastClaimed: integer().notNull(),
});
