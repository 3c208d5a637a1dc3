import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../http-harness.js';
import { type Served, serve } from './serve.js';

const LOGIN_BODY = JSON.stringify({ email: 'ops@example.com', password: 'ops-demo-password' });

function login(app: Served, headers: Record<string, string>) {
  return rawRequest(app.base, {
    method: 'POST',
    path: '/admin/api/login',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'x', ...headers },
    body: LOGIN_BODY,
  });
}

describe('hole: no Host check, and the console trusted any Origin equal to Host (DNS rebinding)', () => {
  let app: Served | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('refuses a rebinding page: a foreign host name pointed at the api gets 421 and no session', async () => {
    app = await serve();
    const foreign = `rebind.attacker.example:${app.port}`;
    const answer = await login(app, { host: foreign, origin: `http://${foreign}` });
    expect(answer.status).toBe(421);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers['set-cookie']).toBeUndefined();
    for (const path of ['/trpc/reference.securities', '/securities_transfers', '/admin/', '/openapi.json']) {
      expect((await rawRequest(app.base, { method: 'GET', path, headers: { host: foreign } })).status).toBe(
        421,
      );
    }
    // Health probes name whatever address they reach.
    expect(
      (await rawRequest(app.base, { method: 'GET', path: '/healthz', headers: { host: foreign } })).status,
    ).toBe(200);
  });

  it('compares the console Origin with the configured public origin, not with Host', async () => {
    app = await serve({ origins: { publicOrigins: ['https://ops.broker.example'], allowedHosts: [] } });
    const fromConsole = await login(app, {
      host: 'ops.broker.example',
      origin: 'https://ops.broker.example',
    });
    expect(fromConsole.status).toBe(200);
    // Same host in Origin and Host, but not the console's origin.
    const local = `127.0.0.1:${app.port}`;
    const foreign = await login(app, { host: local, origin: `http://${local}` });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['set-cookie']).toBeUndefined();
  });
});

describe('hole: oversized header sections were answered 413', () => {
  it('answers 431 with problem+json', async () => {
    const app = await serve();
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(app.port, '127.0.0.1', () =>
          socket.write(`GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\ncookie: ${'a'.repeat(20_000)}\r\n\r\n`),
        );
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString();
        });
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect(answer).toContain('"status":431');
    } finally {
      await app.close();
    }
  });
});
