import type { Db } from '../db/client.js';
import type { Executor } from '../db/types.js';
import { type Claim, earlierOutcomeIn, keyInFlight, keyReused, recordIdempotentIn } from './idempotency.js';

interface Job {
  claim: Claim | undefined;
  execute: (db: Executor) => unknown;
  resolve: (outcome: { value: unknown; replayed: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for client writes: the writes that arrive in the same turn of
 * the event loop share one transaction (claim the idempotency keys, do the
 * work, store the responses) instead of one or two each. Each write runs in
 * its own savepoint, so one failing request rolls back only itself. Promises
 * settle only after the commit, so an answer is never ahead of the disk.
 */
export class WriteBatcher {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  submit<T>(
    claim: Claim | undefined,
    execute: (db: Executor) => T,
  ): Promise<{ value: T; replayed: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        claim,
        execute,
        resolve: resolve as (outcome: { value: unknown; replayed: boolean }) => void,
        reject,
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    const client = this.db.$client;
    const settle: (() => void)[] = [];
    try {
      client
        .transaction(() => {
          // Keys taken by earlier jobs of this batch: a repeat is in flight (409),
          // as it would be against another instance's uncommitted claim.
          const inBatch = new Map<string, string>();
          for (const job of jobs) {
            const claim = job.claim;
            if (claim) {
              try {
                const slot = `${claim.tenantId}\n${claim.key}`;
                const hashInBatch = inBatch.get(slot);
                if (hashInBatch !== undefined) {
                  throw hashInBatch === `${claim.operation}\n${claim.hash}`
                    ? keyInFlight(claim)
                    : keyReused(claim);
                }
                const earlier = earlierOutcomeIn(this.db, claim);
                if (earlier) {
                  const value: unknown = JSON.parse(earlier.replay);
                  settle.push(() => job.resolve({ value, replayed: true }));
                  continue;
                }
                inBatch.set(slot, `${claim.operation}\n${claim.hash}`);
              } catch (error) {
                settle.push(() => job.reject(error));
                continue;
              }
            }
            // The work and its stored response commit together; a failure rolls
            // back its own savepoint only and leaves the key free.
            try {
              const value = client.transaction(() => {
                const result = job.execute(this.db);
                if (claim) recordIdempotentIn(this.db, claim, JSON.stringify(result));
                return result;
              })();
              settle.push(() => job.resolve({ value, replayed: false }));
            } catch (error) {
              settle.push(() => job.reject(error));
            }
          }
        })
        .immediate();
    } catch (error) {
      // Nothing of the batch was committed: every waiting request fails and may retry.
      for (const job of jobs) job.reject(error);
      return;
    }
    for (const done of settle) done();
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
