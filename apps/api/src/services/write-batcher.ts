import type { Db } from '../db/client.js';
import type { Executor } from '../db/types.js';
import { abandonIdempotentIn, type Claim, claimIdempotentIn, completeIdempotentIn } from './idempotency.js';

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
          // Every key of the batch is claimed first, so a second request with a
          // key already in this batch sees it in flight (409), as it would across instances.
          const claimed: Job[] = [];
          for (const job of jobs) {
            if (!job.claim) {
              claimed.push(job);
              continue;
            }
            try {
              const begun = client.transaction(() => claimIdempotentIn(this.db, job.claim as Claim))();
              if ('replay' in begun) {
                const value: unknown = JSON.parse(begun.replay);
                settle.push(() => job.resolve({ value, replayed: true }));
              } else claimed.push(job);
            } catch (error) {
              settle.push(() => job.reject(error));
            }
          }
          // The work and its stored response commit together with the claim.
          for (const job of claimed) {
            try {
              const value = client.transaction(() => {
                const result = job.execute(this.db);
                if (job.claim) completeIdempotentIn(this.db, job.claim, JSON.stringify(result));
                return result;
              })();
              settle.push(() => job.resolve({ value, replayed: false }));
            } catch (error) {
              if (job.claim) abandonIdempotentIn(this.db, job.claim);
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
