import type { Db } from '../../db/client.js';
import { AppError } from '../../domain/errors.js';
import { isReadOnlyConnection } from '../../repositories/store-figures.js';
import type { NonceUse } from '../auth/nonces.js';
import type { Claim } from '../idempotency.js';
import { type BatchJob, type BatchOutcome, runWriteBatch } from './batch.js';
import { asBatchFailure } from './batch-failure.js';
import { runCommand, type WriteCommand } from './commands.js';
import type { WriteObserver, WriteOutcome, WritePort } from './port.js';

interface Job extends BatchJob {
  resolve: (outcome: WriteOutcome<unknown>) => void;
  reject: (error: unknown) => void;
}

/**
 * The write port on the event loop's own connection: the writes that arrive
 * in the same turn of the event loop share one transaction (see
 * `runWriteBatch`). Promises settle only after the commit returns: with
 * `synchronous = FULL` (the default, docs/operations.md) that commit is on
 * disk; with DATABASE_SYNCHRONOUS=normal it survives a process crash only.
 */
export class GroupCommitPort implements WritePort {
  private queue: Job[] = [];
  private scheduled = false;
  private stopping = false;
  private flushing: Promise<void> = Promise.resolve();
  private observer: WriteObserver | undefined;

  constructor(private readonly db: Db) {}

  get pending(): number {
    return this.queue.length;
  }

  observe(observer: WriteObserver): void {
    this.observer = observer;
  }

  submit(
    claim: Claim | undefined,
    command: WriteCommand,
    nonce?: NonceUse | undefined,
  ): Promise<WriteOutcome<unknown>> {
    if (this.stopping) {
      return Promise.reject(new AppError('UNAVAILABLE', 'the api is shutting down; retry shortly'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ claim, nonce, execute: (tx) => runCommand(tx, command), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.flushing = this.flush();
        });
      }
    });
  }

  /** Every job of one turn shares the batch here: nothing more is needed to keep them together. */
  submitTogether(commands: readonly WriteCommand[]): Promise<WriteOutcome<unknown>>[] {
    return commands.map((command) => this.submit(undefined, command));
  }

  async ping(): Promise<void> {
    // Writes share the event loop's connection: it answers, or readiness already failed.
    if (await isReadOnlyConnection(this.db)) throw new Error('the database connection is read-only');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.flushing;
    if (this.queue.length > 0) await this.flush();
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    let outcomes: BatchOutcome[];
    const started = performance.now();
    try {
      outcomes = await runWriteBatch(this.db, jobs);
      this.observer?.batchCommitted(jobs.length, (performance.now() - started) / 1000);
    } catch (error) {
      // Nothing of the batch was committed: every waiting request fails and may retry.
      const failure = asBatchFailure(error);
      for (const job of jobs) job.reject(failure);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const job = jobs[i] as Job;
      if (outcome.ok) job.resolve({ value: outcome.value, replayed: outcome.replayed });
      else job.reject(outcome.error);
    });
  }
}
