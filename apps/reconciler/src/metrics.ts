import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { BatchReport } from './batch-report.js';
import type { PassObserver, WorkerHealth } from './worker.js';

export interface WorkerMetrics {
  registry: Registry;
  observer: PassObserver;
}

const QUEUE_FIGURES = {
  unclaimed_new: 'unclaimedNew',
  leased: 'leased',
  retrying: 'retrying',
  parked: 'parked',
  cancellations_to_forward: 'cancellationsToForward',
  open_breaks: 'openBreaks',
  open_exceptions: 'openExceptions',
} as const;

/**
 * The worker's /metrics (on STATUS_PORT): its passes, the commands it had the
 * api apply by outcome, custodian messages by direction, type and outcome,
 * and the queue figures it last read from the api (`internal.status`, every
 * housekeeping interval): lag and parked transfers among them.
 */
export function createWorkerMetrics(
  healthOf: () => WorkerHealth,
  options: { processMetrics?: boolean } = {},
): WorkerMetrics {
  const registry = new Registry();
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry });
  const passes = new Counter({
    name: 'tbo_reconciler_passes_total',
    help: 'Passes of the settlement loop by outcome (ok, failed).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const claimed = new Counter({
    name: 'tbo_reconciler_claimed_total',
    help: 'Transfers claimed.',
    registers: [registry],
  });
  const commands = new Counter({
    name: 'tbo_reconciler_commands_total',
    help: 'Settlement commands the api applied, by outcome (VALIDATED, INSTRUCTED, SETTLED…, or ERROR:<code>).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const messages = new Counter({
    name: 'tbo_custodian_messages_total',
    help: 'Custodian messages by direction (in, out), ISO 15022 type and outcome (in: booked, exception, deferred, quarantined, refused; out: sent, refused, failed).',
    labelNames: ['direction', 'type', 'outcome'],
    registers: [registry],
  });
  passes.inc({ outcome: 'ok' }, 0);
  passes.inc({ outcome: 'failed' }, 0);
  new Gauge({
    name: 'tbo_reconciler_last_pass_timestamp_seconds',
    help: 'When the last pass finished (Unix time; 0 before the first).',
    registers: [registry],
    collect() {
      const { lastBatchAt } = healthOf();
      this.set(lastBatchAt === null ? 0 : Date.parse(lastBatchAt) / 1000);
    },
  });
  new Gauge({
    name: 'tbo_reconciler_queue',
    help: 'The settlement queue as the worker last read it from the api, by figure.',
    labelNames: ['figure'],
    registers: [registry],
    collect() {
      this.reset();
      const status = healthOf().api;
      if (status === null) return;
      for (const [figure, key] of Object.entries(QUEUE_FIGURES)) this.set({ figure }, status[key]);
    },
  });
  new Gauge({
    name: 'tbo_reconciler_lag_seconds',
    help: 'Age of the oldest NEW transfer no worker holds, as last read from the api (0 when none waits).',
    registers: [registry],
    collect() {
      this.set(healthOf().api?.oldestUnclaimedNewAgeSeconds ?? 0);
    },
  });
  return {
    registry,
    observer: {
      passDone(report: BatchReport) {
        passes.inc({ outcome: 'ok' });
        if (report.claimed > 0) claimed.inc(report.claimed);
        for (const [outcome, n] of Object.entries(report.outcomes)) commands.inc({ outcome }, n);
        for (const [key, n] of Object.entries(report.messages)) {
          const [direction = '', type = '', outcome = ''] = key.split(' ');
          messages.inc({ direction, type, outcome }, n);
        }
      },
      passFailed() {
        passes.inc({ outcome: 'failed' });
      },
    },
  };
}
