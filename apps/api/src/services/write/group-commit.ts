import type { Db } from '../../db/client.js';
import { writeObserverOf } from '../../db/write-observer.js';
import type { NonceUse } from '../auth/nonces.js';
import type { Claim } from '../idempotency.js';
import { type BatchJob, type BatchOutcome, runWriteBatch } from './batch.js';
import { runCommand, type WriteCommand } from './commands.js';
import { writerThreadOf } from './writer-thread.js';

export interface WriteOutcome<T> {
  value: T;
  replayed: boolean;
}

interface Job extends BatchJob {
  resolve: (outcome: WriteOutcome<unknown>) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for client writes on the api's own connection: the writes
 * that arrive in the same turn of the event loop share one transaction
 * (see `runWriteBatch`). Promises settle only after the commit returns: with
 * `synchronous = FULL` (the default, docs/operations.md) that commit is on
 * disk; with DATABASE_SYNCHRONOUS=normal it survives a process crash only.
 */
export class WriteBatcher {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  /** Writes waiting for the next group commit. */
  get pending(): number {
    return this.queue.length;
  }

  submit<T>(
    claim: Claim | undefined,
    execute: (db: Db) => T,
    nonce?: NonceUse | undefined,
  ): Promise<WriteOutcome<T>> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        claim,
        nonce,
        execute,
        resolve: resolve as (outcome: WriteOutcome<unknown>) => void,
        reject,
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    let outcomes: BatchOutcome[];
    const started = performance.now();
    try {
      outcomes = await runWriteBatch(this.db, jobs);
      writeObserverOf(this.db)?.batchCommitted(jobs.length, (performance.now() - started) / 1000);
    } catch (error) {
      // Nothing of the batch was committed: every waiting request fails and may retry.
      for (const job of jobs) job.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const job = jobs[i] as Job;
      if (outcome.ok) job.resolve({ value: outcome.value, replayed: outcome.replayed });
      else job.reject(outcome.error);
    });
  }
}

const batchers = new WeakMap<Db, WriteBatcher>();

export function writeBatcherFor(db: Db): WriteBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new WriteBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}

/**
 * A named client write: on the writer thread when the server started one
 * (the event loop then only parses, checks and answers), else group-committed
 * on this connection.
 */
export function submitWriteCommand(
  db: Db,
  claim: Claim | undefined,
  command: WriteCommand,
  nonce?: NonceUse | undefined,
): Promise<WriteOutcome<unknown>> {
  const thread = writerThreadOf(db);
  if (thread) return thread.submit(claim, command, nonce);
  return writeBatcherFor(db).submit(claim, async (tx) => runCommand(tx, command), nonce);
}

/**
 * Marks a signed request's nonce used, group-committed with the other writes
 * of this event-loop turn; false when it is live already (a replay). Each
 * request learns whether its nonce was fresh before it is processed.
 */
export async function useNonceBatched(
  db: Db,
  tenantId: string,
  nonce: string,
  expiresAt: Date,
  now: Date,
): Promise<boolean> {
  const outcome = await submitWriteCommand(db, undefined, {
    op: 'signatureNonce.use',
    tenantId,
    nonce,
    expiresAt: expiresAt.toISOString(),
    now: now.toISOString(),
  });
  return outcome.value === true;
}
