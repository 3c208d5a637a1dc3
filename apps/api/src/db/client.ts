import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

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
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' }) as Db;
  // A second connection of the same process (the writer thread) finds the schema in place.
  if (options.migrate !== false) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

/** Closes the connection (a command-line tool's or a thread's, when it is done). */
export function closeDatabase(db: Db): void {
  db.$client.close();
}
