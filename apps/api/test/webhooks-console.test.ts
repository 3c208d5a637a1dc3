import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../src/context.js';
import { transferHistory, webhookAttempts, webhookDeliveries } from '../src/db/tables.js';
import { runWrite } from '../src/services/write/port.js';
import {
  boundedText,
  REQUEST_BODY_LIMIT_BYTES,
  RESPONSE_BODY_LIMIT_BYTES,
} from '../src/webhooks/attempt-exchange.js';
import type { SleepFn } from '../src/webhooks/waker.js';
import { callerFor, createTestDb, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import { quietDispatcher, waitFor } from './webhooks-support.js';

const OPERATOR: Actor = { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'operator' };
const VIEWER: Actor = { kind: 'operator', operatorId: 'op-2', email: 'viewer@example.com', role: 'viewer' };
const HOUR = 3_600_000;

/** 10 KiB of text whose 4 KiB cut falls inside a three-byte character. */
const LONG_ERROR_BODY = `${'x'.repeat(RESPONSE_BODY_LIMIT_BYTES - 1)}€${'y'.repeat(6 * 1024)}`;

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A real receiver on 127.0.0.1 answering with the status `answer()` gives, a long body and chatty headers. */
async function startChattyReceiver(answer: (index: number) => number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const status = answer(received.length - 1);
      res.writeHead(status, {
        'content-type': 'text/plain; charset=utf-8',
        'set-cookie': 'receiver_session=secret-value',
        'x-request-id': `req-${received.length}`,
      });
      res.end(status < 300 ? 'ok' : LONG_ERROR_BODY);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function fakeSleep(t: TestDb): SleepFn {
  return async (ms) => {
    t.clock.set(new Date(t.clock.now().getTime() + ms));
    await yieldToEvents();
  };
}

describe('webhooks in the console: health, kept exchanges, redeliver a transfer', () => {
  let t: TestDb;
  let receiver: Awaited<ReturnType<typeof startChattyReceiver>> | undefined;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => {
    await receiver?.close();
    await t.close();
  });

  it('shows failing since the first failure, the backlog, then the last success once it answers', async () => {
    const failures = 3;
    let answer = 500;
    receiver = await startChattyReceiver(() => answer);
    const hook = await callerFor(t).webhooks.create({ url: receiver.url });
    const first = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const second = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const admin = callerFor(t, { actor: VIEWER }).admin.webhooks;
    const before = (await admin.health()).subscriptions.find((s) => s.id === hook.id);
    expect(before).toMatchObject({ health: 'unknown', failing_since: null, last_success_at: null });

    const dispatcher = quietDispatcher(t, { clock: t.clock, sleep: fakeSleep(t), pollMs: HOUR });
    dispatcher.start();
    await waitFor(() => (receiver?.received.length ?? 0) >= failures, 10_000, 'the failed attempts');
    await dispatcher.stop();
    const attempts = await t.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.subscriptionId, hook.id))
      .orderBy(asc(webhookAttempts.id));
    expect(attempts.length).toBeGreaterThanOrEqual(failures);
    const failing = (await admin.health()).subscriptions.find((s) => s.id === hook.id);
    expect(failing).toMatchObject({
      health: 'failing',
      failing_since: attempts[0]?.attemptedAt,
      last_failure_at: attempts.at(-1)?.attemptedAt,
      last_success_at: null,
      last_status_code: 500,
      last_error: 'HTTP 500',
      // Both transfers' NEW events are still owed.
      backlog: 2,
    });
    expect(failing?.oldest_pending_event_at).not.toBeNull();

    answer = 200;
    const healthy = quietDispatcher(t, { clock: t.clock, sleep: fakeSleep(t), pollMs: HOUR });
    healthy.start();
    await waitFor(
      async () =>
        (
          await t.db
            .select()
            .from(webhookDeliveries)
            .where(and(eq(webhookDeliveries.subscriptionId, hook.id), eq(webhookDeliveries.state, 'pending')))
        ).length === 0,
      10_000,
      'the backlog to drain',
    );
    await healthy.stop();
    const recovered = (await admin.health()).subscriptions.find((s) => s.id === hook.id);
    const lastOk = (
      await t.db
        .select()
        .from(webhookAttempts)
        .where(and(eq(webhookAttempts.subscriptionId, hook.id), eq(webhookAttempts.statusCode, 200)))
        .orderBy(asc(webhookAttempts.id))
    ).at(-1);
    expect(recovered).toMatchObject({
      health: 'healthy',
      failing_since: null,
      last_success_at: lastOk?.attemptedAt,
      backlog: 0,
      oldest_pending_event_at: null,
    });
    const owed = new Set(
      receiver.received.flatMap((r) =>
        JSON.parse(r.body).payload.map((e: { object: { id: string } }) => e.object.id),
      ),
    );
    expect(owed).toEqual(new Set([first.id, second.id]));
  });

  it('keeps the request as sent and the response bounded at 4 KiB, without cookies', async () => {
    receiver = await startChattyReceiver(() => 500);
    await callerFor(t).webhooks.create({ url: receiver.url });
    await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const dispatcher = quietDispatcher(t, { clock: t.clock, sleep: fakeSleep(t), pollMs: HOUR });
    dispatcher.start();
    await waitFor(() => (receiver?.received.length ?? 0) >= 1, 10_000, 'an attempt');
    await dispatcher.stop();

    const [row] = await t.db.select().from(webhookAttempts).orderBy(asc(webhookAttempts.id)).limit(1);
    const exchange = await callerFor(t, { actor: VIEWER }).admin.webhooks.attempt({ id: row?.id ?? 0 });
    const sent = receiver.received[0] as Received;
    expect(exchange.request.body).toBe(sent.body);
    expect(exchange.request.body_truncated).toBe(false);
    expect(exchange.request.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(sent.body)),
      signature: sent.headers.signature,
      'signature-input': sent.headers['signature-input'],
      'content-digest': sent.headers['content-digest'],
    });
    expect(exchange.response?.body_truncated).toBe(true);
    // Cut before the three-byte character that straddles the limit, never in half.
    expect(exchange.response?.body).toBe('x'.repeat(RESPONSE_BODY_LIMIT_BYTES - 1));
    expect(exchange.response?.headers).toEqual({
      'content-type': 'text/plain; charset=utf-8',
      'x-request-id': 'req-1',
      date: expect.any(String),
    });
    expect(JSON.stringify(exchange)).not.toContain('secret-value');
  });

  it('cuts a request body over 64 KiB and says so', async () => {
    receiver = await startChattyReceiver(() => 200);
    await callerFor(t).webhooks.create({ url: receiver.url });
    for (let i = 0; i < 120; i++)
      await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const dispatcher = quietDispatcher(t, { clock: t.clock, sleep: fakeSleep(t), pollMs: HOUR });
    dispatcher.start();
    await waitFor(() => (receiver?.received.length ?? 0) >= 1, 10_000, 'an attempt');
    await dispatcher.stop();
    // The 120 events go out as concurrent bundles: neither the order they arrive in nor the
    // attempts' ids (on PostgreSQL a transaction run again takes a later one) say which is which.
    // The full bundle is the longest request; its attempt is the one kept with its digest.
    const sent = receiver.received.reduce((a, b) =>
      Buffer.byteLength(b.body) > Buffer.byteLength(a.body) ? b : a,
    );
    expect(Buffer.byteLength(sent.body)).toBeGreaterThan(REQUEST_BODY_LIMIT_BYTES);
    const attempts = await t.db.select().from(webhookAttempts).orderBy(asc(webhookAttempts.id));
    const row = attempts.find(
      (a) => JSON.parse(a.requestHeaders ?? '{}')['content-digest'] === sent.headers['content-digest'],
    );
    expect(row).toBeDefined();
    expect(row?.requestBodyTruncated).toBe(true);
    expect(Buffer.byteLength(row?.requestBody ?? '')).toBe(REQUEST_BODY_LIMIT_BYTES);
    expect(sent.body.startsWith(row?.requestBody ?? '-')).toBe(true);
    expect(row?.responseBody).toBe('ok');
  });

  it('boundedText never splits a character and marks only what it cut', () => {
    expect(boundedText(Buffer.from('abc'), 3)).toEqual({ text: 'abc', truncated: false });
    expect(boundedText(Buffer.from('ab€'), 4)).toEqual({ text: 'ab', truncated: true });
    expect(boundedText(Buffer.from('ab€d'), 5)).toEqual({ text: 'ab€', truncated: true });
  });

  it('redelivers a transfer’s events to one subscription as an audited operator action', async () => {
    const target = await callerFor(t).webhooks.create({ url: 'http://127.0.0.1:9/a' });
    const other = await callerFor(t).webhooks.create({ url: 'http://127.0.0.1:9/b' });
    const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    // Fan out and mark everything delivered, as after a successful run.
    await runWrite(t.writes, { op: 'dispatch.fanOut', now: t.clock.now().toISOString(), batchSize: 100 });
    await t.db.update(webhookDeliveries).set({ state: 'delivered', deliveredAt: '2026-03-02T09:00:00.000Z' });

    await expect(
      callerFor(t, { actor: VIEWER }).admin.webhooks.redeliverTransfer({
        kind: 'SECURITIES',
        id: created.id,
        subscription_id: target.id,
        reason: 'receiver lost it',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const result = await callerFor(t, { actor: OPERATOR }).admin.webhooks.redeliverTransfer({
      kind: 'SECURITIES',
      id: created.id,
      subscription_id: target.id,
      reason: 'receiver lost it',
    });
    expect(result).toEqual({ queued: 1 });
    const states = await t.db.select().from(webhookDeliveries).orderBy(asc(webhookDeliveries.subscriptionId));
    expect(Object.fromEntries(states.map((d) => [d.subscriptionId, d.state]))).toEqual({
      [target.id]: 'pending',
      [other.id]: 'delivered',
    });
    const audit = await t.db
      .select()
      .from(transferHistory)
      .where(eq(transferHistory.reasonCode, 'WEBHOOK_REDELIVERY_REQUESTED'));
    expect(audit).toEqual([
      expect.objectContaining({
        transferId: created.id,
        actor: 'operator:ops@example.com',
        reason: 'receiver lost it',
        sourceMessage: `1 deliveries of this transfer's events queued again for subscription ${target.id}`,
      }),
    ]);

    const all = await callerFor(t, { actor: OPERATOR }).admin.webhooks.redeliverTransfer({
      kind: 'SECURITIES',
      id: created.id,
      reason: 'resend to everyone',
    });
    expect(all).toEqual({ queued: 2 });
    await expect(
      callerFor(t, { actor: OPERATOR }).admin.webhooks.redeliverTransfer({
        kind: 'SECURITIES',
        id: created.id,
        subscription_id: 'not-a-subscription',
        reason: 'wrong target',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
