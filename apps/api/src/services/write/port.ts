import type { Db } from '../../db/client.js';
import type { NonceUse } from '../auth/nonces.js';
import { noPurges, type PurgeSlice, tablesWithExpiredRows } from '../housekeeping.js';
import type { Claim } from '../idempotency.js';
import type { WriteAnswer, WriteCommand } from './commands.js';

export interface WriteOutcome<T> {
  value: T;
  replayed: boolean;
}

/** Hears of every group commit: how many writes, and how long the transaction took. */
export interface WriteObserver {
  batchCommitted(writes: number, seconds: number): void;
}

/**
 * The one way a write reaches the database: a named command (plain data, so
 * it can cross to another thread), run under its idempotency claim and its
 * signature nonce, group-committed with the other writes of the same turn.
 * Which implementation serves a process is chosen once at start-up and
 * passed in the context: `GroupCommitPort` on the event loop's connection,
 * or `WriterThread` on a thread and connection of its own.
 */
export interface WritePort {
  submit(
    claim: Claim | undefined,
    command: WriteCommand,
    nonce?: NonceUse | undefined,
  ): Promise<WriteOutcome<unknown>>;
  /**
   * Commands that belong together (a settlement batch): each its own job,
   * answered on its own, committed in one group commit – a batch limit of
   * the port never splits them.
   */
  submitTogether(commands: readonly WriteCommand[]): Promise<WriteOutcome<unknown>>[];
  /** Writes submitted and not yet answered: the write queue's depth. */
  readonly pending: number;
  /** Resolves when the write path answers within `timeoutMs`; rejects with why not. */
  ping(timeoutMs: number): Promise<void>;
  /** Every group commit from now on is reported to `observer` (metrics). */
  observe(observer: WriteObserver): void;
  /** Lets the writes in hand finish; refuses new ones. */
  stop(): Promise<void>;
}

/**
 * Marks a signed request's nonce used, group-committed with the other writes
 * of this turn; false when it is live already (a replay). Each request learns
 * whether its nonce was fresh before it is processed.
 */
export async function useNonce(
  writes: WritePort,
  tenantId: string,
  nonce: string,
  expiresAt: Date,
  now: Date,
): Promise<boolean> {
  return await runWrite(writes, {
    op: 'signatureNonce.use',
    tenantId,
    nonce,
    expiresAt: expiresAt.toISOString(),
    now: now.toISOString(),
  });
}

/**
 * Runs one command through the port without an idempotency claim or nonce
 * (operator, settlement and housekeeping writes) and answers with its typed
 * result.
 */
export async function runWrite<Op extends WriteCommand['op']>(
  writes: WritePort,
  command: Extract<WriteCommand, { op: Op }>,
): Promise<WriteAnswer<Op>> {
  const outcome = await writes.submit(undefined, command);
  return outcome.value as WriteAnswer<Op>;
}

/**
 * The purge's slice on a port that runs on the event loop's connection: the
 * check for expired rows is a read on `db`, and only when some are due is the
 * `housekeeping.purgeExpired` command submitted – an idle tick writes nothing.
 */
export function purgeThroughPort(writes: WritePort, db: Db): PurgeSlice {
  return async (now, limit) => {
    const tables = await tablesWithExpiredRows(db, now);
    if (tables.length === 0) return noPurges();
    return await runWrite(writes, { op: 'housekeeping.purgeExpired', tables, now: now.toISOString(), limit });
  };
}
