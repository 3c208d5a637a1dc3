import type { Db } from '../../db/client.js';
import { type NonceUse, nonceReplayed, recordNonceIn } from '../auth/nonces.js';
import { type Claim, earlierOutcomeIn, keyInFlight, keyReused, recordIdempotentIn } from '../idempotency.js';

export interface BatchJob {
  claim: Claim | undefined;
  /** A signed request's nonce: recorded first, outside the job's savepoint, so it stays used even when the job fails. */
  nonce?: NonceUse | undefined;
  execute: (db: Db) => unknown;
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

function executeAndRecord(db: Db, job: BatchJob): unknown {
  const result = job.execute(db);
  if (job.claim) recordIdempotentIn(db, job.claim, JSON.stringify(result));
  return result;
}

/**
 * The jobs in order. `isolated` runs each job's work in its own savepoint so
 * a failure rolls back only that job; without it the first failing job
 * throws `JobFailed`. A nonce replay or an idempotency refusal writes
 * nothing and is an outcome in both modes.
 */
function runJobs(db: Db, jobs: readonly BatchJob[], isolated: boolean): BatchOutcome[] {
  const inSavepoint = isolated
    ? db.$client.transaction((job: BatchJob) => executeAndRecord(db, job))
    : undefined;
  // Keys taken by earlier jobs of this batch: a repeat is in flight (409),
  // as it would be against another instance's uncommitted claim.
  const inBatch = new Map<string, string>();
  return jobs.map((job): BatchOutcome => {
    if (job.nonce && !recordNonceIn(db, job.nonce)) return { ok: false, error: nonceReplayed() };
    const claim = job.claim;
    if (claim) {
      try {
        const slot = `${claim.tenantId}\n${claim.key}`;
        const request = `${claim.operation}\n${claim.hash}`;
        const earlierInBatch = inBatch.get(slot);
        if (earlierInBatch !== undefined) {
          throw earlierInBatch === request ? keyInFlight(claim) : keyReused(claim);
        }
        const earlier = earlierOutcomeIn(db, claim);
        if (earlier) return { ok: true, value: JSON.parse(earlier.replay), replayed: true };
        inBatch.set(slot, request);
      } catch (error) {
        return { ok: false, error };
      }
    }
    try {
      const value = inSavepoint ? inSavepoint(job) : executeAndRecord(db, job);
      return { ok: true, value, replayed: false };
    } catch (error) {
      if (!isolated) throw new JobFailed();
      return { ok: false, error };
    }
  });
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
export function runWriteBatch(db: Db, jobs: readonly BatchJob[]): BatchOutcome[] {
  const client = db.$client;
  writeBatchFigures.batches++;
  try {
    return client.transaction(() => runJobs(db, jobs, false)).immediate();
  } catch (error) {
    if (!(error instanceof JobFailed)) throw error;
  }
  writeBatchFigures.isolatedReruns++;
  return client.transaction(() => runJobs(db, jobs, true)).immediate();
}
