import { afterEach, describe, expect, it } from 'vitest';
import { isPostgres } from '../src/db/dialect.js';
import { sqlRun } from './inspect.js';
import { expectNotReady, get, probedApps } from './support/probe.js';

// The probes on either database (the writer thread's and the SQLite connection's: health.sqlite.test.ts).
describe('liveness and readiness', () => {
  const apps = probedApps();
  const serve = apps.serve;
  afterEach(() => apps.close());

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
