// Reads a running system's database directly – PostgreSQL through `pg`, SQLite
// through a read-only better-sqlite3 connection beside the api's (WAL) – for
// the assertions of whole-system tests. Nothing here writes.
import Database from 'better-sqlite3';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface SystemReader {
  readonly dialect: 'postgres' | 'sqlite';
  /** `?` placeholders on both databases. */
  all<T extends object = Row>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** Several reads from one snapshot of the database (a read-only transaction). */
  snapshot<T>(read: (all: SystemReader['all']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export function postgresReader(url: string): SystemReader {
  const pool = new pg.Pool({ connectionString: url, max: 3, application_name: 'tbo-system-test' });
  // The server stops at the end of the test: an idle connection's FATAL 57P01 then is expected, not a failure.
  pool.on('error', () => undefined);
  const all = async <T extends object>(sql: string, ...params: unknown[]) =>
    (await pool.query(numbered(sql), params)).rows as T[];
  return {
    dialect: 'postgres',
    all,
    async snapshot(read) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const result = await read(
          async <T extends object>(sql: string, ...params: unknown[]) =>
            (await client.query(numbered(sql), params)).rows as T[],
        );
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function sqliteReader(path: string): SystemReader {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  let turn: Promise<unknown> = Promise.resolve();
  const all = async <T extends object>(sql: string, ...params: unknown[]) =>
    db.prepare(sql).all(...params) as T[];
  return {
    dialect: 'sqlite',
    all,
    snapshot(read) {
      // A deferred read transaction: every statement in it reads the same WAL snapshot.
      // One at a time on the one connection.
      const run = turn.then(async () => {
        db.exec('BEGIN');
        try {
          return await read(all);
        } finally {
          db.exec('COMMIT');
        }
      });
      turn = run.catch(() => undefined);
      return run;
    },
    close: async () => {
      db.close();
    },
  };
}
