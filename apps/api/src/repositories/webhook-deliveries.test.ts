import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, DEMO, type TestDb } from '../../test/harness.js';
import { writeTransaction } from '../db/transaction.js';
import { insertPendingDelivery, leaseDelivery, listDeliveryCandidates } from './webhook-deliveries.js';
import { insertSubscription } from './webhook-subscriptions.js';

const NOW = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:05:00.000Z';

describe('the delivery queue’s candidates', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  async function subscription(id: string) {
    await insertSubscription(t.db, {
      id,
      tenantId: DEMO.tenant.id,
      url: `https://example.com/${id}`,
      eventTypes: null,
      enabled: true,
      createdAt: NOW,
      updatedAt: NOW,
    });
  }

  it('takes due deliveries in outbox order, holding back an object behind its leased earlier event', async () => {
    await subscription('sub-a');
    await writeTransaction(t.db, async (tx) => {
      for (const [eventSeq, objectId] of [
        [1, 'transfer-1'],
        [2, 'transfer-2'],
        [3, 'transfer-1'],
      ] as const) {
        await insertPendingDelivery(tx, { subscriptionId: 'sub-a', eventSeq, objectId, dueAt: NOW });
      }
      // A second insert of a queued delivery changes nothing.
      await insertPendingDelivery(tx, {
        subscriptionId: 'sub-a',
        eventSeq: 1,
        objectId: 'transfer-1',
        dueAt: LATER,
      });
    });
    const query = { now: NOW, fullSubscriptions: [], fullTenants: [], limit: 10 };
    expect((await listDeliveryCandidates(t.db, query)).map((c) => [c.event_seq, c.object_id])).toEqual([
      [1, 'transfer-1'],
      [2, 'transfer-2'],
      [3, 'transfer-1'],
    ]);
    await leaseDelivery(t.db, 'sub-a', 1, LATER);
    expect(await listDeliveryCandidates(t.db, query)).toEqual([
      {
        subscription_id: 'sub-a',
        tenant_id: DEMO.tenant.id,
        event_seq: 2,
        object_id: 'transfer-2',
        attempts: 0,
      },
    ]);
  });

  it('leaves out subscriptions and tenants at their in-flight caps', async () => {
    await subscription('sub-a');
    await subscription('sub-b');
    await insertPendingDelivery(t.db, { subscriptionId: 'sub-a', eventSeq: 1, objectId: 'x', dueAt: NOW });
    await insertPendingDelivery(t.db, { subscriptionId: 'sub-b', eventSeq: 2, objectId: 'y', dueAt: NOW });
    const base = { now: NOW, fullSubscriptions: [] as string[], fullTenants: [] as string[], limit: 10 };
    const seqs = async (query: typeof base) =>
      (await listDeliveryCandidates(t.db, query)).map((c) => c.event_seq);
    expect(await seqs({ ...base, fullSubscriptions: ['sub-a'] })).toEqual([2]);
    expect(await seqs({ ...base, fullTenants: [DEMO.tenant.id] })).toEqual([]);
    expect(await seqs({ ...base, limit: 1 })).toEqual([1]);
  });
});
