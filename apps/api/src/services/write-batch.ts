import type { Db } from '../db/client.js';
import { type NonceUse, nonceReplayed, recordNonceIn } from './auth/nonces.js';
import { type Claim, earlierOutcomeIn, keyInFlight, keyReused, recordIdempotentIn } from './idempotency.js';

export interface BatchJob {
  claim: Claim | undefined;
  /** A signed request's nonce: recorded first, outside the job's savepoint, so it stays used even when the job fails. */
  nonce?: NonceUse | undefined;
  execute: (db: Db) => unknown;
}

export type BatchOutcome = { ok: true; value: unknown; replayed: boolean } | { ok: false; error: unknown };

/**
 * Group commit: runs the jobs of one batch in one IMMEDIATE transaction, each
 * in its own savepoint so a failing job rolls back only itself. A job with an
 * idempotency claim replays an earlier response, is refused (422/409), or
 * stores its response in the same savepoint as its work. Throws – and
 * nothing is committed – only when the transaction itself fails.
 */
export function runWriteBatch(db: Db, jobs: readonly BatchJob[]): BatchOutcome[] {
  const client = db.$client;
  return client
    .transaction(() => {
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
          const value = client.transaction(() => {
            const result = job.execute(db);
            if (claim) recordIdempotentIn(db, claim, JSON.stringify(result));
            return result;
          })();
          return { ok: true, value, replayed: false };
        } catch (error) {
          return { ok: false, error };
        }
      });
    })
    .immediate();
}
