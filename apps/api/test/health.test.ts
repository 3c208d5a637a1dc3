import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { isPostgres } from '../src/db/dialect.js';
import { startWriterThread, type WriterThread } from '../src/services/write/writer-thread.js';
import { createTestDb, type TestDb } from './harness.js';
import { sqlRun } from './inspect.js';
import { expectNotReady, get } from './support/probe.js';

// The probes on either database (the writer thread's and the SQLite connection's: health.sqlite.test.ts).
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
    await t?.close();
    server = undefined;
    writer = undefined;
    t = undefined;
  });

  it('is ready without a writer thread: writes share the open, writable connection', async () => {
    const { port } = await serve({ writerThread: false });
    expect((await get(port, '/readyz')).body).toMatchObject({ status: 'ready' });
  });

  it('is not ready when the newest committed migration is not applied', async () => {
    const served = await serve({ writerThread: false });
    // PostgreSQL keeps the migrations journal in the drizzle schema.
    const journal = isPostgres() ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';
    await sqlRun(
      served.t.db,
      `DELETE FROM ${journal} WHERE created_at = (SELECT max(created_at) FROM ${journal})`,
    );
    expectNotReady(
      await get(served.port, '/readyz'),
      /migrations: the newest migration \(\d+\) is not applied/,
    );
  });

  it('answers probes whatever Host they name (a node is probed by its own address)', async () => {
    const { port } = await serve({ writerThread: false });
    expect((await get(port, '/readyz', `10.1.2.3:${port}`)).status).toBe(200);
    expect((await get(port, '/securities_transfers', `10.1.2.3:${port}`)).status).toBe(421);
  });
});
