import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../api/src/app.js';
import type { ServiceConfig } from '../../../api/src/context.js';
import { createTestDb, type TestDb } from '../../../api/test/harness.js';
import { DIST } from './console-build.js';

export interface RunningApi {
  t: TestDb;
  base: string;
  close(): Promise<void>;
}

/** The real api (createApp) on 127.0.0.1, a port of its own, a temp SQLite file, the built console. */
export async function startApi(options: { service?: Partial<ServiceConfig> } = {}): Promise<RunningApi> {
  const t = await createTestDb();
  const server: Server = createApp({
    db: t.db,
    clock: t.clock,
    admin: { cookieSecure: 'auto', distFolder: DIST },
    ...(options.service ? { service: options.service } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    t,
    base,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}
