import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transaction.js';
import { type Logger, silentLogger } from '../lib/logger.js';
import {
  deleteExpiredRows,
  EXPIRING_TABLES,
  type ExpiringTable,
  hasExpiredRows,
} from '../repositories/expiring-rows.js';

/**
 * Rows one slice deletes per table at most. Each row is a random leaf of its
 * key index to rewrite, about 12 µs here: a slice holds the write connection
 * for a few milliseconds, no longer than a batch of creates.
 */
export const PURGE_SLICE_ROWS = 100;
/** How often the housekeeper looks for expired rows when its last slice was not full. */
export const HOUSEKEEPING_INTERVAL_MS = 100;

export type PurgeCounts = Record<ExpiringTable, number>;

export const noPurges = (): PurgeCounts => ({ signature_nonces: 0, idempotency_keys: 0, access_tokens: 0 });

/** Adds a slice's counts to `total`; true when a table filled its slice, so more may be waiting. */
export function tallySlice(total: PurgeCounts, slice: PurgeCounts, limit: number): boolean {
  for (const table of EXPIRING_TABLES) total[table] += slice[table];
  return EXPIRING_TABLES.some((table) => slice[table] === limit);
}

/**
 * One slice: deletes at most `limit` expired rows of each expiring table, the
 * oldest first (through each table's expiry index), in one IMMEDIATE transaction – taken only when something has
 * expired, so an idle tick never waits for another writer's lock.
 */
export async function purgeExpiredSlice(db: Db, now: Date, limit = PURGE_SLICE_ROWS): Promise<PurgeCounts> {
  const cutoff = now.toISOString();
  const counts = noPurges();
  const due: ExpiringTable[] = [];
  for (const table of EXPIRING_TABLES) if (await hasExpiredRows(db, table, cutoff)) due.push(table);
  if (due.length === 0) return counts;
  await writeTransaction(db, async (tx) => {
    for (const table of due) counts[table] = await deleteExpiredRows(tx, table, cutoff, limit);
  });
  return counts;
}

export interface Housekeeper {
  /** Rows deleted since start, per table (operations figures and tests). */
  readonly purged: PurgeCounts;
  stop(): void;
}

/**
 * Runs the purge on the thread that owns the write connection, one slice at a
 * time between that thread's own work: at start, every `intervalMs`, and again
 * right after a full slice, so a backlog drains at tens of thousands of rows a
 * second while the writes queued meanwhile run between the slices. A failed
 * slice (e.g. the file stayed locked) is logged and retried at the next interval.
 */
export function startHousekeeping(
  db: Db,
  options: { intervalMs?: number; sliceRows?: number; now?: () => Date; logger?: Logger } = {},
): Housekeeper {
  const intervalMs = options.intervalMs ?? HOUSEKEEPING_INTERVAL_MS;
  const sliceRows = options.sliceRows ?? PURGE_SLICE_ROWS;
  const now = options.now ?? (() => new Date());
  const purged = noPurges();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    if (delayMs === 0) setImmediate(runSlice);
    else timer = setTimeout(runSlice, delayMs).unref();
  };
  const runSlice = async () => {
    if (stopped) return;
    let full = false;
    try {
      full = tallySlice(purged, await purgeExpiredSlice(db, now(), sliceRows), sliceRows);
    } catch (error) {
      (options.logger ?? silentLogger).error({ err: error }, 'purge of expired rows failed');
    }
    schedule(full ? 0 : intervalMs);
  };
  // The first slice right away: a restart may find a backlog.
  schedule(0);
  return {
    purged,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
