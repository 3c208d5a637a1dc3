import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTrpcCall } from './trpc-node-adapter.js';

/** Opens when the test says so: the slow call of the batch waits for it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('answerTrpcCall: the Node side of a /trpc call', () => {
  const slow = gate();
  const never = gate();
  const t = initTRPC.create();
  const router = t.router({
    fast: t.procedure.query(() => 'fast answer'),
    slow: t.procedure.query(async () => {
      await slow.opened;
      return 'slow answer';
    }),
    stuck: t.procedure.query(async () => {
      await never.opened;
      return 'too late';
    }),
  });
  const answered: Promise<void>[] = [];
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      answered.push(
        answerTrpcCall({ router, req, res, body: '', basePath: '/trpc/', context: {}, onError: () => {} }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    never.open();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('streams a jsonl batch: the fast call arrives while the slow one still runs', async () => {
    const received: string[] = [];
    let fastBeforeSlow = false;
    // Opens the gate anyway after a while, so a buffered answer fails the test instead of hanging it.
    const fallback = setTimeout(slow.open, 2_000);
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          path: '/trpc/fast,slow?batch=1&input=%7B%7D',
          headers: { 'trpc-accept': 'application/jsonl' },
        },
        (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            received.push(chunk);
            if (received.join('').includes('fast answer') && !received.join('').includes('slow answer')) {
              fastBeforeSlow = true;
              slow.open();
            }
          });
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
    clearTimeout(fallback);
    expect(fastBeforeSlow).toBe(true);
    expect(received.join('')).toContain('slow answer');
  });

  it('answers a plain call as one JSON document with its length', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/trpc/fast`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).not.toBeNull();
    expect(await res.json()).toEqual({ result: { data: 'fast answer' } });
  });

  it('answers an unknown procedure with tRPC’s own 404 error', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/trpc/nowhere`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { data: { code: string } } }).error.data.code).toBe('NOT_FOUND');
  });

  it('stops a jsonl stream when its client goes away, without waiting for the stuck call', async () => {
    const before = answered.length;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          path: '/trpc/fast,stuck?batch=1&input=%7B%7D',
          headers: { 'trpc-accept': 'application/jsonl' },
        },
        (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (chunk.includes('fast answer')) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', () => {});
      setTimeout(() => reject(new Error('the fast call never arrived')), 5_000);
      req.end();
    });
    const call = answered[before];
    const outcome = await Promise.race([
      call?.then(() => 'ended'),
      new Promise((resolve) => setTimeout(() => resolve('still streaming'), 2_000)),
    ]);
    expect(outcome).toBe('ended');
  });
});
