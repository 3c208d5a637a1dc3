import type { AddressInfo } from 'node:net';
import { type AppOptions, createApp } from '../../src/app.js';
import { createTestDb, type TestDb } from '../harness.js';

export interface Served {
  t: TestDb;
  base: string;
  port: number;
  close(): Promise<void>;
}

/** The whole api on 127.0.0.1 (random port) over a real, seeded SQLite file. */
export async function serve(options: Omit<AppOptions, 'db'> = {}): Promise<Served> {
  const t = await createTestDb();
  const server = createApp({ clock: t.clock, writes: t.writes, ...options, db: t.db });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    t,
    port,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/** Status codes, counted. */
export function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
