import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/client.js';
import { AppError } from '../../domain/errors.js';
import { type Logger, type LogLevel, silentLogger } from '../../lib/logger.js';
import { synchronousLevelOf, walAutocheckpointOf } from '../../repositories/connection-settings.js';
import type { NonceUse } from '../auth/nonces.js';
import type { Claim } from '../idempotency.js';
import { asBatchFailure } from './batch-failure.js';
import type { WriteCommand } from './commands.js';
import type { WriteObserver, WriteOutcome, WritePort } from './port.js';
import type { FromWriter, ToWriter, WireError, WireJob, WriterSettings } from './writer-wire.js';

interface Waiting {
  resolve: (outcome: { value: unknown; replayed: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * The writer thread as seen from the event loop. In source form (tests, tsx)
 * the worker loads TypeScript through tsx; built, it is dist/db-writer.js.
 */
function spawnWorker(workerData: WriterSettings): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const entry = new URL('./writer-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { eval: true, workerData, execArgv: ['--conditions=@tbo/source'] });
  }
  return new Worker(new URL('./db-writer.js', import.meta.url), { workerData });
}

function revive(error: WireError): AppError {
  const revived = new AppError(error.code, error.message, {
    ...(error.invalidParams ? { invalidParams: error.invalidParams } : {}),
    ...(error.headers ? { headers: error.headers } : {}),
  });
  if (error.wholeBatch) asBatchFailure(revived);
  return revived;
}

/**
 * Client writes run on a worker thread with its own SQLite connection, so
 * the commit and the B-tree work of one batch overlap with the event loop
 * parsing, checking and answering the next requests. Jobs posted in one turn
 * of the event loop travel as one message; the thread group-commits them.
 */
export class WriterThread implements WritePort {
  private worker: Worker;
  private nextId = 1;
  private nextGroup = 1;
  /** Jobs handed to the thread since start (operations figures and tests). */
  submitted = 0;
  /** Batches the thread has answered since start. */
  batchesAnswered = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly pings = new Map<number, (error: string | undefined) => void>();
  private queue: WireJob[] = [];
  private scheduled = false;
  private stopping = false;
  private onReady: (() => void) | undefined;
  private observer: WriteObserver | undefined;
  /** The writer connection's `synchronous` pragma (2 = FULL), known once ready. */
  synchronous: number | undefined;
  /** Settles when the current worker has opened its connection. */
  ready: Promise<void>;

  constructor(
    private readonly settings: WriterSettings,
    private readonly logger: Logger = silentLogger,
  ) {
    this.ready = new Promise((resolve) => {
      this.onReady = resolve;
    });
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = spawnWorker(this.settings);
    worker.on('message', (message: FromWriter) => {
      if ('pong' in message) {
        const answer = this.pings.get(message.pong);
        this.pings.delete(message.pong);
        answer?.(message.error);
        return;
      }
      if ('ready' in message) {
        this.synchronous = message.synchronous;
        this.onReady?.();
        return;
      }
      this.batchesAnswered++;
      this.observer?.batchCommitted(message.outcomes.length, message.seconds);
      for (const outcome of message.outcomes) {
        const waiting = this.waiting.get(outcome.id);
        if (!waiting) continue;
        this.waiting.delete(outcome.id);
        if (outcome.ok) waiting.resolve({ value: outcome.value, replayed: outcome.replayed });
        else waiting.reject(revive(outcome.error));
      }
    });
    worker.on('error', (error) => {
      this.logger.error({ err: error }, 'writer thread failed');
    });
    worker.on('exit', () => {
      // Whatever was in hand may or may not have committed: the clients retry
      // with their idempotency keys and get either the replay or a fresh write.
      for (const waiting of this.waiting.values()) {
        waiting.reject(
          asBatchFailure(
            new AppError('UNAVAILABLE', 'the write was interrupted; retry it with the same idempotency key'),
          ),
        );
      }
      this.waiting.clear();
      for (const answer of this.pings.values()) answer('the writer thread exited');
      this.pings.clear();
      if (!this.stopping) {
        this.ready = new Promise((resolve) => {
          this.onReady = resolve;
        });
        this.worker = this.spawn();
      }
    });
    return worker;
  }

  observe(observer: WriteObserver): void {
    this.observer = observer;
  }

  submit(
    claim: Claim | undefined,
    command: WriteCommand,
    nonce?: NonceUse | undefined,
  ): Promise<WriteOutcome<unknown>> {
    return this.enqueue(claim, command, nonce, undefined);
  }

  submitTogether(commands: readonly WriteCommand[]): Promise<WriteOutcome<unknown>>[] {
    const together = this.nextGroup++;
    return commands.map((command) => this.enqueue(undefined, command, undefined, together));
  }

  private enqueue(
    claim: Claim | undefined,
    command: WriteCommand,
    nonce: NonceUse | undefined,
    together: number | undefined,
  ): Promise<WriteOutcome<unknown>> {
    if (this.stopping) {
      return Promise.reject(new AppError('UNAVAILABLE', 'the api is shutting down; retry shortly'));
    }
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.submitted++;
      this.waiting.set(id, { resolve, reject });
      this.queue.push({ id, claim, nonce, command, together });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.post());
      }
    });
  }

  private post(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    this.worker.postMessage({ jobs } satisfies ToWriter);
  }

  /** Writes handed to the thread and not yet answered: the write queue's depth. */
  get pending(): number {
    return this.waiting.size;
  }

  /**
   * Resolves when the thread answers a query on its connection within
   * `timeoutMs` (after the batch it may be running); rejects with why not.
   */
  async ping(timeoutMs: number): Promise<void> {
    if (this.stopping) throw new Error('the writer thread is stopping');
    const id = this.nextId++;
    const error = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.pings.delete(id);
        resolve(`the writer thread did not answer within ${timeoutMs} ms`);
      }, timeoutMs);
      timer.unref();
      this.pings.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.worker.postMessage({ ping: id } satisfies ToWriter);
    });
    if (error !== undefined) throw new Error(error);
  }

  private stopped: Promise<void> | undefined;

  /** Lets the jobs in hand finish, then closes the thread's connection. */
  stop(): Promise<void> {
    if (this.stopped !== undefined) return this.stopped;
    this.stopping = true;
    const worker = this.worker;
    this.stopped = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    if (this.scheduled) this.post();
    worker.postMessage({ stop: true } satisfies ToWriter);
    return this.stopped;
  }

  /** For failure tests: the thread dies as if it had crashed. */
  async crashForTest(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Jobs per group commit at most. Bigger batches share more B-tree pages per
 * commit, but one batch holding every pending request leaves the event loop
 * idle until it is answered, and then the thread idle while the loop answers:
 * in paired runs at 32 connections 8 gave about 5 % more tRPC creates than no
 * cap and 4 a fifth fewer; once the thread also checked each answer against
 * its contract, 12 gave about 5 % more than 8.
 */
export const DEFAULT_WRITER_BATCH_MAX = 12;

/** Starts the writer thread for the database file `db` was opened on. */
export async function startWriterThread(
  db: Db,
  path: string,
  options: { batchMax?: number; housekeepingIntervalMs?: number; logger?: Logger } = {},
): Promise<WriterThread> {
  const logger = options.logger ?? silentLogger;
  return new WriterThread(
    {
      path,
      walAutocheckpoint: await walAutocheckpointOf(db),
      batchMax: options.batchMax ?? DEFAULT_WRITER_BATCH_MAX,
      synchronous: (await synchronousLevelOf(db)) >= 2 ? 'full' : 'normal',
      housekeepingIntervalMs: options.housekeepingIntervalMs,
      logLevel: logger.level as LogLevel,
    },
    logger,
  );
}
