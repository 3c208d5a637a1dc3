import { setMaxListeners } from 'node:events';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { Db } from '../db/client.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { type Logger, silentLogger } from '../lib/logger.js';
import { findNextDueAfter } from '../repositories/webhook-deliveries.js';
import { runWrite, type WritePort } from '../services/write/port.js';
import type { Bundle } from './claim.js';
import { deliverBundle } from './deliver-bundle.js';
import { HttpSender } from './http-sender.js';
import type { SigningKey } from './service-keys.js';
import { realSleep, type SleepFn, Waker } from './waker.js';

export interface DispatcherOptions {
  /** Reads (when the next retry is due). */
  db: Db;
  /** Every write – fan-out, claims, attempts, the signing key – as commands of the process's write port. */
  writes: WritePort;
  clock?: Clock;
  /** Live mode: deliver to public addresses only. */
  live?: boolean;
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Requests in flight at once to one subscription (default 4): a dead endpoint holds no more. */
  perSubscription?: number;
  /** Requests in flight at once for one tenant's subscriptions (default half the concurrency). */
  perTenant?: number;
  /** Events per POST (default 100). */
  maxEventsPerRequest?: number;
  /** Per request, connect to last byte (default 10 s). */
  timeoutMs?: number;
  /** Longest idle wait; also how soon rows written by another process are seen (default 1 s). */
  pollMs?: number;
  /** How long a claimed bundle stays leased (default timeout + 5 s): a crash re-sends after it. */
  leaseMs?: number;
  fanOutBatch?: number;
  /** The idle / back-off wait; tests inject one that advances a manual clock. */
  sleep?: SleepFn;
  logger?: Logger;
  /** Hears of every request's outcome (the process's metrics). */
  observer?: DeliveryObserver;
}

export type DeliveryOutcome = 'delivered' | 'failed' | 'unrecorded';

export interface DeliveryObserver {
  requestDone(outcome: DeliveryOutcome, events: number): void;
}

export interface DispatcherStats {
  requests: number;
  deliveredEvents: number;
  failedRequests: number;
}

/**
 * The webhook worker (pg-boss shape): fan the outbox out into deliveries,
 * claim due bundles, send them concurrently, record each outcome, then a
 * cancellable sleep until the next retry is due or `notify()` reports new
 * outbox rows. `stop()` finishes the requests in flight (aborting them after
 * the grace period).
 */
export class WebhookDispatcher {
  readonly stats: DispatcherStats = { requests: 0, deliveredEvents: 0, failedRequests: 0 };
  private readonly db: Db;
  private readonly writes: WritePort;
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly perSubscription: number;
  private readonly perTenant: number;
  private readonly bySubscription = new Map<string, number>();
  private readonly byTenant = new Map<string, number>();
  private readonly maxEvents: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly fanOutBatch: number;
  private readonly sleep: SleepFn;
  private readonly logger: Logger;
  private readonly observer: DeliveryObserver | undefined;
  private readonly sender: HttpSender;
  private readonly waker = new Waker();
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private running: Promise<void> | undefined;

  constructor(options: DispatcherOptions) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.db = options.db;
    this.writes = options.writes;
    this.clock = options.clock ?? systemClock;
    this.concurrency = options.concurrency ?? 16;
    this.perSubscription = options.perSubscription ?? 4;
    this.perTenant = options.perTenant ?? Math.max(1, Math.ceil(this.concurrency / 2));
    this.maxEvents = options.maxEventsPerRequest ?? 100;
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? timeoutMs + 5_000;
    this.fanOutBatch = options.fanOutBatch ?? 1_000;
    this.sleep = options.sleep ?? realSleep;
    this.logger = options.logger ?? silentLogger;
    this.observer = options.observer;
    // Every request in flight listens on the one stop signal.
    setMaxListeners(0, this.abort.signal);
    this.sender = new HttpSender({ live: options.live ?? false, timeoutMs, maxSockets: this.concurrency });
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** New outbox rows were committed: look now instead of at the next poll. */
  notify(): void {
    this.waker.wake();
  }

