import { afterEach, describe, expect, it } from 'vitest';
import { sqliteOf } from '../src/db/client.js';
import { expectNotReady, get, probedApps } from './support/probe.js';

describe('liveness and readiness on SQLite', () => {
  const apps = probedApps();
  const serve = apps.serve;
  afterEach(() => apps.close());

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
    const stopped = served.writer;
    served.writer = undefined;
    await stopped?.stop();
    expectNotReady(await get(served.port, '/readyz'), /write_path: the writer thread is stopping/);
  });
});
