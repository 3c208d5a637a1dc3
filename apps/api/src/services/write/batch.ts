import type { Db } from '../../db/client.js';
import { isRetryableConflict, writeTransaction } from '../../db/transaction.js';
import { type NonceUse, nonceReplayed, recordNonceIn } from '../auth/nonces.js';
import { type Claim, earlierOutcomeIn, keyInFlight, keyReused, recordIdempotentIn } from '../idempotency.js';

export interface BatchJob {
  claim: Claim | undefined;
  /** A signed request's nonce: recorded first, outside the job's savepoint, so it stays used even when the job fails. */
  nonce?: NonceUse | undefined;
  execute: (db: Db) => unknown | Promise<unknown>;
}

export type BatchOutcome = { ok: true; value: unknown; replayed: boolean } | { ok: false; error: unknown };

/** How the batches run on this thread went (tests; the figures stay per thread). */
export const writeBatchFigures = {
  batches: 0,
  /** Batches in which a job failed, so the batch was run again with each job in its own savepoint. */
  isolatedReruns: 0,
};

/** Thrown out of the optimistic attempt to roll all of it back. */
class JobFailed {}

async function executeAndRecord(db: Db, job: BatchJob): Promise<unknown> {
  const result = await job.execute(db);
  if (job.claim) await recordIdempotentIn(db, job.claim, JSON.stringify(result));
  return result;
}

/**
 * The jobs in order. `isolated` runs each job's work in its own savepoint so
 * a failure rolls back only that job; without it the first failing job
 * throws `JobFailed`. A nonce replay or an idempotency refusal writes
 * nothing and is an outcome in both modes.
 */
async function runJobs(db: Db, jobs: readonly BatchJob[], isolated: boolean): Promise<BatchOutcome[]> {
  // Keys taken by earlier jobs of this batch: a repeat is in flight (409),
  // as it would be against another instance's uncommitted claim.
  const inBatch = new Map<string, string>();
  const outcomes: BatchOutcome[] = [];
  for (const job of jobs) outcomes.push(await runJob(db, job, isolated, inBatch));
  return outcomes;
}

async function runJob(
  db: Db,
  job: BatchJob,
  isolated: boolean,
  inBatch: Map<string, string>,
): Promise<BatchOutcome> {
  if (job.nonce && !(await recordNonceIn(db, job.nonce))) return { ok: false, error: nonceReplayed() };
  const claim = job.claim;
  if (claim) {
    try {
      const slot = `${claim.tenantId}\n${claim.key}`;
      const request = `${claim.operation}\n${claim.hash}`;
      const earlierInBatch = inBatch.get(slot);
      if (earlierInBatch !== undefined) {
        throw earlierInBatch === request ? keyInFlight(claim) : keyReused(claim);
      }
      const earlier = await earlierOutcomeIn(db, claim);
      if (earlier) return { ok: true, value: JSON.parse(earlier.replay), replayed: true };
      inBatch.set(slot, request);
    } catch (error) {
      return { ok: false, error };
    }
  }
  try {
    const value = isolated
      ? await writeTransaction(db, async (savepoint) => executeAndRecord(savepoint, job))
      : await executeAndRecord(db, job);
    return { ok: true, value, replayed: false };
  } catch (error) {
    // PostgreSQL could not serialize the transaction: it is run again whole, not failed job by job.
    if (isRetryableConflict(error)) throw error;
    if (!isolated) throw new JobFailed();
    return { ok: false, error };
  }
}

/**
 * Group commit: runs the jobs of one batch in one IMMEDIATE transaction. A
 * job with an idempotency claim replays an earlier response, is refused
 * (422/409), or stores its response together with its work.
 *
 * First without savepoints: a savepoint copies every page a job touches
 * into the statement journal, a fifth of the writer's time, and almost every
 * batch succeeds whole. When a job fails, that attempt is rolled back
 * entirely and the batch runs again with each job in its own savepoint, so
 * a failing job rolls back only itself. Throws – and nothing is committed –
 * only when the transaction itself fails.
 */
export async function runWriteBatch(db: Db, jobs: readonly BatchJob[]): Promise<BatchOutcome[]> {
  writeBatchFigures.batches++;
  try {
    return await writeTransaction(db, async (tx) => runJobs(tx, jobs, false));
  } catch (error) {
    if (!(error instanceof JobFailed)) throw error;
  }
  writeBatchFigures.isolatedReruns++;
  return await writeTransaction(db, async (tx) => runJobs(tx, jobs, true));
}
