import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { isPostgres, selectDialect } from './dialect.js';
import {
  closePgDatabase,
  isPostgresUrl,
  openPgDatabase,
  type PgDb,
  type PgOpenOptions,
} from './pg-client.js';
import * as schema from './schema/index.js';
import type { Db } from './types.js';

export type { Db } from './types.js';

/** The SQLite handle with its connection: for what only SQLite has (pragmas, WAL, the writer thread). */
export type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DATABASE_PATH = './data/transfers.sqlite';

/** The committed migrations, found from both src/ (tests, tsx) and dist/ (built server). */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('drizzle migrations folder not found');
}

/**
 * How a commit reaches the disk. `full` (the default): SQLite syncs the WAL
 * on every commit, so a transaction answered 200 survives a power or OS
 * failure (as far as the disk honours the sync: no volatile write cache). `normal`: it survives a process crash, but an OS crash or power
 * cut may lose the last commits (never corrupting the file).
 */
export type SynchronousMode = 'full' | 'normal';

/** DATABASE_SYNCHRONOUS=full|normal (read by the config module); anything else is refused naming the variable. */
export function synchronousFromEnv(value: string | undefined): SynchronousMode {
  if (value === undefined || value === '' || value === 'full') return 'full';
  if (value === 'normal') return 'normal';
  throw new Error(`DATABASE_SYNCHRONOUS must be full or normal, not ${value}`);
}

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas the service
 * relies on and applies the committed migrations.
 */
export function openDatabase(
  path: string = DEFAULT_DATABASE_PATH,
  options: { migrate?: boolean; synchronous?: SynchronousMode } = {},
): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  const synchronous = options.synchronous ?? 'full';
  sqlite.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' }) as SqliteDb;
  // A second connection of the same process (the writer thread) finds the schema in place.
  if (options.migrate !== false) migrate(db, { migrationsFolder: migrationsFolder() });
  selectDialect('sqlite');
  // The common handle type (db/types.ts): the SQLite driver runs the asynchronous query surface it describes.
  return db as unknown as Db;
}

/** Where the process's data lives: a PostgreSQL URL when given, else the SQLite file. */
export interface DatabaseLocation {
  url?: string | undefined;
  path?: string | undefined;
  synchronous?: SynchronousMode;
  pg?: PgOpenOptions;
}

/**
 * A command-line tool's `--database`: a PostgreSQL URL or a SQLite path. Its
 * `shown` form never carries a URL's password.
 */
export function databaseTarget(
  target: string,
  synchronous: SynchronousMode = 'full',
): { location: DatabaseLocation; shown: string } {
  if (!isPostgresUrl(target)) return { location: { path: target, synchronous }, shown: target };
  const url = new URL(target);
  return {
    location: { url: target, pg: { poolSize: 1, applicationName: 'tbo-cli' } },
    shown: `postgresql://${url.host}${url.pathname}`,
  };
}

/** Opens the database the configuration names: `DATABASE_URL` (PostgreSQL) wins over the SQLite path. */
export async function openConfiguredDatabase(location: DatabaseLocation): Promise<Db> {
  if (location.url) {
    const db = await openPgDatabase(location.url, location.pg);
    selectDialect('postgres');
    return db as unknown as Db;
  }
  return openDatabase(location.path, { synchronous: location.synchronous ?? 'full' });
}

/** The SQLite handle behind `db`; throws on PostgreSQL, where the caller's SQLite-only work does not apply. */
export function sqliteOf(db: Db): SqliteDb {
  const candidate = db as unknown as Partial<SqliteDb>;
  if (isPostgres() || !(candidate.$client instanceof Database)) {
    throw new Error('this operation exists only on the embedded SQLite database');
  }
  return candidate as SqliteDb;
}

/** Closes the connection or drains the pool (a command-line tool's, a thread's or the server's, when it is done). */
export async function closeDatabase(db: Db): Promise<void> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof Database) client.close();
  else await closePgDatabase(db as unknown as PgDb);
}
