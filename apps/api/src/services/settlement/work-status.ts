import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { countOpenCases } from '../../repositories/custodian-cases.js';
import { listQueues } from '../../repositories/work-queue.js';
import {
  countCancellationsToForward,
  countLeased,
  countOpenTransfers,
  countParked,
  countRetrying,
  findOldestFreeNew,
} from '../../repositories/work-queue-figures.js';

export const WorkStatusSchema = z.object({
  now: z.string(),
  counts: z.object({ NEW: z.number(), PROCESSING: z.number() }),
  /** Transfers currently leased by a worker. */
  leased: z.number(),
  /** NEW and never leased: waiting for the worker. */
  unclaimedNew: z.number(),
  oldestUnclaimedNewAt: z.string().nullable(),
  /** The worker's lag: age of the oldest NEW transfer nobody holds. */
  oldestUnclaimedNewAgeSeconds: z.number().nullable(),
  cancellationsToForward: z.number(),
  /** Open transfers the worker gave up on after its attempts (see docs/reconciler.md). */
  parked: z.number(),
  /** Open transfers waiting out a back-off after a failed attempt. */
  retrying: z.number(),
  openBreaks: z.number(),
  /** Custodian messages not booked and not yet resolved by an operator. */
  openExceptions: z.number(),
});
export type WorkStatus = z.infer<typeof WorkStatusSchema>;

/**
 * Queue depth and lag of the settlement worker, for health checks and the
 * console. Polled while the worker runs, so every figure comes from an index
 * or the list counters, never a scan of the transfers: the totals are the
 * `transfer_counts` rows (kept in the transaction of every change), leases are
 * ranges of the partial work index (which SQLite only uses when the query
 * repeats its `status IN (…)` term), and the oldest unclaimed NEW transfer is
 * the first unleased one per (tenant, direction) in `st_status_created_idx`.
 */
export async function workStatus(db: Db, now: Date): Promise<WorkStatus> {
  const at = now.toISOString();
  const counts = { NEW: 0, PROCESSING: 0 };
  for (const r of await countOpenTransfers(db)) {
    if (r.status === 'NEW' || r.status === 'PROCESSING') counts[r.status] = r.n;
  }
  const leasedNew = await countLeased(db, 'NEW', at);
  const leasedProcessing = await countLeased(db, 'PROCESSING', at);
  let oldest: string | null = null;
  for (const q of await listQueues(db, 'NEW')) {
    const first = await findOldestFreeNew(db, q, at);
    if (first !== undefined && (oldest === null || first < oldest)) oldest = first;
  }
  const cancellations = await countCancellationsToForward(db);
  const parked = await countParked(db);
  const retrying = await countRetrying(db, at);
  const open = await countOpenCases(db);
  return {
    now: at,
    counts,
    leased: leasedNew + leasedProcessing,
    unclaimedNew: Math.max(0, counts.NEW - leasedNew),
    oldestUnclaimedNewAt: oldest,
    oldestUnclaimedNewAgeSeconds:
      oldest === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(oldest)) / 1000)),
    cancellationsToForward: cancellations,
    parked,
    retrying,
    openBreaks: open.breaks,
    openExceptions: open.exceptions,
  };
}
