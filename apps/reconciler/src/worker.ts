import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { marketDate } from '@tbo/contracts';
import type { ApiClient, WorkStatus } from './api-client.js';
import { addReport, type BatchReport, didWork, emptyReport } from './batch-report.js';
import { DEFAULT_RETRY, handleClaimedWork, type RetryPolicy } from './claimed-work.js';
import type { CustodianAdapter } from './custodian/adapter.js';
import { applyInbound } from './inbound.js';
import { errorText, type Logger, silentLogger } from './log.js';
import { WakeableSleep } from './wakeable-sleep.js';

export interface WorkerOptions {
  api: ApiClient;
  adapter: CustodianAdapter;
  log?: Logger;
  owner?: string;
  batchSize?: number;
  leaseSeconds?: number;
  pollIntervalMs?: number;
  /** How often the worker expires INCOMING transfers older than 30 days, moves deadline states and logs its lag. */
  housekeepingIntervalMs?: number;
  /** Loops running side by side (each claims its own leased batch): keeps the api busy while one waits. */
  concurrency?: number;
  /** Today as YYYY-MM-DD in the market's time zone (tests pin it). */
  today?: () => string;
  /** Failed attempts before a transfer is parked, and the first back-off. */
  retry?: RetryPolicy;
  /** Hears of every pass (the process's metrics). */
  observer?: PassObserver;
}

export interface PassObserver {
  passDone(report: BatchReport): void;
  passFailed(): void;
}

export interface WorkerHealth {
  owner: string;
  adapter: string;
  state: 'starting' | 'running' | 'stopping' | 'stopped';
  startedAt: string;
  lastBatchAt: string | null;
  lastError: string | null;
  batches: number;
  totals: BatchReport;
  api: WorkStatus | null;
}

/**
 * The settlement loop (pg-boss worker shape): while not stopping, take what
 * the custodian sent, claim a batch, handle it, record the outcome, then a
 * sleep that `notify()` cuts short. `stop()` lets the batch in hand finish.
 */
export class Worker {
  private stopping = false;
  private readonly sleepers: WakeableSleep[];
  private running: Promise<void> | undefined;
  private lastHousekeeping = 0;
  readonly health: WorkerHealth;

  constructor(private readonly options: WorkerOptions) {
    this.sleepers = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => new WakeableSleep());
    this.health = {
      owner: options.owner ?? `reconciler-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      adapter: options.adapter.name,
      state: 'starting',
      startedAt: new Date().toISOString(),
      lastBatchAt: null,
      lastError: null,
      batches: 0,
      totals: emptyReport(),
      api: null,
    };
  }

  private get log(): Logger {
    return this.options.log ?? silentLogger;
  }

  start(): Promise<void> {
    const loops = Math.max(1, this.options.concurrency ?? 1);
    this.running ??= Promise.all(Array.from({ length: loops }, (_, n) => this.loop(n))).then(() => {
      this.health.state = 'stopped';
      this.log('info', 'worker stopped', { batches: this.health.batches });
    });
    return this.running;
  }

  /** New work is waiting: skip the rest of the sleep. */
  notify(): void {
    for (const sleeper of this.sleepers) sleeper.wake();
  }

  /** Stop taking work; resolves once the batch in hand is recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.health.state = 'stopping';
    this.notify();
    await this.running;
  }

  /** One pass: inbound messages, then one claimed batch. Exposed for tests. */
  async runOnce(): Promise<BatchReport> {
    const { api, adapter } = this.options;
    const report = emptyReport();
    await this.housekeeping();
    await applyInbound(api, adapter, this.log, report);
    await handleClaimedWork(
      api,
      adapter,
      {
        owner: this.health.owner,
        limit: this.options.batchSize ?? 500,
        leaseSeconds: this.options.leaseSeconds ?? 60,
      },
      this.today(),
      report,
      this.options.retry ?? DEFAULT_RETRY,
    );
    return report;
  }

  private today(): string {
    return this.options.today?.() ?? marketDate(new Date());
  }

  private async housekeeping(): Promise<void> {
    const interval = this.options.housekeepingIntervalMs ?? 60_000;
    if (Date.now() - this.lastHousekeeping < interval) return;
    this.lastHousekeeping = Date.now();
    const { expired, withdrawing } = await this.options.api.internal.expireIncoming.mutate({ limit: 1000 });
    if (expired.length > 0 || withdrawing.length > 0) {
      this.log('info', 'incoming transfers expired', {
        cancelled: expired.length,
        withdrawing: withdrawing.length,
      });
    }
    // Deadlines clients see turn AT_RISK / OVERDUE as days pass; each change is a DATA_CHANGED event.
    const { changed } = await this.options.api.internal.announceDeadlines.mutate({ limit: 1000 });
    if (changed.length > 0) {
      this.log('info', 'deadline states changed', {
        at_risk: changed.filter((c) => c.state === 'AT_RISK').length,
        overdue: changed.filter((c) => c.state === 'OVERDUE').length,
      });
    }
    this.health.api = await this.options.api.internal.status.query();
    this.log('info', 'lag', { ...this.health.api });
  }

  private async loop(n: number): Promise<void> {
    this.health.state = 'running';
    this.log('info', 'worker started', { owner: this.health.owner, adapter: this.health.adapter, loop: n });
    let failures = 0;
    while (!this.stopping) {
      let busy = false;
      try {
        const report = await this.runOnce();
        failures = 0;
        busy = didWork(report);
        this.health.batches++;
        this.health.lastBatchAt = new Date().toISOString();
        addReport(this.health.totals, report);
        this.options.observer?.passDone(report);
        // A pass that did something is worth a line; an idle one only when debugging.
        if (busy) this.log('info', 'batch', { ...report, loop: n });
        else this.log('debug', 'idle pass', { loop: n });
      } catch (error) {
        failures++;
        this.options.observer?.passFailed();
        this.health.lastError = errorText(error);
        this.log('error', 'batch failed', { error: errorText(error), failures });
      }
      if (this.stopping) break;
      if (!busy) {
        const base = this.options.pollIntervalMs ?? 1000;
        await this.sleepers[n]?.sleep(failures > 0 ? Math.min(base * 2 ** failures, 30_000) : base);
      }
    }
  }
}
