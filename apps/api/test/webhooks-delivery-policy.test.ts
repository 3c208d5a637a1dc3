import { beforeEach, describe, expect, it } from 'vitest';
import { listAttempts } from '../src/webhooks/index.js';
import { callerFor, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import { freshDbAndReceiver, quietDispatcher, type Receiver, waitFor } from './webhooks-support.js';

describe('webhook delivery address policy', () => {
  const fixture = freshDbAndReceiver();
  let t: TestDb;
  let receiver: Receiver;
  beforeEach(() => {
    ({ t, receiver } = fixture);
  });

  it('a live dispatcher refuses at connect time what resolves to a non-public address (DNS rebinding)', async () => {
    // Accepted when checked (sandbox), refused when sent (live): the check is repeated per connection.
    const api = callerFor(t);
    const port = new URL(receiver.url).port;
    const byName = await api.webhooks.create({ url: `http://localhost:${port}/hooks` });
    const byAddress = await api.webhooks.create({ url: `http://127.0.0.1:${port}/hooks` });
    await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const dispatcher = quietDispatcher(t, { clock: t.clock, live: true });
    dispatcher.start();
    await waitFor(async () => (await listAttempts(t.db, {})).length === 2, 10_000, 'two refused attempts');
    await dispatcher.stop();
    expect(receiver.requests).toHaveLength(0);
    const errors = new Map((await listAttempts(t.db, {})).map((a) => [a.webhook_id, a]));
    expect(errors.get(byName.id)).toMatchObject({
      status_code: null,
      error: 'EREFUSEDADDRESS: refused address: localhost is not allowed',
    });
    expect(errors.get(byAddress.id)).toMatchObject({
      status_code: null,
      error: expect.stringMatching(/refused address 127\.0\.0\.1 \(loopback\)/),
    });
  });

  it('a sandbox dispatcher delivers to loopback', async () => {
    const port = new URL(receiver.url).port;
    await callerFor(t).webhooks.create({ url: `http://localhost:${port}/hooks` });
    await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const dispatcher = quietDispatcher(t);
    dispatcher.start();
    await waitFor(() => receiver.accepted().length === 1);
    await dispatcher.stop();
  });
});
