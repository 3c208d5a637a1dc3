import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.js';

/** The settlement worker's latest claim per worker name (the console's health panel). */
export const workerPasses = pgTable('worker_passes', {
  owner: text().primaryKey(),
  lastPassAt: instant().notNull(),
  lastClaimed: integer().notNull(),
});
