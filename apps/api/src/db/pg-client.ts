import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as pgSchema from './pg-schema/index.js';

export type PgDb = NodePgDatabase<typeof pgSchema> & { $client: pg.Pool };

/**
 * Connections per process. Ten keep both cores of a small database server
 * busy while requests wait on the network, and leave room under PostgreSQL's
 * default `max_connections` (100) for several instances plus operators.
 */
export const DEFAULT_PG_POOL_SIZE = 10;
const MAX_PG_POOL_SIZE = 100;

// Any fixed number, the same in every instance: the advisory lock that lets
// one instance migrate while the others starting beside it wait.
const MIGRATION_LOCK_KEY = 7_305_021;

// Binary ordering, as SQLite's: keyset pages over ids and texts, and lower()
// of the prefix search, must read the same on both databases.
const BINARY_COLLATIONS = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8']);

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** DATABASE_POOL_SIZE: a whole number from 1 to 100; unset means the default. */
export function pgPoolSizeFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PG_POOL_SIZE;
  const size = Number(value);
  if (!/^\d+$/.test(value) || size < 1 || size > MAX_PG_POOL_SIZE) {
    throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to ${MAX_PG_POOL_SIZE}, not ${value}`);
  }
  return size;
}

/** The committed PostgreSQL migrations, found from both src/ (tests, tsx) and dist/ (built server). */
export function pgMigrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'drizzle-pg');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('drizzle-pg migrations folder not found');
}

export interface PgOpenOptions {
  poolSize?: number;
  /** Shown in pg_stat_activity, so operators see which process holds a connection. */
  applicationName?: string;
  migrate?: boolean;
  /** A connection broke (server restart, network): the pool drops it; a query on it failed by itself. */
  onIdleError?: (error: Error) => void;
}

/**
 * Opens a pool on a `postgres://` URL, refuses a database whose collation
 * would order text unlike SQLite, and applies the committed migrations
 * (one instance at a time).
 */
export async function openPgDatabase(url: string, options: PgOpenOptions = {}): Promise<PgDb> {
  if (!isPostgresUrl(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_PG_POOL_SIZE,
    application_name: options.applicationName ?? 'tbo-api',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // Dates and "today" computed in SQL are UTC days, as in the application.
    options: '-c TimeZone=UTC',
  });
  // Without a listener a connection's error would end the process: the pool
  // listens to idle ones; a checked-out one (between a transaction's queries,
  // when the server restarts or ends it) is listened to here, and its query in
  // flight fails on its own.
  pool.on('error', (error) => options.onIdleError?.(error));
  pool.on('connect', (client) => client.on('error', (error) => options.onIdleError?.(error)));
  const db = drizzle({ client: pool, schema: pgSchema, casing: 'snake_case' }) as PgDb;
  try {
    await assertBinaryCollation(pool);
    if (options.migrate !== false) await migratePg(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return db;
}

async function assertBinaryCollation(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string; collate: string; provider: string }>(
    `SELECT datname AS name, datcollate AS collate, datlocprovider AS provider
       FROM pg_database WHERE datname = current_database()`,
  );
  const row = rows[0];
  // 'i' is ICU, whose collations are all linguistic; 'c' (libc) is binary only for C and POSIX.
  const collation = row?.provider === 'i' ? 'an ICU collation' : `collation ${row?.collate}`;
  if (row && (row.provider === 'i' || !BINARY_COLLATIONS.has(row.collate))) {
    throw new Error(
      `database ${row.name} has ${collation}; create it with LOCALE_PROVIDER libc LOCALE 'C' (docs/operations.md, PostgreSQL)`,
    );
  }
}

async function migratePg(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // A session lock: released by the unlock, or by the server when the connection ends.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle({ client, casing: 'snake_case' }), { migrationsFolder: pgMigrationsFolder() });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // A connection that failed mid-migration is closed, not handed to the next caller.
    client.release(broken);
  }
}

/**
 * Graceful shutdown, once the process takes no new work: the queries already
 * queued or running finish (for up to `drainMs`), then every connection is
 * closed. `pool.end()` alone would fail the queued ones.
 */
export async function closePgDatabase(db: PgDb, { drainMs = 10_000 } = {}): Promise<void> {
  const pool = db.$client;
  const deadline = Date.now() + drainMs;
  while ((pool.waitingCount > 0 || pool.idleCount < pool.totalCount) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await pool.end();
}
