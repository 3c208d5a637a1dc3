import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { startWriterThread, type WriterThread } from '../src/services/write/writer-thread.js';
import { createTestDb, type TestDb } from './harness.js';

interface Answer {
  status: number;
  contentType: string | undefined;
  requestId: string | undefined;
  body: Record<string, unknown>;
}

/** A GET with an explicit Host header (fetch would not let a probe's foreign Host through). */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<Answer> {
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

describe('liveness and readiness', () => {
  let t: TestDb | undefined;
  let writer: WriterThread | undefined;
  let server: ReturnType<typeof createApp> | undefined;

  async function serve(options: { writerThread: boolean }): Promise<{ t: TestDb; port: number }> {
    t = await createTestDb();
    if (options.writerThread) {
      writer = await startWriterThread(t.db, t.path);
      await writer.ready;
    }
    server = createApp({ db: t.db, writes: options.writerThread && writer ? writer : t.writes });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    return { t, port: (listening.address() as AddressInfo).port };
  }

  afterEach(async () => {
    const open = server;
    if (open) {
      const closed = new Promise((resolve) => open.close(resolve));
      open.closeAllConnections();
      await closed;
    }
    await writer?.stop();
    t?.close();
    server = undefined;
    writer = undefined;
    t = undefined;
  });

  function expectNotReady(answer: Answer, failing: RegExp): void {
    expect(answer.status).toBe(503);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body).toMatchObject({
      status: 503,
      type: '/problems/unavailable',
      request_id: answer.requestId,
    });
    expect(String(answer.body.detail)).toMatch(failing);
  }

  it('is ready with the writer thread answering: database, migrations and write path all ok', async () => {
    const { port } = await serve({ writerThread: true });
    expect(await get(port, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get(port, '/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', write_path: 'ok' } },
    });
  });

  it('is ready without a writer thread: writes share the open, writable connection', async () => {
    const { port } = await serve({ writerThread: false });
    expect((await get(port, '/readyz')).body).toMatchObject({ status: 'ready' });
  });

  it('is not ready when the database connection is closed, while still alive', async () => {
    const served = await serve({ writerThread: false });
    served.t.db.$client.close();
    expectNotReady(await get(served.port, '/readyz'), /^not ready: database: .*not open/);
    expect((await get(served.port, '/healthz')).status).toBe(200);
  });

  it('is not ready when the newest committed migration is not applied', async () => {
    const served = await serve({ writerThread: false });
    served.t.db.$client
      .prepare(
        'DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)',
      )
      .run();
    expectNotReady(
      await get(served.port, '/readyz'),
      /migrations: the newest migration \(\d+\) is not applied/,
    );
  });

  it('is not ready when the writer thread is gone', async () => {
    const served = await serve({ writerThread: true });
    const stopped = writer;
    writer = undefined;
    await stopped?.stop();
    expectNotReady(await get(served.port, '/readyz'), /write_path: the writer thread is stopping/);
  });

  it('answers probes whatever Host they name (a node is probed by its own address)', async () => {
    const { port } = await serve({ writerThread: false });
    expect((await get(port, '/readyz', `10.1.2.3:${port}`)).status).toBe(200);
    expect((await get(port, '/securities_transfers', `10.1.2.3:${port}`)).status).toBe(421);
  });
});
