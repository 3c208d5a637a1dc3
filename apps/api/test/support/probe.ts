// Probing /healthz and /readyz of a served app (test/health*.test.ts).
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createApp } from '../../src/app.js';
import { startWriterThread, type WriterThread } from '../../src/services/write/writer-thread.js';
import { createTestDb, type TestDb } from '../harness.js';

export interface Answer {
  status: number;
  contentType: string | undefined;
  requestId: string | undefined;
  body: Record<string, unknown>;
}

/** A GET with an explicit Host header (fetch would not let a probe's foreign Host through). */
export function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          requestId: res.headers['x-request-id'] as string | undefined,
          body: JSON.parse(text) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

export function expectNotReady(answer: Answer, failing: RegExp): void {
  expect(answer.status).toBe(503);
  expect(answer.contentType).toBe('application/problem+json');
  expect(answer.body).toMatchObject({
    status: 503,
    type: '/problems/unavailable',
    request_id: answer.requestId,
  });
  expect(String(answer.body.detail)).toMatch(failing);
}

/** An app served on a fresh test database for probing; `close` ends it all. */
export interface ServedApp {
  t: TestDb;
  port: number;
  /** The writer thread when asked for (SQLite): a test may take and stop it itself. */
  writer: WriterThread | undefined;
}

/** Serves apps for a suite: `serve` in a test, `close` in afterEach. */
export function probedApps(): {
  serve(options: { writerThread: boolean }): Promise<ServedApp>;
  close(): Promise<void>;
} {
  let served: ServedApp | undefined;
  let server: ReturnType<typeof createApp> | undefined;
  return {
    async serve(options) {
      const t = await createTestDb();
      const writer = options.writerThread ? await startWriterThread(t.db, t.path) : undefined;
      await writer?.ready;
      served = { t, port: 0, writer };
      const listening = createApp({ db: t.db, writes: writer ?? t.writes });
      server = listening;
      await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
      served.port = (listening.address() as AddressInfo).port;
      return served;
    },
    async close() {
      const open = server;
      if (open) {
        const closed = new Promise((resolve) => open.close(resolve));
        open.closeAllConnections();
        await closed;
      }
      await served?.writer?.stop();
      await served?.t.close();
      server = undefined;
      served = undefined;
    },
  };
}
