import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createTestDb, type TestDb } from './harness.js';

/** Sends raw bytes and returns everything the server answers before closing. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests Node cannot parse', () => {
  let t: TestDb;
  let server: ReturnType<typeof createApp>;
  let port: number;
  beforeAll(async () => {
    t = await createTestDb();
    server = createApp({ db: t.db });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  for (const [name, bytes] of [
    ['an invalid method token', 'G@T / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'],
    [
      'broken chunked framing',
      'POST /securities_transfers HTTP/1.1\r\nhost: 127.0.0.1\r\ntransfer-encoding: chunked\r\n\r\nZZ\r\n',
    ],
    ['a header without a colon', 'GET / HTTP/1.1\r\nthis is not a header\r\n\r\n'],
  ]) {
    it(`answers ${name} with a problem+json 400`, async () => {
      const answer = await rawExchange(port, bytes as string);
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 /);
      expect(head).toContain('content-type: application/problem+json');
      const problem = JSON.parse(body) as { status: number; request_id: string; type: string };
      expect(problem).toMatchObject({ status: 400, type: '/problems/bad-request' });
      expect(head).toContain(`x-request-id: ${problem.request_id}`);
    });
  }
});