  /** Stops taking work, waits for requests in flight (aborted after `graceMs`). */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.waker.wake();
    const timer = setTimeout(() => this.abort.abort(), graceMs);
    await this.running;
    clearTimeout(timer);
    this.sender.close();
  }

  private async loop(): Promise<void> {
    let key: SigningKey | undefined;
    while (!this.stopping) {
      let wait = this.pollMs;
      try {
        key ??= await runWrite(this.writes, {
          op: 'webhooks.ensureSigningKey',
          now: this.clock.now().toISOString(),
        });
        wait = await this.step(key);
      } catch (error) {
        this.logger.error({ err: error }, 'webhook dispatcher pass failed');
      }
      if (wait === 0) await yieldToEvents();
      else if (this.inFlight.size > 0) await this.waker.wait(Math.min(wait, this.pollMs), realSleep);
      else await this.waker.wait(wait, this.sleep);
    }
    await Promise.allSettled([...this.inFlight]);
  }

  /** One pass; returns how long to wait before the next (0: more work is ready). */
  private async step(key: SigningKey): Promise<number> {
    const now = this.clock.now();
    const fanned = await runWrite(this.writes, {
      op: 'dispatch.fanOut',
      now: now.toISOString(),
      batchSize: this.fanOutBatch,
    });
    const maxBundles = this.concurrency - this.inFlight.size;
    const bundles =
      maxBundles <= 0
        ? []
        : await runWrite(this.writes, {
            op: 'dispatch.claimBundles',
            now: now.toISOString(),
            leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
            maxBundles,
            maxEventsPerBundle: this.maxEvents,
            inFlight: {
              bySubscription: Object.fromEntries(this.bySubscription),
              byTenant: Object.fromEntries(this.byTenant),
              perSubscription: this.perSubscription,
              perTenant: this.perTenant,
            },
          });
    for (const bundle of bundles) this.launch(bundle, key);
    if (fanned > 0 || bundles.length > 0) {
      this.logger.debug(
        { fanned_out: fanned, bundles: bundles.length, in_flight: this.inFlight.size },
        'webhook dispatcher pass',
      );
    }
    if (this.inFlight.size >= this.concurrency) return this.pollMs;
    if (fanned === this.fanOutBatch || bundles.length > 0) return 0;
    return await this.msUntilNextDue(now);
  }

  private async msUntilNextDue(now: Date): Promise<number> {
    const next = await findNextDueAfter(this.db, now.toISOString());
    if (!next) return this.pollMs;
    return Math.max(1, Math.min(this.pollMs, Date.parse(next) - now.getTime()));
  }

  private count(counts: Map<string, number>, key: string, by: number): void {
    const next = (counts.get(key) ?? 0) + by;
    if (next <= 0) counts.delete(key);
    else counts.set(key, next);
  }

  private launch(bundle: Bundle, key: SigningKey): void {
    this.count(this.bySubscription, bundle.subscriptionId, 1);
    this.count(this.byTenant, bundle.tenantId, 1);
    const deps = { writes: this.writes, clock: this.clock, sender: this.sender, key };
    const task: Promise<void> = deliverBundle(deps, bundle, this.abort.signal)
      .then((result) => {
        this.stats.requests++;
        this.observer?.requestDone(result.ok ? 'delivered' : 'failed', bundle.events.length);
        if (result.ok) {
          this.stats.deliveredEvents += bundle.events.length;
          this.logger.debug(
            { webhook_id: bundle.subscriptionId, events: bundle.events.length },
            'webhook delivered',
          );
        } else {
          this.stats.failedRequests++;
          this.logger.warn(
            {
              webhook_id: bundle.subscriptionId,
              events: bundle.events.length,
              error: result.error,
              retry_in_s: result.backoffSeconds,
            },
            'webhook delivery failed',
          );
        }
      })
      .catch((error: unknown) => {
        // Not recorded: the lease expires and the bundle is sent again.
        this.observer?.requestDone('unrecorded', bundle.events.length);
        this.logger.error({ webhook_id: bundle.subscriptionId, err: error }, 'webhook delivery not recorded');
      })
      .finally(() => {
        this.inFlight.delete(task);
        this.count(this.bySubscription, bundle.subscriptionId, -1);
        this.count(this.byTenant, bundle.tenantId, -1);
        this.waker.wake();
      });
    this.inFlight.add(task);
  }
}
