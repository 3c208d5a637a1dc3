import { EVENT_TYPES, WebhookDeliveryBodySchema } from '@tbo/contracts';
import { asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { outboxEvents } from '../src/db/tables.js';
import { callerFor, DEMO, SEED_ACCOUNT_REQUEST, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import {
  eventsOf,
  freshDbAndReceiver,
  moveSettlementDate,
  moveTo,
  quietDispatcher,
  type Receiver,
  startReceiver,
  verifyReceived,
  waitFor,
} from './webhooks-support.js';

const accountRequest = () => ({
  ...SEED_ACCOUNT_REQUEST,
  instruments: [...SEED_ACCOUNT_REQUEST.instruments],
});

/** Drives transfers through every status so the outbox holds all ten event types. */
async function produceEveryEventType(t: TestDb): Promise<void> {
  const api = callerFor(t);
  const settled = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
  await moveTo(t, settled.id, 'PROCESSING');
  await moveSettlementDate(t, settled.id, '2026-03-06');
  await moveTo(t, settled.id, 'SETTLED');
  const cancelled = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
  await api.securitiesTransfers.cancel({ id: cancelled.id });

  const whole = await api.accountTransfers.create(accountRequest());
  for (const child of whole.instruments) await moveTo(t, child.transfer_id, 'PROCESSING');
  for (const child of whole.instruments) await moveTo(t, child.transfer_id, 'SETTLED');
  const partial = await api.accountTransfers.create(accountRequest());
  const [first, second] = partial.instruments;
  await moveTo(t, first?.transfer_id ?? '', 'PROCESSING');
  await moveTo(t, first?.transfer_id ?? '', 'SETTLED');
  await moveTo(t, second?.transfer_id ?? '', 'CANCELLED');
  const dropped = await api.accountTransfers.create(accountRequest());
  await api.accountTransfers.cancel({ id: dropped.id });
}

describe('webhook delivery', () => {
  const fixture = freshDbAndReceiver();
  let t: TestDb;
  let receiver: Receiver;
  beforeEach(() => {
    ({ t, receiver } = fixture);
  });

  it('delivers every event type, signed, bundled, in outbox order per object', async () => {
    const hook = await callerFor(t).webhooks.create({ url: receiver.url });
    await produceEveryEventType(t);
    const outbox = await t.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.tenantId, DEMO.tenant.id))
      .orderBy(asc(outboxEvents.seq));
    expect(new Set(outbox.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));

    const dispatcher = quietDispatcher(t);
    dispatcher.start();
    await waitFor(() => new Set(receiver.eventIds()).size === outbox.length, 10_000, 'all events');
    await dispatcher.stop();

    // Fewer requests than events: bundled.
    expect(receiver.requests.length).toBeLessThan(outbox.length);
    const received = [];
    for (const request of receiver.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      const verified = await verifyReceived(t.db, request);
      expect(verified).toMatchObject({ ok: true, label: 'sig1', algorithm: 'ed25519' });
      if (!verified.ok) continue;
      expect(verified.components).toEqual(
        expect.arrayContaining(['@method', '@path', 'content-type', 'content-length', 'content-digest']),
      );
      expect(verified.nonce).toBeTruthy();
      expect(verified.expires).toBeGreaterThan(verified.created);
      const body = WebhookDeliveryBodySchema.parse(JSON.parse(request.body));
      received.push(...body.payload);
    }
    expect(received.map((e) => e.id)).toEqual(outbox.map((e) => e.id));
    for (const event of received) expect(event.webhook_id).toBe(hook.id);
    const byId = new Map(outbox.map((e) => [e.id, e]));
    for (const event of received) {
      const stored = byId.get(event.id);
      expect(event.type).toBe(stored?.type);
      expect(event.created_at).toBe(stored?.createdAt);
      expect(event.object).toEqual(JSON.parse(stored?.payload ?? 'null'));
    }
  });

  it('a tampered body or a foreign key fails verification', async () => {
    await callerFor(t).webhooks.create({ url: receiver.url });
    await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const dispatcher = quietDispatcher(t);
    dispatcher.start();
    await waitFor(() => receiver.requests.length > 0);
    await dispatcher.stop();
    const [request] = receiver.requests;
    if (!request) throw new Error('no request');
    expect(eventsOf(request)).toHaveLength(1);
    const tampered = { ...request, body: request.body.replace('"quantity":"10"', '"quantity":"99"') };
    expect(await verifyReceived(t.db, tampered)).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
  });

  it('respects the event type filter and the enabled flag', async () => {
    const api = callerFor(t);
    const other = await startReceiver();
    try {
      await api.webhooks.create({ url: receiver.url, event_types: ['SECURITIES_TRANSFER.CANCELLED'] });
      await api.webhooks.create({ url: other.url, enabled: false });
      const created = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
      await api.securitiesTransfers.cancel({ id: created.id });
      const dispatcher = quietDispatcher(t);
      dispatcher.start();
      await waitFor(() => receiver.requests.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await dispatcher.stop();
      expect(receiver.requests.flatMap((r) => eventsOf(r).map((e) => e.type))).toEqual([
        'SECURITIES_TRANSFER.CANCELLED',
      ]);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
