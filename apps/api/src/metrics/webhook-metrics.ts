import { Counter, Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import type { DeliveryObserver } from '../webhooks/dispatcher.js';
import { BACKLOG_COUNT_CAP, earliestDeliveryDue, pendingDeliveries } from './store-figures.js';

/**
 * The dispatcher's own figures, in whichever process runs it (the api, or the
 * dispatcher on its own): requests by outcome and events delivered.
 */
export function registerDeliveryMetrics(registry: Registry): DeliveryObserver {
  const requests = new Counter({
    name: 'tbo_webhook_requests_total',
    help: 'Webhook POSTs by outcome: delivered (2xx), failed (retried later), unrecorded (sent again after the lease).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const events = new Counter({
    name: 'tbo_webhook_events_delivered_total',
    help: 'Events delivered in successful webhook POSTs.',
    registers: [registry],
  });
  for (const outcome of ['delivered', 'failed', 'unrecorded']) requests.inc({ outcome }, 0);
  return {
    requestDone(outcome, count) {
      requests.inc({ outcome });
      if (outcome === 'delivered') events.inc(count);
    },
  };
}

/** The backlog, read from the database at scrape time (by the api and by a dispatcher process). */
export function registerWebhookBacklog(registry: Registry, db: Db, clock: Clock): void {
  new Gauge({
    name: 'tbo_webhook_deliveries_pending',
    help: `Webhook deliveries waiting (due or backing off); counted up to ${BACKLOG_COUNT_CAP}.`,
    registers: [registry],
    async collect() {
      this.set(await pendingDeliveries(db));
    },
  });
  new Gauge({
    name: 'tbo_webhook_oldest_due_seconds',
    help: 'How long the most overdue pending delivery has been due (0 when none is due).',
    registers: [registry],
    async collect() {
      const due = await earliestDeliveryDue(db);
      const now = clock.now().getTime();
      this.set(due === null ? 0 : Math.max(0, (now - Date.parse(due)) / 1000));
    },
  });
}
