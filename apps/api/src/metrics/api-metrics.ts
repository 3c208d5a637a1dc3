import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import { type WorkStatus, workStatus } from '../services/settlement/work-status.js';
import type { WritePort } from '../services/write/port.js';
import type { DeliveryObserver } from '../webhooks/dispatcher.js';
import { transfersByStatus } from './store-figures.js';
import { registerDeliveryMetrics, registerWebhookBacklog } from './webhook-metrics.js';

/** Seconds: from a cached read to a slow signed write under load. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ApiMetrics {
  readonly registry: Registry;
  /** One finished request, labelled by its templated route (route-template.ts). */
  requestFinished(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** The in-process dispatcher's observer (its counters are registered on first use). */
  deliveries(): DeliveryObserver;
}

/**
 * The api's /metrics: requests per route and status, the write path, and
 * figures read at scrape time from counters and indexes (store-figures.ts,
 * work-status.ts) – transfers by status, the settlement worker's lag and
 * parked transfers, the webhook backlog – plus Node's process metrics.
 */
export function createApiMetrics(
  db: Db,
  clock: Clock,
  options: { processMetrics?: boolean; writes?: WritePort } = {},
): ApiMetrics {
  const registry = new Registry();
  // Node's own figures (event loop delay, heap, GC): once per process, not per app a test builds.
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'tbo_http_requests_total',
    help: 'HTTP requests answered, by method, templated route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'tbo_http_request_duration_seconds',
    help: 'From the request arriving to the last byte of the answer, by method, templated route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  if (options.writes) registerWritePath(registry, options.writes);
  registerStoreFigures(registry, db, clock);
  registerWebhookBacklog(registry, db, clock);
  let deliveries: DeliveryObserver | undefined;
  return {
    registry,
    requestFinished(labels, seconds) {
      const withStatus = { ...labels, status: String(labels.status) };
      requests.inc(withStatus);
      latency.observe(withStatus, seconds);
    },
    deliveries() {
      deliveries ??= registerDeliveryMetrics(registry);
      return deliveries;
    },
  };
}

function registerWritePath(registry: Registry, writes: WritePort): void {
  new Gauge({
    name: 'tbo_write_queue_depth',
    help: 'Writes (client, console, settlement, webhook dispatch) submitted and not yet answered (writer thread), or waiting for the next group commit.',
    registers: [registry],
    collect() {
      this.set(writes.pending);
    },
  });
  const commit = new Histogram({
    name: 'tbo_write_commit_duration_seconds',
    help: 'Duration of one group commit of the write port (the transaction, its fsync included).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const size = new Histogram({
    name: 'tbo_write_commit_writes',
    help: 'Writes per group commit: client, console, settlement and webhook-dispatch commands alike.',
    buckets: [1, 2, 4, 8, 12, 16, 32, 64, 128],
    registers: [registry],
  });
  writes.observe({
    batchCommitted(count, seconds) {
      commit.observe(seconds);
      size.observe(count);
    },
  });
}

function registerStoreFigures(registry: Registry, db: Db, clock: Clock): void {
  new Gauge({
    name: 'tbo_transfers',
    help: 'Transfers by kind and status (the running counts kept with every change).',
    labelNames: ['kind', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await transfersByStatus(db))
        this.set({ kind: row.kind, status: row.status }, row.count);
    },
  });
  // One read of the worker's queue per scrape, shared by both gauges below.
  let status: WorkStatus | undefined;
  const current = async () => {
    status ??= await workStatus(db, clock.now());
    queueMicrotask(() => {
      status = undefined;
    });
    return status;
  };
  new Gauge({
    name: 'tbo_settlement_work',
    help: "The settlement worker's queue (internal.status) by figure: unclaimed_new, leased, retrying, parked, cancellations_to_forward, open_breaks, open_exceptions.",
    labelNames: ['figure'],
    registers: [registry],
    async collect() {
      const s = await current();
      this.set({ figure: 'unclaimed_new' }, s.unclaimedNew);
      this.set({ figure: 'leased' }, s.leased);
      this.set({ figure: 'retrying' }, s.retrying);
      this.set({ figure: 'parked' }, s.parked);
      this.set({ figure: 'cancellations_to_forward' }, s.cancellationsToForward);
      this.set({ figure: 'open_breaks' }, s.openBreaks);
      this.set({ figure: 'open_exceptions' }, s.openExceptions);
    },
  });
  new Gauge({
    name: 'tbo_settlement_lag_seconds',
    help: "Age of the oldest NEW transfer no worker holds (0 when none waits): the settlement worker's lag.",
    registers: [registry],
    async collect() {
      this.set((await current()).oldestUnclaimedNewAgeSeconds ?? 0);
    },
  });
}
