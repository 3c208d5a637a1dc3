import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/sql.js';

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

const WORK = "status IN ('NEW', 'PROCESSING')";

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
  for (const r of prepared(
    db,
    `SELECT status, sum(count) AS n FROM transfer_counts
     WHERE transfer_kind = 'SECURITIES_TRANSFER' AND status IN ('NEW', 'PROCESSING') GROUP BY status`,
  ).all() as { status: 'NEW' | 'PROCESSING'; n: number }[]) {
    counts[r.status] = r.n;
  }
  const leasedNew = (
    prepared(
      db,
      `SELECT count(*) AS n FROM securities_transfers WHERE ${WORK} AND status = 'NEW' AND lease_expires_at > ?`,
    ).get(at) as { n: number }
  ).n;
  const leasedProcessing = (
    prepared(
      db,
      `SELECT count(*) AS n FROM securities_transfers WHERE ${WORK} AND status = 'PROCESSING' AND lease_expires_at > ?`,
    ).get(at) as { n: number }
  ).n;
  let oldest: string | null = null;
  const queues = prepared(
    db,
    `SELECT tenant_id AS tenantId, direction FROM transfer_counts
     WHERE transfer_kind = 'SECURITIES_TRANSFER' AND status = 'NEW' AND count > 0`,
  ).all() as { tenantId: string; direction: string }[];
  const firstFree = prepared(
    db,
    `SELECT created_at AS createdAt FROM securities_transfers
     WHERE tenant_id = ? AND direction = ? AND status = 'NEW' AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
     ORDER BY created_at LIMIT 1`,
  );
  for (const q of queues) {
    const first = firstFree.get(q.tenantId, q.direction, at) as { createdAt: string } | undefined;
    if (first !== undefined && (oldest === null || first.createdAt < oldest)) oldest = first.createdAt;
  }
  const cancellations = (
    prepared(
      db,
      `SELECT count(*) AS n FROM securities_transfers WHERE ${WORK} AND status = 'PROCESSING'
       AND cancellation_requested_at IS NOT NULL AND cancellation_forwarded_at IS NULL`,
    ).get() as { n: number }
  ).n;
  const parked = (
    prepared(
      db,
      `SELECT count(*) AS n FROM securities_transfers WHERE parked_at IS NOT NULL AND ${WORK}`,
    ).get() as { n: number }
  ).n;
  // Back-off leases carry the owner 'backoff' (work-failures.ts): a range of the work index.
  const retrying = (
    prepared(
      db,
      `SELECT count(*) AS n FROM securities_transfers WHERE ${WORK} AND lease_expires_at > ? AND lease_owner = 'backoff'`,
    ).get(at) as { n: number }
  ).n;
  const breaks = (
    prepared(db, 'SELECT count(*) AS n FROM reconciliation_breaks WHERE resolved_at IS NULL').get() as {
      n: number;
    }
  ).n;
  const exceptions = (
    prepared(db, 'SELECT count(*) AS n FROM custodian_exceptions WHERE resolved_at IS NULL').get() as {
      n: number;
    }
  ).n;
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
    openBreaks: breaks,
    openExceptions: exceptions,
  };
}
