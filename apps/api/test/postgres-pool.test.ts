// The pool module against a real PostgreSQL server: its size, its refusal of
// a database that would order text unlike SQLite, and its drain on shutdown.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closePgDatabase,
  DEFAULT_PG_POOL_SIZE,
  openPgDatabase,
  pgPoolSizeFromEnv,
} from '../src/db/pg-client.js';
import { type PostgresServer, startPostgresServer } from './support/postgres-server.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('DATABASE_POOL_SIZE', () => {
  it('defaults when unset and takes a whole number from 1 to 100', () => {
    expect(pgPoolSizeFromEnv(undefined)).toBe(DEFAULT_PG_POOL_SIZE);
    expect(pgPoolSizeFromEnv('')).toBe(DEFAULT_PG_POOL_SIZE);
    expect(pgPoolSizeFromEnv('1')).toBe(1);
    expect(pgPoolSizeFromEnv('100')).toBe(100);
  });

  it.each(['0', '101', '1.5', '-3', 'ten', ' 4'])('refuses %j naming the variable and the rule', (value) => {
    expect(() => pgPoolSizeFromEnv(value)).toThrow(/DATABASE_POOL_SIZE must be a whole number from 1 to 100/);
  });
});

describe('openPgDatabase', () => {
  it('refuses a URL that is not PostgreSQL', async () => {
    await expect(openPgDatabase('mysql://localhost/transfers')).rejects.toThrow(
      /DATABASE_URL must start with postgres:\/\//,
    );
  });

  it('opens no more connections than its pool size', async () => {
    const url = await server.createDatabase('pool_size');
    const db = await openPgDatabase(url, { poolSize: 3 });
    try {
      const pids = await Promise.all(
        Array.from({ length: 9 }, () =>
          db.$client
            .query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)')
            .then((r) => r.rows[0]?.pid),
        ),
      );
      expect(new Set(pids).size).toBe(3);
    } finally {
      await closePgDatabase(db);
    }
  });

  it('survives the server ending a connection checked out between two queries of a transaction', async () => {
    const url = await server.createDatabase('ended_mid_transaction');
    const broken: Error[] = [];
    const db = await openPgDatabase(url, { poolSize: 2, onIdleError: (error) => broken.push(error) });
    try {
      const outcome = await db
        .transaction(async (tx) => {
          const pid = (await tx.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`)).rows[0]?.pid;
          await query(url, `SELECT pg_terminate_backend(${Number(pid)})`);
          // The connection's error arrives while no query runs on it: without a listener it would end the process.
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.execute(sql`SELECT 1`);
        })
        .then(
          () => 'committed',
          () => 'failed',
        );
      expect(outcome).toBe('failed');
      expect(broken.length).toBeGreaterThanOrEqual(1);
      // The pool goes on with a new connection.
      expect((await db.$client.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await closePgDatabase(db);
    }
  });

  it('refuses a database with a linguistic collation before migrating anything', async () => {
    await query(
      server.urlOf('postgres'),
      `CREATE DATABASE linguistic TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`,
    );
    const url = server.urlOf('linguistic');
    await expect(openPgDatabase(url)).rejects.toThrow(
      /database linguistic has an ICU collation; create it with LOCALE_PROVIDER libc LOCALE 'C'/,
    );
    const tables = await query<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema IN ('public', 'drizzle')`,
    );
    expect(tables[0]?.n).toBe(0);
  });
});

describe('closePgDatabase', () => {
  it('lets the queries running and queued finish, then closes every connection of the pool', async () => {
    const url = await server.createDatabase('drain');
    const db = await openPgDatabase(url, { poolSize: 2, applicationName: 'drain-test' });
    // Four queries on two connections: two run, two wait in the pool's queue.
    const inFlight = Array.from({ length: 4 }, (_, i) =>
      db.$client.query<{ n: number }>(`SELECT ${i} AS n FROM pg_sleep(0.1)`).then((r) => r.rows[0]?.n),
    );
    await closePgDatabase(db);
    expect(await Promise.all(inFlight)).toEqual([0, 1, 2, 3]);
    await expect(db.$client.query('SELECT 1')).rejects.toThrow();
    const left = await query<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'drain-test'`,
    );
    expect(left[0]?.n).toBe(0);
  });
});
