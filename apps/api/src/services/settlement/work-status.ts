import { z } from 'zod';
import type { Db } from '../../db/client.js';

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
  openBreaks: z.number(),
});
export type WorkStatus = z.infer<typeof WorkStatusSchema>;

/** Queue depth and lag of the settlement worker, for health checks and the console. */
export function workStatus(db: Db, now: Date): WorkStatus {
  const at = now.toISOString();
  const one = <T>(sql: string, params: Record<string, string> = {}) =>
    db.$client.prepare(sql).get(params) as T;
  const counts = { NEW: 0, PROCESSING: 0 };
  for (const r of db.$client
    .prepare(
      `SELECT status, count(*) AS n FROM securities_transfers WHERE status IN ('NEW', 'PROCESSING') GROUP BY status`,
    )
    .all() as { status: 'NEW' | 'PROCESSING'; n: number }[]) {
    counts[r.status] = r.n;
  }
  const leased = one<{ n: number }>(
    `SELECT count(*) AS n FROM securities_transfers WHERE status IN ('NEW', 'PROCESSING') AND lease_expires_at > @at`,
    { at },
  ).n;
  const unclaimed = one<{ n: number; oldest: string | null }>(
    `SELECT count(*) AS n, min(created_at) AS oldest FROM securities_transfers
     WHERE status = 'NEW' AND (lease_expires_at IS NULL OR lease_expires_at <= @at)`,
    { at },
  );
  const cancellations = one<{ n: number }>(
    `SELECT count(*) AS n FROM securities_transfers WHERE status = 'PROCESSING'
     AND cancellation_requested_at IS NOT NULL AND cancellation_forwarded_at IS NULL`,
  ).n;
  const breaks = one<{ n: number }>(
    'SELECT count(*) AS n FROM reconciliation_breaks WHERE resolved_at IS NULL',
  ).n;
  return {
    now: at,
    counts,
    leased,
    unclaimedNew: unclaimed.n,
    oldestUnclaimedNewAt: unclaimed.oldest,
    oldestUnclaimedNewAgeSeconds:
      unclaimed.oldest === null
        ? null
        : Math.max(0, Math.round((now.getTime() - Date.parse(unclaimed.oldest)) / 1000)),
    cancellationsToForward: cancellations,
    openBreaks: breaks,
  };
}
