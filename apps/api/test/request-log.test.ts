import { afterEach, describe, expect, it } from 'vitest';
import { ApiConfigSchema, readConfig, redactedConfig } from '../src/config/config.js';
import { isPostgres } from '../src/db/dialect.js';
import { parseServiceCredentials } from '../src/services/auth/service-credentials.js';
import { SEED_SECURITIES_REQUEST } from './harness.js';
import { DEMO, type HttpApp, rawRequest, startHttpApp } from './http-harness.js';
import { sqlRun } from './inspect.js';
import { captureLogs } from './log-capture.js';

/** How the database names a table that is not there. */
const missingTable = (name: string) =>
  isPostgres() ? `relation "${name}" does not exist` : `no such table: ${name}`;

const SERVICE_TOKEN = 'monitor-token-0123456789abcdef';

function requestLines(entries: Record<string, unknown>[]): Record<string, unknown>[] {
  return entries.filter((entry) => entry.msg === 'request');
}

describe('the request log', () => {
  let app: HttpApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('writes one JSON line per request carrying the request id of the response header, the tenant, the templated route, status and latency', async () => {
    const logs = captureLogs();
    app = await startHttpApp({}, { logger: logs.logger });
    const client = app.client();
    const created = await client.request('POST', '/securities_transfers', { body: SEED_SECURITIES_REQUEST });
    expect(created.body).toMatchObject({ status: 'NEW' });
    const id = (created.body as { id: string }).id;
    const read = await client.request('GET', `/securities_transfers/${id}`);
    expect(read.status).toBe(200);

    const lines = requestLines(logs.entries());
    const line = lines.find((l) => l.request_id === read.headers['x-request-id']);
    expect(line).toMatchObject({
      level: 'info',
      name: 'api',
      method: 'GET',
      route: '/securities_transfers/{id}',
      status: 200,
      tenant_id: DEMO.tenant.id,
      client_id: DEMO.tenant.clientId,
    });
    expect(typeof line?.latency_ms).toBe('number');
    expect(Date.parse(String(line?.time))).not.toBeNaN();
    // The id is in no request line: routes are templates.
    expect(lines.some((l) => JSON.stringify(l).includes(id))).toBe(false);
    // The token request, the create and the read: one line each, each with its own id.
    const ids = lines.map((l) => l.request_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(lines.map((l) => l.route)).toEqual([
      '/auth/token',
      '/securities_transfers',
      '/securities_transfers/{id}',
    ]);
  });

  it('logs a 5xx on /trpc at error level with its cause – single calls and batches – while the answer tells nothing of it', async () => {
    const logs = captureLogs();
    app = await startHttpApp(
      {},
      {
        logger: logs.logger,
        auth: { serviceCredentials: parseServiceCredentials(`monitor=${SERVICE_TOKEN}`) },
      },
    );
    // A fault of ours, not of the caller: a table the status query reads is gone.
    await sqlRun(app.t.db, 'ALTER TABLE reconciliation_breaks RENAME TO moved_away');
    const headers = { 'x-internal-token': SERVICE_TOKEN };
    const single = await rawRequest(app.baseUrl, { method: 'GET', path: '/trpc/internal.status', headers });
    const batch = await rawRequest(app.baseUrl, {
      method: 'GET',
      path: `/trpc/internal.status,internal.status?batch=1&input=${encodeURIComponent('{}')}`,
      headers,
    });
    for (const [answer, route] of [
      [single, '/trpc/internal.status'],
      [batch, '/trpc/{batch}'],
    ] as const) {
      expect(answer.status).toBe(500);
      expect(answer.text).not.toContain('reconciliation_breaks');
      const line = requestLines(logs.entries()).find((l) => l.request_id === answer.headers['x-request-id']);
      expect(line).toMatchObject({ level: 'error', status: 500, route, service: 'monitor' });
      const err = line?.err as { message: string; stack: string };
      expect(err.message).toContain(missingTable('reconciliation_breaks'));
      expect(err.stack).toContain('at ');
    }
  });

  it('logs a 5xx on the REST edge with its cause and the tenant', async () => {
    const logs = captureLogs();
    app = await startHttpApp({}, { logger: logs.logger });
    const client = app.client();
    await client.token();
    // The list's total count reads the running counts: gone, the list fails on our side.
    await sqlRun(app.t.db, 'ALTER TABLE transfer_counts RENAME TO moved_away');
    const answer = await client.request('GET', '/securities_transfers', { query: { direction: 'INCOMING' } });
    expect(answer.body).toMatchObject({ status: 500 });
    expect(answer.rawBody).not.toContain('transfer_counts');
    const line = requestLines(logs.entries()).find((l) => l.request_id === answer.headers['x-request-id']);
    expect(line).toMatchObject({
      level: 'error',
      status: 500,
      route: '/securities_transfers',
      tenant_id: DEMO.tenant.id,
    });
    expect(line?.err).toMatchObject({ message: expect.stringContaining(missingTable('transfer_counts')) });
  });

  it('redacts credentials: headers at debug level, a login password, secrets of the configuration', async () => {
    const logs = captureLogs('debug');
    app = await startHttpApp({}, { logger: logs.logger });
    const secrets = {
      authorization: 'Bearer bearer-secret-value-1',
      cookie: 'tbo_session=cookie-secret-value-2',
      'x-internal-token': 'internal-secret-value-3',
      signature: 'sig1=:signature-secret-value-4:',
      'x-csrf-token': 'csrf-secret-value-5',
    };
    await rawRequest(app.baseUrl, { method: 'GET', path: '/securities_transfers', headers: secrets });
    await rawRequest(app.baseUrl, {
      method: 'POST',
      path: '/admin/api/login',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'fetch' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'password-secret-value-6' }),
    });
    const config = readConfig(ApiConfigSchema, {
      SERVICE_CREDENTIALS: 'reconciler=config-secret-value-7-abcdefghijkl',
      METRICS_TOKEN: 'metrics-secret-value-8',
    });
    logs.logger.info({ config: redactedConfig(config) }, 'api listening');
    logs.logger.info({ config }, 'a configuration logged by mistake, whole');

    const text = logs.text();
    for (const value of [
      ...Object.values(secrets),
      'password-secret-value-6',
      'config-secret-value-7',
      'metrics-secret-value-8',
    ]) {
      expect(text).not.toContain(value.replace(/^Bearer |^tbo_session=|^sig1=:|:$/g, ''));
    }
    const line = requestLines(logs.entries()).find((l) => l.route === '/securities_transfers');
    expect(line?.headers).toMatchObject({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'x-internal-token': '[redacted]',
      signature: '[redacted]',
      'x-csrf-token': '[redacted]',
    });
    const started = logs.entries().find((l) => l.msg === 'api listening');
    expect(started?.config).toMatchObject({
      SERVICE_CREDENTIALS: '[redacted]',
      METRICS_TOKEN: '[redacted]',
      PORT: 3000,
    });
  });
});
