import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
import { eventsOf, historyOf, rowOf } from '../../test/inspect.js';
import type { Actor } from '../context.js';
import { webhookDeliveries, webhookSubscriptions } from '../db/tables.js';
import { runWrite } from '../services/write/port.js';

const OPERATOR: Actor = { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'operator' };
const VIEWER: Actor = { kind: 'operator', operatorId: 'op-2', email: 'viewer@example.com', role: 'viewer' };

describe('console bulk actions and health', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  const create = (ref: string) =>
    callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, settlement_reference: ref });

  /** A subscription of the demo tenant and a failing delivery of the transfer's latest event. */
  async function failingDelivery(transferId: string): Promise<number> {
    const at = t.clock.now().toISOString();
    await t.db
      .insert(webhookSubscriptions)
      .values({
        id: 'sub-1',
        tenantId: DEMO.tenant.id,
        url: 'https://hooks.example/t',
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing();
    const seq = (await eventsOf(t.db, transferId)).at(-1)?.seq ?? 0;
    await t.db.insert(webhookDeliveries).values({
      subscriptionId: 'sub-1',
      eventSeq: seq,
      objectId: transferId,
      state: 'pending',
      attempts: 4,
      nextAttemptAt: '2026-03-02T12:00:00.000Z',
      lastAttemptAt: '2026-03-02T08:00:00.000Z',
      lastStatusCode: 503,
      lastError: 'HTTP 503',
    });
    return seq;
  }

  it('cancels many transfers with one reason, audits each, and reports the ones it could not', async () => {
    const a = await create('BULK-A');
    const b = await create('BULK-B');
    const stale = await create('BULK-STALE');
    const done = await create('BULK-DONE');
    await callerFor(t).securitiesTransfers.cancel({ id: done.id });
    const admin = callerFor(t, { actor: OPERATOR }).admin.transfers;
    const { results } = await admin.bulkCancel({
      kind: 'SECURITIES',
      reason: 'client closed the account',
      items: [
        { id: a.id },
        { id: b.id, expected_updated_at: (await rowOf(t.db, b.id)).updatedAt },
        { id: stale.id, expected_updated_at: '2020-01-01T00:00:00.000Z' },
        { id: done.id },
      ],
    });
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      [a.id, true],
      [b.id, true],
      [stale.id, false],
      [done.id, false],
    ]);
    expect(results[2]).toMatchObject({ code: 'CONFLICT' });
    for (const id of [a.id, b.id]) {
      expect((await rowOf(t.db, id)).status).toBe('CANCELLED');
      expect((await historyOf(t.db, id)).at(-1)).toMatchObject({
        actor: 'operator:ops@example.com',
        toStatus: 'CANCELLED',
        reasonCode: 'CANCELLED_BY_OPERATOR',
        reason: 'client closed the account',
      });
    }
    expect((await rowOf(t.db, stale.id)).status).toBe('NEW');

    await expect(
      callerFor(t, { actor: VIEWER }).admin.transfers.bulkCancel({
        kind: 'SECURITIES',
        reason: 'not allowed',
        items: [{ id: stale.id }],
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      admin.bulkCancel({ kind: 'SECURITIES', reason: 'x', items: [{ id: stale.id }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('queues the latest event of each selected transfer again and notes it in each history', async () => {
    const a = await create('REDO-A');
    const quiet = await create('REDO-QUIET');
    const seq = await failingDelivery(a.id);
    t.clock.set(new Date('2026-03-02T09:30:00.000Z'));
    const admin = callerFor(t, { actor: OPERATOR }).admin.transfers;
    const { results } = await admin.bulkRedeliver({
      kind: 'SECURITIES',
      reason: 'receiver fixed their endpoint',
      items: [{ id: a.id }, { id: quiet.id }],
    });
    expect(results).toEqual([
      { id: a.id, ok: true },
      expect.objectContaining({ id: quiet.id, ok: false, code: 'NOT_FOUND' }),
    ]);
    const delivery = (await t.db.select().from(webhookDeliveries))[0];
    expect(delivery).toMatchObject({
      eventSeq: seq,
      state: 'pending',
      nextAttemptAt: '2026-03-02T09:30:00.000Z',
    });
    expect((await historyOf(t.db, a.id)).at(-1)).toMatchObject({
      actor: 'operator:ops@example.com',
      reasonCode: 'WEBHOOK_REDELIVERY_REQUESTED',
      reason: 'receiver fixed their endpoint',
    });
    expect((await historyOf(t.db, quiet.id)).map((h) => h.reasonCode)).not.toContain(
      'WEBHOOK_REDELIVERY_REQUESTED',
    );
  });

  it('reports the worker lag and last pass and the dispatcher backlog and failing endpoints', async () => {
    const first = await create('HEALTH-1');
    t.clock.set(new Date('2026-03-02T09:10:00.000Z'));
    await create('HEALTH-2');
    await failingDelivery(first.id);
    const admin = callerFor(t, { actor: VIEWER }).admin;
    const before = await admin.health();
    expect(before.reconciler).toMatchObject({ new: 2, lag_seconds: 600, passes: [] });
    expect(before.dispatcher).toMatchObject({ backlog: 1, failing: 1 });
    expect(before.dispatcher.failing_endpoints).toEqual([
      expect.objectContaining({
        subscription_id: 'sub-1',
        url: 'https://hooks.example/t',
        tenant_name: 'Demo Fintech',
        failing_deliveries: 1,
        last_status_code: 503,
      }),
    ]);
    await runWrite(t.writes, {
      op: 'settlement.claimWork',
      owner: 'worker-a',
      limit: 10,
      leaseSeconds: 60,
      simulateAfterMs: null,
      now: t.clock.now().toISOString(),
      validateAs: null,
    });
    t.clock.set(new Date('2026-03-02T09:10:30.000Z'));
    const after = await admin.health();
    expect(after.reconciler.passes).toEqual([
      { owner: 'worker-a', last_pass_at: '2026-03-02T09:10:00.000Z', last_claimed: 2, seconds_ago: 30 },
    ]);
    expect(after.reconciler.leased).toBe(2);
  });
});
