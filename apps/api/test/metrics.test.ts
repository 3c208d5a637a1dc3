import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { mayScrape } from '../src/http/metrics-mount.js';
import { SEED_SECURITIES_REQUEST } from './harness.js';
import { type HttpApp, rawRequest, startHttpApp } from './http-harness.js';
import { type Family, parsePrometheusText, sampleValue } from './prometheus-text.js';

async function scrape(app: HttpApp): Promise<Map<string, Family>> {
  const answer = await rawRequest(app.baseUrl, { method: 'GET', path: '/metrics' });
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(answer.text);
}

const NEW_TRANSFERS = { kind: 'SECURITIES_TRANSFER', status: 'NEW' };
const CREATES = { method: 'POST', route: '/securities_transfers', status: '200' };

describe('/metrics on the api', () => {
  let app: HttpApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('parses as Prometheus text, and its counters move when a transfer is created', async () => {
    app = await startHttpApp();
    const before = await scrape(app);
    expect(before.get('tbo_http_requests_total')?.type).toBe('counter');
    expect(before.get('tbo_http_request_duration_seconds')?.type).toBe('histogram');
    for (const name of [
      'tbo_transfers',
      'tbo_write_queue_depth',
      'tbo_settlement_lag_seconds',
      'tbo_settlement_work',
      'tbo_webhook_deliveries_pending',
      'tbo_webhook_oldest_due_seconds',
    ]) {
      expect(before.get(name)?.type, name).toBe('gauge');
    }

    const created = await app
      .client()
      .request('POST', '/securities_transfers', { body: SEED_SECURITIES_REQUEST });
    expect(created.status).toBe(200);
    const after = await scrape(app);

    expect(sampleValue(after, 'tbo_transfers', NEW_TRANSFERS)).toBe(
      sampleValue(before, 'tbo_transfers', NEW_TRANSFERS) + 1,
    );
    expect(sampleValue(after, 'tbo_http_requests_total', CREATES)).toBe(
      sampleValue(before, 'tbo_http_requests_total', CREATES) + 1,
    );
    expect(sampleValue(after, 'tbo_http_request_duration_seconds_count', CREATES)).toBe(1);
    expect(sampleValue(after, 'tbo_write_commit_duration_seconds_count')).toBeGreaterThan(
      sampleValue(before, 'tbo_write_commit_duration_seconds_count'),
    );
    // The worker has a NEW transfer waiting now.
    expect(sampleValue(after, 'tbo_settlement_work', { figure: 'unclaimed_new' })).toBe(
      sampleValue(before, 'tbo_settlement_work', { figure: 'unclaimed_new' }) + 1,
    );
  });

  it('labels requests by templated route: no id, and unknown paths as one label', async () => {
    app = await startHttpApp();
    const client = app.client();
    const created = await client.request('POST', '/securities_transfers', { body: SEED_SECURITIES_REQUEST });
    const id = (created.body as { id: string }).id;
    await client.request('GET', `/securities_transfers/${id}`);
    await rawRequest(app.baseUrl, { method: 'GET', path: '/no/such/path/123' });
    await rawRequest(app.baseUrl, { method: 'GET', path: '/trpc/no.such.procedure' });
    const text = (await rawRequest(app.baseUrl, { method: 'GET', path: '/metrics' })).text;
    const families = parsePrometheusText(text);
    expect(text).not.toContain(id);
    expect(text).not.toContain('/no/such/path');
    expect(text).not.toContain('no.such.procedure');
    const route = { method: 'GET', route: '/securities_transfers/{id}', status: '200' };
    expect(sampleValue(families, 'tbo_http_requests_total', route)).toBe(1);
    expect(
      sampleValue(families, 'tbo_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBe(1);
    expect(
      sampleValue(families, 'tbo_http_requests_total', {
        method: 'GET',
        route: '/trpc/{unknown}',
        status: '404',
      }),
    ).toBe(1);
  });

  it('is served to loopback peers, and to others only with METRICS_TOKEN', () => {
    const peer = (remoteAddress: string, authorization?: string) =>
      ({
        socket: { remoteAddress },
        headers: authorization === undefined ? {} : { authorization },
      }) as unknown as Pick<IncomingMessage, 'socket' | 'headers'>;
    const token = 'scrape-token-0123456789';
    expect(mayScrape(peer('127.0.0.1'), { token: undefined })).toBe(true);
    expect(mayScrape(peer('::1'), { token: undefined })).toBe(true);
    expect(mayScrape(peer('::ffff:127.0.0.1'), { token: undefined })).toBe(true);
    expect(mayScrape(peer('10.1.2.3'), { token: undefined })).toBe(false);
    expect(mayScrape(peer('10.1.2.3', `Bearer ${token}`), { token: undefined })).toBe(false);
    expect(mayScrape(peer('10.1.2.3', `Bearer ${token}`), { token })).toBe(true);
    expect(mayScrape(peer('10.1.2.3', 'Bearer another-token-0123456789'), { token })).toBe(false);
    expect(mayScrape(peer('10.1.2.3'), { token })).toBe(false);
  });
});
