import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWrite } from '../../src/services/write/port.js';
import type { WebhookDispatcher } from '../../src/webhooks/dispatcher.js';
import {
  callerFor,
  clientActor,
  createTestDb,
  DEMO,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../harness.js';
import { sqlRun } from '../inspect.js';
import { eventsOf, quietDispatcher, type Receiver, startReceiver, waitFor } from '../webhooks-support.js';

const OTHER_TENANT_REQUEST = {
  ...SEED_SECURITIES_REQUEST,
  user_id: DEMO.otherTenantUser,
  account_id: DEMO.otherTenantAccount,
};

describe("hole: one tenant's slow receiver delayed every other tenant's webhooks", () => {
  let t: TestDb;
  let dead: Receiver;
  let alive: Receiver;
  let dispatcher: WebhookDispatcher | undefined;
  beforeEach(async () => {
    t = await createTestDb();
    dead = await startReceiver(() => 'hang');
    alive = await startReceiver(() => 200);
  });
  afterEach(async () => {
    await dispatcher?.stop(100);
    await dead.close();
    await alive.close();
    await t.close();
  });

  it("delivers another tenant's event within seconds while a never-answering receiver holds its own slots", async () => {
    const demo = callerFor(t);
    const other = callerFor(t, { actor: clientActor(DEMO.otherTenant) });
    // Tenant A: 20 subscriptions to an endpoint that never answers, more than the 16 shared slots.
    for (let i = 0; i < 20; i++) await demo.webhooks.create({ url: `${dead.url}/${i}` });
    await other.webhooks.create({ url: alive.url });
    // A minute's timeout: without caps, every slot stays taken far longer than the wait below.
    dispatcher = quietDispatcher(t, { timeoutMs: 60_000, concurrency: 16 });
    dispatcher.start();
    for (let i = 0; i < 3; i++) await demo.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    dispatcher.notify();
    await waitFor(() => dead.requests.length >= 8, 10_000, 'the dead receiver to hold its slots');

    const created = await other.securitiesTransfers.create({ ...OTHER_TENANT_REQUEST });
    dispatcher.notify();
    await waitFor(
      () => alive.accepted().some((e) => e.object.id === created.id),
      5_000,
      "the other tenant's delivery",
    );
    // Tenant A never held more than its share: half the slots.
    expect(dead.requests.length).toBeLessThanOrEqual(8);
    expect(alive.requests.flatMap(eventsOf).every((e) => e.object.id === created.id)).toBe(true);
  });

  it("keeps a dead subscription's retries to its own slots: the tenant's other subscription still gets its events", async () => {
    const demo = callerFor(t);
    const deadHook = await demo.webhooks.create({ url: dead.url });
    await demo.webhooks.create({ url: alive.url });
    // 20 transfers whose deliveries to the dead endpoint are in retry: each travels alone.
    for (let i = 0; i < 20; i++) await demo.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    await runWrite(t.writes, { op: 'dispatch.fanOut', now: new Date().toISOString(), batchSize: 1000 });
    await sqlRun(t.db, 'UPDATE webhook_deliveries SET attempts = 1 WHERE subscription_id = ?', deadHook.id);
    dispatcher = quietDispatcher(t, { timeoutMs: 60_000, concurrency: 16 });
    dispatcher.start();
    await waitFor(() => dead.requests.length >= 4, 10_000, 'the dead endpoint to hold its slots');
    await waitFor(() => alive.accepted().length >= 20, 10_000, 'the first 20 events to the live endpoint');

    const created = await demo.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    dispatcher.notify();
    await waitFor(
      () => alive.accepted().some((e) => e.object.id === created.id),
      5_000,
      'the new event to the live endpoint',
    );
    // The dead endpoint never held more than its subscription's share.
    expect(dead.requests.length).toBeLessThanOrEqual(4);
  });
});
