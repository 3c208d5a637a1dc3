import { randomUUID } from 'node:crypto';
import { verifyWebhookDelivery } from '@tbo/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetClients } from '../src/services/auth/client-directory.js';
import { SEED_SECURITIES_REQUEST } from './harness.js';
import { DEMO, type HttpApp, rawRequest, sendSigned, startHttpApp } from './http-harness.js';
import { sqlRow, sqlRun } from './inspect.js';
import { quietDispatcher, type Receiver, startReceiver, waitFor } from './webhooks-support.js';

const PROBLEM = 'application/problem+json';

interface Webhook {
  id: string;
  url: string;
  event_types: string[];
  enabled: boolean;
}
interface EventPage {
  data: { id: string; type: string }[];
  next_cursor: string;
  has_more: boolean;
}

const detailOf = (body: unknown) => (body as { detail?: string }).detail;

describe('webhooks through the signed REST edge', () => {
  let app: HttpApp;
  let receiver: Receiver;
  beforeAll(async () => {
    app = await startHttpApp({ rateLimiting: false });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await app.close();
  });

  it('creates, lists, gets, updates and deletes a subscription', async () => {
    const api = app.client({ scope: 'webhooks:admin' });
    const created = await api.request('POST', '/webhooks', { body: { url: receiver.url, event_types: [] } });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    const hook = created.body as Webhook;
    expect(hook).toMatchObject({ url: receiver.url, event_types: [], enabled: true });

    // webhooks:admin implies webhooks:read.
    const list = await api.request('GET', '/webhooks');
    expect(list.status).toBe(200);
    expect((list.body as { data: Webhook[] }).data.map((w) => w.id)).toContain(hook.id);
    const got = await api.request('GET', `/webhooks/${hook.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(hook);

    const patched = await api.request('PATCH', `/webhooks/${hook.id}`, {
      body: { enabled: false, event_types: ['SECURITIES_TRANSFER.NEW'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id: hook.id,
      enabled: false,
      event_types: ['SECURITIES_TRANSFER.NEW'],
    });

    const deleted = await api.request('DELETE', `/webhooks/${hook.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.rawBody).toBe('');
    expect((await api.request('GET', `/webhooks/${hook.id}`)).status).toBe(404);
    const after = await api.request('GET', '/webhooks');
    expect((after.body as { data: Webhook[] }).data.map((w) => w.id)).not.toContain(hook.id);
  });

  it('needs idempotency-key on POST, and honours it on POST, PATCH and DELETE', async () => {
    const api = app.client();
    const missing = await api.request('POST', '/webhooks', {
      body: { url: receiver.url },
      idempotencyKey: false,
    });
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toBe(PROBLEM);
    expect(detailOf(missing.body)).toBe('the idempotency-key header is required on POST requests');

    const key = randomUUID();
    const first = await api.request('POST', '/webhooks', {
      body: { url: receiver.url },
      idempotencyKey: key,
    });
    const replay = await api.request('POST', '/webhooks', {
      body: { url: receiver.url },
      idempotencyKey: key,
    });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.rawBody).toBe(first.rawBody);
    const id = (first.body as Webhook).id;
    const reused = await api.request('POST', '/webhooks', {
      body: { url: `${receiver.url}?other` },
      idempotencyKey: key,
    });
    expect(reused.status).toBe(422);

    // PATCH/DELETE work without a key; with one, a retry replays and a bad key is a 400.
    expect(
      (await api.request('PATCH', `/webhooks/${id}`, { body: { enabled: false }, idempotencyKey: false }))
        .status,
    ).toBe(200);
    const patchKey = randomUUID();
    const patch = await api.request('PATCH', `/webhooks/${id}`, {
      body: { enabled: true },
      idempotencyKey: patchKey,
    });
    const patchAgain = await api.request('PATCH', `/webhooks/${id}`, {
      body: { enabled: true },
      idempotencyKey: patchKey,
    });
    expect(patchAgain.headers['idempotent-replayed']).toBe('true');
    expect(patchAgain.rawBody).toBe(patch.rawBody);
    expect(
      (await api.request('PATCH', `/webhooks/${id}`, { body: { enabled: true }, idempotencyKey: 'nope' }))
        .status,
    ).toBe(400);

    const deleteKey = randomUUID();
    expect((await api.request('DELETE', `/webhooks/${id}`, { idempotencyKey: deleteKey })).status).toBe(204);
    const deleteAgain = await api.request('DELETE', `/webhooks/${id}`, { idempotencyKey: deleteKey });
    expect(deleteAgain.status).toBe(204);
    expect(deleteAgain.headers['idempotent-replayed']).toBe('true');
    expect((await api.request('DELETE', `/webhooks/${id}`, { idempotencyKey: false })).status).toBe(404);
  });

  it('answers 403 to a transfers-only token and to a read-only token on writes', async () => {
    const transfersOnly = app.client({ scope: 'transfers:admin transfers:read' });
    const list = await transfersOnly.request('GET', '/webhooks');
    expect(list.status).toBe(403);
    expect(list.headers['content-type']).toBe(PROBLEM);
    expect(detailOf(list.body)).toBe('the access token lacks the scope webhooks:read');
    const create = await transfersOnly.request('POST', '/webhooks', { body: { url: receiver.url } });
    expect(create.status).toBe(403);
    expect((await transfersOnly.request('GET', '/webhooks/events')).status).toBe(403);

    const reader = app.client({ scope: 'webhooks:read' });
    expect((await reader.request('GET', '/webhooks')).status).toBe(200);
    const write = await reader.request('POST', '/webhooks', { body: { url: receiver.url } });
    expect(write.status).toBe(403);
    expect(detailOf(write.body)).toBe('the access token lacks the scope webhooks:admin');
  });

  it('refuses unsigned, tampered and unauthenticated requests with 401', async () => {
    const token = await app.client().token();
    const unsigned = await rawRequest(app.baseUrl, {
      method: 'GET',
      path: '/webhooks',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        'upvest-client-id': DEMO.tenant.clientId,
      },
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers['content-type']).toBe(PROBLEM);
    expect(detailOf(unsigned.json)).toMatch(/^request signature refused \(SIGNATURE_MISSING\)/);

    const body = JSON.stringify({ url: receiver.url });
    const tampered = await sendSigned(
      app,
      { method: 'POST', path: '/webhooks', body, token, idempotencyKey: randomUUID() },
      (req) => {
        req.body = body.replace('/hooks', '/hookz'); // same length, other bytes
      },
    );
    expect(tampered.status).toBe(401);
    expect(detailOf(tampered.json)).toMatch(/^request signature refused \(DIGEST_MISMATCH\)/);

    const replayed = { method: 'GET', path: '/webhooks', token, sign: { nonce: randomUUID() } };
    expect((await sendSigned(app, replayed)).status).toBe(200);
    const again = await sendSigned(app, replayed);
    expect(again.status).toBe(401);
    expect(detailOf(again.json)).toMatch(/NONCE_REPLAYED/);

    expect((await sendSigned(app, { method: 'GET', path: '/webhooks' })).status).toBe(401);
    const otherClient = await sendSigned(app, {
      method: 'GET',
      path: '/webhooks',
      token,
      clientId: DEMO.otherTenant.clientId,
    });
    expect(otherClient.status).toBe(401);
  });

  it('keeps tenants apart: another tenant’s subscription is a 404', async () => {
    const mine = app.client();
    const theirs = app.client({ tenant: 'other' });
    const created = await mine.request('POST', '/webhooks', { body: { url: receiver.url } });
    const id = (created.body as Webhook).id;
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { enabled: false }],
      ['DELETE', undefined],
    ] as const) {
      const res = await theirs.request(method, `/webhooks/${id}`, body === undefined ? {} : { body });
      expect(res.status, method).toBe(404);
      expect(res.headers['content-type']).toBe(PROBLEM);
    }
    expect((await theirs.request('GET', `/webhooks/${id}/deliveries`)).status).toBe(404);
    const theirList = await theirs.request('GET', '/webhooks');
    expect((theirList.body as { data: Webhook[] }).data.map((w) => w.id)).not.toContain(id);
    expect((await mine.request('GET', `/webhooks/${id}`)).body).toMatchObject({ enabled: true });
    await mine.request('DELETE', `/webhooks/${id}`);
  });

  it('pages through the event log with the cursor; only the caller’s tenant is visible', async () => {
    const api = app.client();
    const start = (await api.request('GET', '/webhooks/events', { query: { limit: 1000 } }))
      .body as EventPage;
    for (let i = 0; i < 3; i++) {
      const res = await api.request('POST', '/securities_transfers', { body: SEED_SECURITIES_REQUEST });
      expect(res.status).toBe(200);
    }
    let cursor = start.next_cursor;
    const seen: string[] = [];
    for (let page = 0; page < 3; page++) {
      const res = await api.request('GET', '/webhooks/events', { query: { since: cursor, limit: 1 } });
      expect(res.status).toBe(200);
      const body = res.body as EventPage;
      expect(body.data).toHaveLength(1);
      expect(body.data[0]?.type).toBe('SECURITIES_TRANSFER.NEW');
      expect(body.has_more).toBe(page < 2);
      seen.push(body.data[0]?.id ?? '');
      cursor = body.next_cursor;
    }
    expect(new Set(seen).size).toBe(3);
    const end = (await api.request('GET', '/webhooks/events', { query: { since: cursor } })).body;
    expect(end).toEqual({ data: [], next_cursor: cursor, has_more: false });

    const other = await app.client({ tenant: 'other' }).request('GET', '/webhooks/events');
    expect((other.body as EventPage).data.map((e) => e.id)).not.toEqual(expect.arrayContaining(seen));

    const bad = await api.request('GET', '/webhooks/events', { query: { limit: 'abc' } });
    expect(bad.status).toBe(400);
    expect((bad.body as { invalid_params: { name: string }[] }).invalid_params[0]?.name).toBe('limit');
    const unknown = await api.request('GET', '/webhooks/events', { query: { cursor: 'x' } });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { invalid_params: { name: string }[] }).invalid_params[0]?.name).toBe('cursor');
    const repeated = await api.request('GET', '/webhooks/events?limit=1&limit=2');
    expect(repeated.status).toBe(400);
  });

  it('serves the public keys without credentials, and a delivery verifies with them', async () => {
    const keys = await rawRequest(app.baseUrl, { method: 'GET', path: '/webhooks/public_keys' });
    expect(keys.status).toBe(200);
    const published = (keys.json as { keys: { keyid: string; alg: string; pem: string }[] }).keys;
    expect(published[0]).toMatchObject({ alg: 'ed25519' });
    expect((await rawRequest(app.baseUrl, { method: 'POST', path: '/webhooks/public_keys' })).status).toBe(
      405,
    );
    expect(
      (
        await rawRequest(app.baseUrl, {
          method: 'GET',
          path: '/webhooks/public_keys',
          headers: { accept: 'text/html' },
        })
      ).status,
    ).toBe(406);

    const api = app.client();
    const hookReceiver = await startReceiver();
    try {
      const created = await api.request('POST', '/webhooks', {
        body: { url: hookReceiver.url, event_types: ['SECURITIES_TRANSFER.NEW'] },
      });
      const id = (created.body as Webhook).id;
      await api.request('POST', '/securities_transfers', { body: SEED_SECURITIES_REQUEST });
      const dispatcher = quietDispatcher(app.t);
      dispatcher.start();
      await waitFor(() => hookReceiver.requests.length >= 1);
      await waitFor(async () => {
        const attempts = (await sqlRow(app.t.db, 'select count(*) as n from webhook_attempts')) as {
          n: number;
        };
        return attempts.n >= 1;
      });
      await dispatcher.stop();
      const [request] = hookReceiver.requests;
      if (!request) throw new Error('no delivery');
      const verified = await verifyWebhookDelivery({
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body,
        publicKeys: published,
      });
      expect(verified.ok).toBe(true);

      const attempts = await api.request('GET', `/webhooks/${id}/attempts`);
      expect(attempts.status).toBe(200);
      expect((attempts.body as { data: unknown[] }).data.length).toBeGreaterThanOrEqual(1);
      const deliveries = await api.request('GET', `/webhooks/${id}/deliveries`, {
        query: { state: 'delivered' },
      });
      const delivered = (deliveries.body as { data: { event_id: string }[] }).data;
      expect(delivered).toHaveLength(1);
      const redeliverKey = randomUUID();
      const redeliver = await api.request('POST', `/webhooks/${id}/redeliver`, {
        body: { event_id: delivered[0]?.event_id },
        idempotencyKey: redeliverKey,
      });
      expect(redeliver.status).toBe(200);
      expect(redeliver.body).toEqual({ redelivered: 1 });
      // A retry with the same key replays the first answer instead of queueing the event again.
      const retried = await api.request('POST', `/webhooks/${id}/redeliver`, {
        body: { event_id: delivered[0]?.event_id },
        idempotencyKey: redeliverKey,
      });
      expect(retried.rawBody).toBe(redeliver.rawBody);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      await api.request('DELETE', `/webhooks/${id}`);
    } finally {
      await hookReceiver.close();
    }
  });

  it('applies the edge’s HTTP rules to webhook paths', async () => {
    const api = app.client();
    const put = await api.request('PUT', '/webhooks');
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('POST, GET');
    const onEvents = await api.request('PATCH', '/webhooks/events', { body: { enabled: true } });
    expect(onEvents.status).toBe(405);
    expect(onEvents.headers.allow).toBe('GET');
    expect((await api.request('GET', `/webhooks/${randomUUID()}/nope`)).status).toBe(404);

    expect((await api.request('GET', '/webhooks', { headers: { accept: 'text/html' } })).status).toBe(406);
    expect((await api.request('GET', '/webhooks', { headers: { 'upvest-api-version': '2' } })).status).toBe(
      400,
    );
    const text = await api.request('POST', '/webhooks', {
      body: JSON.stringify({ url: receiver.url }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const broken = await api.request('POST', '/webhooks', { body: '{"url":' });
    expect(broken.status).toBe(400);
    expect(detailOf(broken.body)).toMatch(/^the request body is not valid JSON/);
    const latin1 = await api.request('POST', '/webhooks', { body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(latin1.status).toBe(400);
    expect(detailOf(latin1.body)).toBe('the request body is not valid UTF-8');
    const empty = await api.request('PATCH', `/webhooks/${randomUUID()}`, { body: '' });
    expect(empty.status).toBe(400);
    const huge = await api.request('POST', '/webhooks', { body: `{"url":"${'a'.repeat(1024 * 1024)}"}` });
    expect(huge.status).toBe(413);
    expect((await api.request('GET', '/webhooks?x=1')).status).toBe(400);

    const invalid = await api.request('POST', '/webhooks', { body: { url: 'gopher://x' } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['content-type']).toBe(PROBLEM);
    expect((invalid.body as { invalid_params: unknown }).invalid_params).toEqual([
      { name: 'url', reason: 'must use the http or https scheme' },
    ]);
  });

  it('rate-limits webhook requests with the tenant’s bucket', async () => {
    const limited = await startHttpApp();
    try {
      await sqlRun(
        limited.t.db,
        'update tenants set rate_limit_per_second = 1, rate_limit_burst = 2 where id = ?',
        DEMO.tenant.id,
      );
      forgetClients(limited.t.db);
      const api = limited.client();
      await api.token();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await api.request('GET', '/webhooks')).status);
      expect(statuses).toContain(429);
      const last = await api.request('GET', '/webhooks');
      expect(last.status).toBe(429);
      expect(last.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});

describe('webhooks in the OpenAPI document and the reference page', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await startHttpApp();
  });
  afterAll(() => app.close());

  it('lists every webhook operation with its scope, and the public keys without one', async () => {
    const res = await rawRequest(app.baseUrl, { method: 'GET', path: '/openapi.json' });
    const doc = res.json as {
      paths: Record<
        string,
        Record<string, { security: { oauth?: string[] }[]; responses: Record<string, unknown> }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    const scopes = Object.fromEntries(
      Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/webhooks'))
        .flatMap(([path, item]) =>
          Object.entries(item).map(([method, op]) => [
            `${method.toUpperCase()} ${path}`,
            op.security[0]?.oauth ?? null,
          ]),
        ),
    );
    expect(scopes).toEqual({
      'GET /webhooks': ['webhooks:read'],
      'POST /webhooks': ['webhooks:admin'],
      'GET /webhooks/events': ['webhooks:read'],
      'GET /webhooks/public_keys': null,
      'GET /webhooks/{id}': ['webhooks:read'],
      'PATCH /webhooks/{id}': ['webhooks:admin'],
      'DELETE /webhooks/{id}': ['webhooks:admin'],
      'GET /webhooks/{id}/deliveries': ['webhooks:read'],
      'GET /webhooks/{id}/attempts': ['webhooks:read'],
      'POST /webhooks/{id}/redeliver': ['webhooks:admin'],
    });
    expect(Object.keys(doc.paths['/webhooks']?.post?.responses ?? {})).toContain('201');
    expect(Object.keys(doc.paths['/webhooks/{id}']?.delete?.responses ?? {})).toContain('204');
    expect(doc.components.schemas.CreateWebhookRequest).toBeDefined();

    const docs = await rawRequest(app.baseUrl, { method: 'GET', path: '/docs' });
    expect(docs.text).toContain('/webhooks/{id}/redeliver');
    expect(docs.text).toContain('Response 201');
    expect(docs.text).toContain('event_types');
  });
});
