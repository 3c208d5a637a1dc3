import type { Db } from '../db/client.js';
import { countTransfersByKindAndStatus } from '../repositories/store-figures.js';
import { countPendingDeliveries, findEarliestPendingDue } from '../repositories/webhook-deliveries.js';

/**
 * The figures /metrics reads from the database at scrape time. Each is an
 * index lookup or a bounded read, never a scan of the transfers, so a scrape
 * costs the same at 1,000,000 rows as at 10.
 */

/** Transfers per kind and status, from the running counts kept with every change. */
export async function transfersByStatus(db: Db): Promise<{ kind: string; status: string; count: number }[]> {
  return await countTransfersByKindAndStatus(db);
}

/** Pending deliveries are counted up to this many: past it the figure only says "at least". */
export const BACKLOG_COUNT_CAP = 100_000;

/** Pending webhook deliveries (due or backing off), through the partial index of pending rows; at most BACKLOG_COUNT_CAP. */
export async function pendingDeliveries(db: Db): Promise<number> {
  return await countPendingDeliveries(db, BACKLOG_COUNT_CAP);
}

/** The earliest next attempt among pending deliveries: one step down the due index. */
export async function earliestDeliveryDue(db: Db): Promise<string | null> {
  return await findEarliestPendingDue(db);
}
