// SQLite only: the writer thread and the embedded connection. The PostgreSQL run leaves out *.sqlite.test.ts.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { sqliteOf } from '../src/db/client.js';
import { startWriterThread, type WriterThread } from '../src/services/write/writer-thread.js';
import { createTestDb, type TestDb } from './harness.js';
import { expectNotReady, get } from './support/probe.js';

describe('liveness and readiness on SQLite', () => {
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
    await t?.close();
    server = undefined;
    writer = undefined;
    t = undefined;
  });

  it('is ready with the writer thread answering: database, migrations and write path all ok', async () => {
    const { port } = await serve({ writerThread: true });
    expect(await get(port, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get(port, '/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', write_path: 'ok' } },
    });
  });

  it('is not ready when the database connection is closed, while still alive', async () => {
    const served = await serve({ writerThread: false });
    sqliteOf(served.t.db).$client.close();
    expectNotReady(await get(served.port, '/readyz'), /^not ready: database: .*not open/);
    expect((await get(served.port, '/healthz')).status).toBe(200);
  });

  it('is not ready when the writer thread is gone', async () => {
    const served = await serve({ writerThread: true });
    const stopped = writer;
    writer = undefined;
    await stopped?.stop();
    expectNotReady(await get(served.port, '/readyz'), /write_path: the writer thread is stopping/);
  });
});
