import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transaction.js';
import type { Executor } from '../db/types.js';
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

/** The expiring tables holding expired rows: a read, so an idle tick takes no write lock. */
export async function tablesWithExpiredRows(db: Executor, now: Date): Promise<ExpiringTable[]> {
  const cutoff = now.toISOString();
  const due: ExpiringTable[] = [];
  for (const table of EXPIRING_TABLES) if (await hasExpiredRows(db, table, cutoff)) due.push(table);
  return due;
}

/**
 * Deletes at most `limit` expired rows of each of `tables`, the oldest first
 * (through each table's expiry index), in the caller's write transaction (the
 * `housekeeping.purgeExpired` command).
 */
export async function purgeExpiredIn(
  tx: Executor,
  tables: readonly ExpiringTable[],
  now: string,
  limit: number,
): Promise<PurgeCounts> {
  const counts = noPurges();
  for (const table of tables) counts[table] = await deleteExpiredRows(tx, table, now, limit);
  return counts;
}

/**
 * One slice on `db`'s own connection, in one IMMEDIATE transaction – taken
 * only when something has expired. The writer thread's purge: that
 * connection is the write port's, and the slice runs between its batches.
 */
export async function purgeExpiredSlice(db: Db, now: Date, limit = PURGE_SLICE_ROWS): Promise<PurgeCounts> {
  const due = await tablesWithExpiredRows(db, now);
  if (due.length === 0) return noPurges();
  return await writeTransaction(db, async (tx) => purgeExpiredIn(tx, due, now.toISOString(), limit));
}

/** One slice of the purge: the rows deleted per table, at most `limit` each. */
export type PurgeSlice = (now: Date, limit: number) => Promise<PurgeCounts>;

export interface Housekeeper {
  /** Rows deleted since start, per table (operations figures and tests). */
  readonly purged: PurgeCounts;
  stop(): void;
}

/**
 * Runs the purge one slice at a time through the write path (`purge`: the
 * writer thread's own slice, or the `housekeeping.purgeExpired` command on
 * the event loop's port), between the other writes: at start, every `intervalMs`, and again
 * right after a full slice, so a backlog drains at tens of thousands of rows a
 * second while the writes queued meanwhile run between the slices. A failed
 * slice (e.g. the file stayed locked) is logged and retried at the next interval.
 */
export function startHousekeeping(
  purge: PurgeSlice,
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
      full = tallySlice(purged, await purge(now(), sliceRows), sliceRows);
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
