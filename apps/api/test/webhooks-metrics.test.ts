import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { registerDeliveryMetrics, registerWebhookBacklog } from '../src/metrics/webhook-metrics.js';
import { callerFor, createTestDb, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import { parsePrometheusText, sampleValue } from './prometheus-text.js';
import { quietDispatcher, type Receiver, startReceiver, waitFor } from './webhooks-support.js';

describe('webhook metrics', () => {
  let t: TestDb | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('count requests by outcome and show the backlog a failing endpoint leaves', async () => {
    t = await createTestDb();
    let failing = true;
    receiver = await startReceiver(() => (failing ? 503 : 200));
    const registry = new Registry();
    registerWebhookBacklog(registry, t.db, t.clock);
    const dispatcher = quietDispatcher(t, { observer: registerDeliveryMetrics(registry), clock: t.clock });
    const empty = parsePrometheusText(await registry.metrics());
    expect(sampleValue(empty, 'tbo_webhook_deliveries_pending')).toBe(0);

    await callerFor(t).webhooks.create({ url: receiver.url });
    await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    dispatcher.start();
    await waitFor(() => (receiver?.requests.length ?? 0) >= 1, 10_000, 'the first attempt');
    await waitFor(() => dispatcher.stats.failedRequests >= 1, 10_000, 'the failure recorded');
    const failed = parsePrometheusText(await registry.metrics());
    expect(sampleValue(failed, 'tbo_webhook_requests_total', { outcome: 'failed' })).toBe(1);
    expect(sampleValue(failed, 'tbo_webhook_requests_total', { outcome: 'delivered' })).toBe(0);
    expect(sampleValue(failed, 'tbo_webhook_deliveries_pending')).toBe(1);

    // The retry falls due: the oldest due delivery ages with the clock, then goes out.
    failing = false;
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    const overdue = parsePrometheusText(await registry.metrics());
    expect(sampleValue(overdue, 'tbo_webhook_oldest_due_seconds')).toBeGreaterThan(50);
    dispatcher.notify();
    await waitFor(() => dispatcher.stats.deliveredEvents >= 1, 10_000, 'the delivery');
    await dispatcher.stop();
    const delivered = parsePrometheusText(await registry.metrics());
    expect(sampleValue(delivered, 'tbo_webhook_requests_total', { outcome: 'delivered' })).toBe(1);
    expect(sampleValue(delivered, 'tbo_webhook_events_delivered_total')).toBe(1);
    expect(sampleValue(delivered, 'tbo_webhook_deliveries_pending')).toBe(0);
  });
});
