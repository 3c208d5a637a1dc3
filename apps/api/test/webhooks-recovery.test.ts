import { WebhookEventSchema } from '@tbo/contracts';
import { asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { outboxEvents } from '../src/db/tables.js';
import { asAppError } from '../src/domain/problem.js';
import { listAttempts, listDeliveries, redeliverEvent, redeliverFailedSince } from '../src/webhooks/index.js';
import { callerFor, clientActor, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import {
  eventsOf,
  freshDbAndReceiver,
  moveTo,
  quietDispatcher,
  type Receiver,
  startReceiver,
  waitFor,
} from './webhooks-support.js';

const OTHER_TENANT_REQUEST = {
  ...SEED_SECURITIES_REQUEST,
  user_id: DEMO.otherTenantUser,
  account_id: DEMO.otherTenantAccount,
};

describe('webhook recovery', () => {
  const fixture = freshDbAndReceiver();
  let t: TestDb;
  let receiver: Receiver;
  beforeEach(() => {
    ({ t, receiver } = fixture);
  });

  it('the event log pages through a tenant’s events by cursor, and only its own', async () => {
    const api = callerFor(t);
    const other = callerFor(t, { actor: clientActor(DEMO.otherTenant) });
    const hook = await api.webhooks.create({
      url: receiver.url,
      event_types: ['SECURITIES_TRANSFER.PROCESSING'],
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
      await moveTo(t, created.id, 'PROCESSING');
      ids.push(created.id);
      await other.securitiesTransfers.create({ ...OTHER_TENANT_REQUEST });
    }
    const mine = await t.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.tenantId, DEMO.tenant.id))
      .orderBy(asc(outboxEvents.seq));
    expect(mine).toHaveLength(6);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await api.webhooks.events({ since: cursor, limit: 4 });
      seen.push(...result.data.map((e) => e.id));
      cursor = result.next_cursor;
      if (!result.has_more) break;
    }
    expect(seen).toEqual(mine.map((e) => e.id));
    // Nothing new: the same cursor comes back, with no events.
    expect(await api.webhooks.events({ since: cursor })).toEqual({
      data: [],
      next_cursor: cursor,
      has_more: false,
    });
    const later = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const next = await api.webhooks.events({ since: cursor });
    expect(next.data.map((e) => e.object.id)).toEqual([later.id]);

    // The other tenant sees only its own three events.
    const theirs = await other.webhooks.events({});
    expect(theirs.data).toHaveLength(3);
    expect(theirs.data.every((e) => e.object.user_id === DEMO.otherTenantUser)).toBe(true);

    // Per subscription: its filter, and the exact shape of a delivered event.
    const filtered = await api.webhooks.events({ webhook_id: hook.id });
    expect(filtered.data.map((e) => e.object.id)).toEqual(ids);
    for (const event of filtered.data) expect(WebhookEventSchema.parse(event).webhook_id).toBe(hook.id);

    const bad = asAppError(await api.webhooks.events({ since: 'garbage' }).catch((e: unknown) => e));
    expect(bad.status).toBe(400);
    expect(bad.invalidParams?.[0]?.name).toBe('since');
  });

  it('redelivers one event, and everything failed since a time; the log shows each attempt', async () => {
    let failing = true;
    const flaky = await startReceiver(() => (failing ? 500 : 200));
    try {
      const api = callerFor(t);
      const good = await api.webhooks.create({ url: receiver.url });
      const bad = await api.webhooks.create({ url: flaky.url });
      const transfer = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
      await moveTo(t, transfer.id, 'PROCESSING');
      const [first, second] = await t.db.select().from(outboxEvents).orderBy(asc(outboxEvents.seq));
      // The dispatcher's clock stands still: a failed bundle would wait for ever without redelivery.
      const dispatcher = quietDispatcher(t, { clock: t.clock });
      dispatcher.start();
      // Recorded, not just received: the outcome is written after the response.
      await waitFor(async () => (await listAttempts(t.db, {})).length === 2, 10_000, 'two recorded attempts');

      expect(
        (await listDeliveries(t.db, { subscriptionId: bad.id })).map((d) => [d.state, d.attempts]),
      ).toEqual([
        ['pending', 1],
        ['pending', 1],
      ]);
      const attempts = await listAttempts(t.db, { objectId: transfer.id });
      expect(attempts.map((a) => [a.webhook_id, a.status_code, a.error])).toEqual(
        expect.arrayContaining([
          [good.id, 200, null],
          [bad.id, 500, 'HTTP 500'],
        ]),
      );
      expect(await listAttempts(t.db, { eventId: second?.id, tenantId: DEMO.otherTenant.id })).toEqual([]);
      expect((await api.webhooks.attempts({ id: bad.id, event_id: first?.id })).data).toHaveLength(1);

      // Operator: redeliver one delivered event to every subscription that had it.
      expect(await redeliverEvent(t.db, first?.id ?? '', {}, t.clock.now())).toBe(2);
      dispatcher.notify();
      await waitFor(
        async () => (await listAttempts(t.db, {})).length === 4,
        10_000,
        'the redelivered event recorded',
      );
      expect(receiver.requests).toHaveLength(2);
      expect(eventsOf(receiver.requests[1] ?? receiver.requests[0]!).map((e) => e.id)).toEqual([first?.id]);

      // The receiver is back: everything that failed since then goes now, in order.
      failing = false;
      const since = new Date(t.clock.now().getTime() - 60_000);
      expect(await redeliverFailedSince(t.db, since, { subscriptionId: bad.id }, t.clock.now())).toBe(2);
      dispatcher.notify();
      await waitFor(() => flaky.accepted().length === 2);
      expect(flaky.accepted().map((e) => e.id)).toEqual([first?.id, second?.id]);

      // A client redelivers through the api, for its own subscription only.
      const redone = await api.webhooks.redeliver({ id: good.id, event_id: second?.id ?? '' });
      expect(redone).toEqual({ redelivered: 1 });
      dispatcher.notify();
      await waitFor(() => receiver.eventIds().filter((id) => id === second?.id).length === 2);
      const other = callerFor(t, { actor: clientActor(DEMO.otherTenant) });
      const foreign = await other.webhooks.create({ url: receiver.url });
      const refused = await other.webhooks
        .redeliver({ id: foreign.id, event_id: second?.id ?? '' })
        .catch((e: unknown) => asAppError(e));
      expect(refused).toMatchObject({ status: 404 });
      await dispatcher.stop();
      expect(await listDeliveries(t.db, { tenantId: DEMO.tenant.id, state: 'pending' })).toEqual([]);
    } finally {
      await flaky.close();
    }
  });
});
