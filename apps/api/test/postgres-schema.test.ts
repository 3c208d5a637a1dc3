// The PostgreSQL schema against a real server (test/support/postgres-server.ts):
// its committed migrations apply, and the migrated database has the shape of
// the migrated SQLite database, table by table, read from both databases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, sqliteOf } from '../src/db/client.js';
import { closePgDatabase, openPgDatabase, pgMigrationsFolder } from '../src/db/pg-client.js';
import { type PostgresServer, startPostgresServer } from './support/postgres-server.js';
import { postgresShape, type SchemaShape, sqliteShape } from './support/schema-shape.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const committedMigrations = () =>
  (
    JSON.parse(readFileSync(join(pgMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    }
  ).entries.length;

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const appliedMigrations = (client: pg.Client) =>
  client
    .query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')
    .then((r) => r.rows[0]?.n);

describe('the PostgreSQL migrations', () => {
  it('apply to an empty database, and again as a no-op', async () => {
    const url = await server.createDatabase('migrate_twice');
    await closePgDatabase(await openPgDatabase(url));
    const first = await withClient(url, async (c) => ({
      applied: await appliedMigrations(c),
      shape: await postgresShape(c),
    }));
    expect(first.applied).toBe(committedMigrations());
    expect(Object.keys(first.shape.tables).length).toBeGreaterThan(0);

    await closePgDatabase(await openPgDatabase(url));
    const second = await withClient(url, async (c) => ({
      applied: await appliedMigrations(c),
      shape: await postgresShape(c),
    }));
    expect(second).toEqual(first);
  });

  it('apply once when several instances start on the same empty database together', async () => {
    const url = await server.createDatabase('migrate_together');
    const instances = await Promise.all([openPgDatabase(url), openPgDatabase(url), openPgDatabase(url)]);
    await Promise.all(instances.map((db) => closePgDatabase(db)));
    expect(await withClient(url, appliedMigrations)).toBe(committedMigrations());
  });
});

describe('the PostgreSQL schema mirrors the SQLite schema', () => {
  let sqlite: SchemaShape;
  let postgres: SchemaShape;
  beforeAll(async () => {
    const db = openDatabase(':memory:');
    sqlite = sqliteShape(sqliteOf(db).$client);
    await closeDatabase(db);
    const url = await server.createDatabase('parity');
    await closePgDatabase(await openPgDatabase(url));
    postgres = await withClient(url, postgresShape);
  });

  it('has the same tables', () => {
    expect(Object.keys(postgres.tables).sort()).toEqual(Object.keys(sqlite.tables).sort());
  });

  it('has, table by table, the same columns, keys, indexes and foreign keys', () => {
    for (const [table, shape] of Object.entries(sqlite.tables)) {
      expect({ table, ...postgres.tables[table] }).toEqual({ table, ...shape });
    }
  });

  it('stores each column in a type of the same kind, and never in a binary float or a local time', () => {
    // SQLite's TEXT holds text, quantities, instants, dates and JSON; INTEGER holds numbers and booleans.
    const kinds: Record<string, string[]> = {
      text: ['text', 'numeric', 'timestamp with time zone', 'date', 'jsonb'],
      integer: ['integer', 'bigint', 'boolean'],
    };
    const mismatched = Object.entries(sqlite.types).filter(
      ([column, type]) => !kinds[type]?.includes(postgres.types[column] ?? 'missing'),
    );
    expect(mismatched).toEqual([]);
    const forbidden = Object.entries(postgres.types).filter(([, type]) =>
      ['real', 'double precision', 'timestamp without time zone', 'json'].includes(type),
    );
    expect(forbidden).toEqual([]);
  });
});
