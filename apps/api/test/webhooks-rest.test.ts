import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookDelivery } from '@tbo/signing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { issueAccessToken } from '../src/services/auth/tokens.js';
import { webhooksRestMount } from '../src/webhooks/rest-mount.js';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import { quietDispatcher, type Receiver, startReceiver, waitFor } from './webhooks-support.js';

describe('webhooks REST routes (thin mount)', () => {
  let t: TestDb;
  let server: Server;
  let base: string;
  let receiver: Receiver;
  beforeEach(async () => {
    t = await createTestDb();
    receiver = await startReceiver();
    server = createApp({ db: t.db, clock: t.clock }, [webhooksRestMount({ db: t.db, clock: t.clock })]);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    server.close();
    await receiver.close();
    t.close();
  });

  async function token(tenant: { clientId: string; clientSecret: string }, scope?: string) {
    const issued = await issueAccessToken(t.db, { ...tenant, scope }, t.clock.now());
    return { authorization: `Bearer ${issued.accessToken}`, 'upvest-client-id': tenant.clientId };
  }

  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  it('maps POST/GET/PATCH/DELETE /webhooks, the event log and the public keys', async () => {
    const auth = await token(DEMO.tenant);
    const created = await call('POST', '/webhooks', auth, { url: receiver.url, event_types: [] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call('GET', '/webhooks', auth)).body.data.map((w: { id: string }) => w.id)).toEqual([id]);
    expect((await call('GET', `/webhooks/${id}`, auth)).body.url).toBe(receiver.url);
    expect((await call('PATCH', `/webhooks/${id}`, auth, { enabled: false })).body.enabled).toBe(false);
    await call('PATCH', `/webhooks/${id}`, auth, { enabled: true });

    const invalid = await call('POST', '/webhooks', auth, { url: 'gopher://x' });
    expect(invalid.status).toBe(400);
    expect(invalid.type).toContain('application/problem+json');
    expect(invalid.body.invalid_params).toEqual([
      { name: 'url', reason: 'must use the http or https scheme' },
    ]);
    expect((await call('GET', '/webhooks', {})).status).toBe(401);
    const reader = await token(DEMO.tenant, 'webhooks:read');
    expect((await call('POST', '/webhooks', reader, { url: receiver.url })).status).toBe(403);
    const other = await token(DEMO.otherTenant);
    expect((await call('GET', `/webhooks/${id}`, other)).status).toBe(404);
    expect((await call('PUT', `/webhooks/${id}`, auth)).status).toBe(405);

    await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const log = await call('GET', '/webhooks/events?limit=10', auth);
    expect(log.body.data.map((e: { type: string }) => e.type)).toEqual(['SECURITIES_TRANSFER.NEW']);
    const after = await call('GET', `/webhooks/events?since=${log.body.next_cursor}`, auth);
    expect(after.body).toEqual({ data: [], next_cursor: log.body.next_cursor, has_more: false });
    expect((await call('GET', '/webhooks/events?limit=abc', auth)).body.invalid_params[0].name).toBe('limit');

    // A receiver fetches the published key without credentials and verifies a delivery with it.
    const keys = await call('GET', '/webhooks/public_keys', {});
    expect(keys.status).toBe(200);
    expect(keys.body.keys[0]).toMatchObject({ alg: 'ed25519' });
    const dispatcher = quietDispatcher(t);
    dispatcher.start();
    await waitFor(() => receiver.requests.length === 1);
    await dispatcher.stop();
    const [request] = receiver.requests;
    if (!request) throw new Error('no delivery');
    const verified = await verifyWebhookDelivery({
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body,
      publicKeys: keys.body.keys,
    });
    expect(verified.ok).toBe(true);

    const attempts = await call('GET', `/webhooks/${id}/attempts`, auth);
    expect(attempts.body.data).toHaveLength(1);
    const deliveries = await call('GET', `/webhooks/${id}/deliveries?state=delivered`, auth);
    expect(deliveries.body.data).toHaveLength(1);
    const event = deliveries.body.data[0].event_id as string;
    expect((await call('POST', `/webhooks/${id}/redeliver`, auth, { event_id: event })).body).toEqual({
      redelivered: 1,
    });
    expect((await call('DELETE', `/webhooks/${id}`, auth)).status).toBe(204);
    expect((await call('GET', `/webhooks/${id}`, auth)).status).toBe(404);
  });
});
