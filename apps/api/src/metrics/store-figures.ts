import { eq, min, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { webhookDeliveries } from '../db/schema/index.js';
import { countTransfersByKindAndStatus } from '../repositories/store-figures.js';

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
  const capped = db
    .select({ one: sql`1` })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.state, 'pending'))
    .limit(BACKLOG_COUNT_CAP)
    .as('capped');
  const [counted] = db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(capped)
    .all();
  return counted?.n ?? 0;
}

/** The earliest next attempt among pending deliveries: one step down the due index. */
export function earliestDeliveryDue(db: Db): string | null {
  const [due] = db
    .select({ at: min(webhookDeliveries.nextAttemptAt) })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.state, 'pending'))
    .all();
  return due?.at ?? null;
}
