import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxEvents, webhookAttempts } from '../src/db/tables.js';
import type { SleepFn } from '../src/webhooks/waker.js';
import { callerFor, createTestDb, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import {
  eventsOf,
  moveTo,
  quietDispatcher,
  type ReceivedRequest,
  type Receiver,
  startReceiver,
  verifyReceived,
  waitFor,
} from './webhooks-support.js';

/** Instead of waiting, advance the manual clock by the requested time and record it. */
function fakeSleep(t: TestDb, slept: number[]): SleepFn {
  return async (ms) => {
    slept.push(ms);
    t.clock.set(new Date(t.clock.now().getTime() + ms));
    await yieldToEvents();
  };
}

const HOUR = 3_600_000;

describe('webhook retries', () => {
  let t: TestDb;
  let receiver: Receiver | undefined;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => {
    await receiver?.close();
    await t.close();
  });

  it('retries the whole bundle with back-off 1, 2, 3, 5, 8 s, then delivers everything in order', async () => {
    const failures = 5;
    receiver = await startReceiver((_, index) => (index < failures ? 503 : 200));
    const hook = await callerFor(t).webhooks.create({ url: receiver.url });
    const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    await moveTo(t, created.id, 'PROCESSING');
    await moveTo(t, created.id, 'SETTLED');
    const expected = await t.db.select().from(outboxEvents).orderBy(asc(outboxEvents.seq));
    const slept: number[] = [];
    // pollMs of an hour: every wait is the wait for the next retry.
    const dispatcher = quietDispatcher(t, { clock: t.clock, sleep: fakeSleep(t, slept), pollMs: HOUR });
    dispatcher.start();
    await waitFor(() => (receiver?.requests.length ?? 0) > failures, 10_000, 'the successful attempt');
    await dispatcher.stop();

    expect(slept.slice(0, failures)).toEqual([1000, 2000, 3000, 5000, 8000]);
    expect(receiver.requests).toHaveLength(failures + 1);
    for (const request of receiver.requests) {
      expect(eventsOf(request).map((e) => e.id)).toEqual(expected.map((e) => e.id));
    }
    const attempts = await t.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.subscriptionId, hook.id))
      .orderBy(asc(webhookAttempts.id));
    expect(attempts.map((a) => a.statusCode)).toEqual([503, 503, 503, 503, 503, 200]);
    expect(attempts.map((a) => a.error)).toEqual([...Array(failures).fill('HTTP 503'), null]);
    const times = attempts.map((a) => Date.parse(a.attemptedAt));
    expect(times.slice(1).map((time, i) => (time - (times[i] ?? 0)) / 1000)).toEqual([1, 2, 3, 5, 8]);
    for (const attempt of attempts) expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
    // Re-signed at every attempt: the last one verifies at the time it was sent.
    const last = receiver.requests.at(-1) as ReceivedRequest;
    expect(await verifyReceived(t.db, last, new Date(times.at(-1) ?? 0))).toMatchObject({ ok: true });
    const deliveries = await callerFor(t).webhooks.deliveries({ id: hook.id });
    expect(deliveries.data.map((d) => [d.state, d.attempts, d.last_status_code])).toEqual(
      expected.map(() => ['delivered', 6, 200]),
    );
  });

  it('one stuck transfer does not hold back another transfer, and keeps its own order', async () => {
    const api = callerFor(t);
    const stuck = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const fine = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    let acceptStuck = false;
    receiver = await startReceiver((request) =>
      !acceptStuck && request.body.includes(stuck.id) ? 500 : 200,
    );
    // Subscribed after the NEW events: it receives only what follows.
    t.clock.set(new Date(t.clock.now().getTime() + 1000));
    await api.webhooks.create({ url: receiver.url });
    await moveTo(t, stuck.id, 'PROCESSING');
    await moveTo(t, fine.id, 'PROCESSING');
    await moveTo(t, stuck.id, 'SETTLED');
    await moveTo(t, fine.id, 'SETTLED');
    const slept: number[] = [];
    const dispatcher = quietDispatcher(t, { clock: t.clock, sleep: fakeSleep(t, slept), pollMs: HOUR });
    dispatcher.start();

    const delivered = () =>
      (receiver?.accepted() ?? []).map((e) => `${e.object.id === stuck.id ? 'stuck' : 'fine'}:${e.type}`);
    await waitFor(() => delivered().length === 2, 10_000, 'the other transfer');
    expect(delivered()).toEqual(['fine:SECURITIES_TRANSFER.PROCESSING', 'fine:SECURITIES_TRANSFER.SETTLED']);
    // Keep failing for a while: the stuck object's bundle is always both its events, in order.
    await waitFor(() => (receiver?.requests.length ?? 0) >= 6, 10_000, 'more retries');
    const another = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    dispatcher.notify();
    await waitFor(() => delivered().includes('fine:SECURITIES_TRANSFER.NEW'), 10_000, 'a new transfer');
    acceptStuck = true;
    await waitFor(
      () => delivered().filter((e) => e.startsWith('stuck')).length >= 2,
      10_000,
      'the stuck one',
    );
    await dispatcher.stop();

    // The first, mixed bundle failed as a whole; after that the stuck transfer travels alone.
    const [firstRequest, ...retries] = receiver.requests.filter((r) => r.body.includes(stuck.id));
    expect(new Set(eventsOf(firstRequest as ReceivedRequest).map((e) => e.object.id))).toEqual(
      new Set([stuck.id, fine.id]),
    );
    for (const request of retries) {
      expect(eventsOf(request).map((e) => `${e.object.id}:${e.type}`)).toEqual([
        `${stuck.id}:SECURITIES_TRANSFER.PROCESSING`,
        `${stuck.id}:SECURITIES_TRANSFER.SETTLED`,
      ]);
    }
    expect(retries.length).toBeGreaterThanOrEqual(4);
    expect(eventsOf(receiver.requests.at(-1) as ReceivedRequest).map((e) => e.object.id)).toEqual([
      stuck.id,
      stuck.id,
    ]);
    expect(receiver.requests.some((r) => r.body.includes(another.id))).toBe(true);
    expect(slept.slice(0, 3)).toEqual([1000, 2000, 3000]);
  });
});
