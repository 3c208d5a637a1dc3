import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { type SqliteDb, sqliteOf } from './client.js';
import { applyTallies, mergeTally, openTally } from './commit-tally.js';
import { isPostgres } from './dialect.js';
import * as pgSchema from './pg-schema/index.js';
import type { Db } from './types.js';

/** Set on the handle a transaction's work receives: its savepoint depth. */
const DEPTH = Symbol('transaction depth');
type Handle = Db & { [DEPTH]?: number };

/**
 * One writer at a time per database file and thread. A transaction's work
 * awaits, so other async work of the same thread may run in between: it must
 * not begin a second transaction until this one ends – on the same
 * connection (it would join this one), nor on another connection to the same
 * file (its BEGIN IMMEDIATE would block the thread on the file lock that this
 * thread itself holds).
 */
class ConnectionLock {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/**
 * Under the test runner only: which connection's transaction the current
 * async work runs in, so that beginning another one on the same connection
 * from inside it – a deadlock: it waits for the lock its own caller holds –
 * fails at once instead of hanging. Outside tests nothing is tracked.
 */
const insideTransaction = process.env.VITEST ? new AsyncLocalStorage<object>() : undefined;

const fileLocks = new Map<string, ConnectionLock>();
const memoryLocks = new WeakMap<object, ConnectionLock>();

function lockOf(db: SqliteDb): ConnectionLock {
  const client = db.$client;
  if (client.memory) {
    let lock = memoryLocks.get(client);
    if (!lock) {
      lock = new ConnectionLock();
      memoryLocks.set(client, lock);
    }
    return lock;
  }
  let lock = fileLocks.get(client.name);
  if (!lock) {
    lock = new ConnectionLock();
    fileLocks.set(client.name, lock);
  }
  return lock;
}

/**
 * Runs `work` in one IMMEDIATE transaction on `db`'s connection, committed
 * when it resolves and rolled back when it throws. Called with the handle a
 * transaction's work received, it runs in a savepoint of that transaction
 * instead, so a failure rolls back only the nested work.
 */
export async function writeTransaction<T>(db: Db, work: (tx: Db) => T | Promise<T>): Promise<T> {
  if (isPostgres()) return postgresTransaction(db, work);
  const depth = (db as Handle)[DEPTH];
  if (depth !== undefined) return inSavepoint(db, depth + 1, work);
  const client = sqliteOf(db).$client;
  if (insideTransaction?.getStore() === client) {
    throw new Error(
      'a transaction began on the connection handle inside a transaction: pass the transaction handle',
    );
  }
  const lock = lockOf(sqliteOf(db));
  await lock.acquire();
  try {
    client.exec('BEGIN IMMEDIATE');
    try {
      const tx = handleAt(db, 0);
      const result = await (insideTransaction ? insideTransaction.run(client, () => work(tx)) : work(tx));
      client.exec('COMMIT');
      return result;
    } catch (error) {
      if (client.inTransaction) client.exec('ROLLBACK');
      throw error;
    }
  } finally {
    lock.release();
  }
}

async function inSavepoint<T>(db: Db, depth: number, work: (tx: Db) => T | Promise<T>): Promise<T> {
  const name = `nested_${depth}`;
  const client = sqliteOf(db).$client;
  client.exec(`SAVEPOINT ${name}`);
  try {
    const result = await work(handleAt(db, depth));
    client.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    client.exec(`ROLLBACK TO ${name}`);
    client.exec(`RELEASE ${name}`);
    throw error;
  }
}

/** The same connection, marked as inside a transaction at `depth`. */
function handleAt(db: Db, depth: number): Db {
  const handle = Object.create(db) as Handle;
  handle[DEPTH] = depth;
  return handle;
}

/** PostgreSQL's answers that mean "run the transaction again": a serialization failure, a deadlock. */
const RETRYABLE_CODES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 12;

/** True when `error` (or what it wraps: Drizzle wraps the driver's error) asks for the transaction to be retried. */
export function isRetryableConflict(error: unknown): boolean {
  for (let e: unknown = error, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_CODES.has(code)) return true;
  }
  return false;
}

/**
 * On PostgreSQL a write transaction runs at READ COMMITTED, and what must not
 * interleave is locked where it is read: positions and an account transfer's
 * parent `FOR UPDATE`, status changes by a guarded UPDATE (expected status),
 * claims `SKIP LOCKED`, keys and nonces `ON CONFLICT`, list counters as
 * increments of the connection's own shard applied just before COMMIT in
 * key order (commit-tally.ts), and the outbox's order by
 * positions handed out after commit (repositories/journal.ts). SERIALIZABLE
 * would make the hot rows – a tenant's list counters, written by every
 * create – fail and rerun whole group commits under load. A deadlock
 * (or a serialization failure) rolls the transaction back and runs it again
 * from the start: the work is database work only, so that is safe. Nested
 * calls run in a savepoint of the caller's transaction.
 */
async function postgresTransaction<T>(db: Db, work: (tx: Db) => T | Promise<T>): Promise<T> {
  const depth = (db as Handle)[DEPTH];
  if (depth !== undefined) return postgresSavepoint(db, depth + 1, work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await postgresTransactionOnce(db, work);
    } catch (error) {
      if (!isRetryableConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      // Jittered, growing pauses: the transactions that collided should not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
    }
  }
}

// Building a Drizzle handle reads the whole schema: done once per pooled
// connection; each transaction gets its own object on top (depth, tally).
const connectionHandles = new WeakMap<pg.PoolClient, Db>();

function handleOf(client: pg.PoolClient): Db {
  let handle = connectionHandles.get(client);
  if (!handle) {
    handle = drizzle({ client, schema: pgSchema, casing: 'snake_case' }) as unknown as Db;
    connectionHandles.set(client, handle);
  }
  return handle;
}

/**
 * One transaction on one pooled connection. Its BEGIN, COMMIT and ROLLBACK
 * are ours, so a connection that fails at any of them – ended by the
 * server, broken on the network – goes back to the pool as broken and is
 * discarded, never leaked or handed out again.
 */
async function postgresTransactionOnce<T>(db: Db, work: (tx: Db) => T | Promise<T>): Promise<T> {
  const client = await (db as unknown as { $client: pg.Pool }).$client.connect();
  let broken: Error | undefined;
  const control = async (statement: string) => {
    try {
      await client.query(statement);
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  };
  try {
    await control('BEGIN ISOLATION LEVEL READ COMMITTED');
    const tx = markDepth(Object.create(handleOf(client)) as Db, 0);
    openTally(tx);
    let result: T;
    try {
      result = await work(tx);
      await applyTallies(tx);
    } catch (error) {
      await control('ROLLBACK').catch(() => undefined);
      throw error;
    }
    await control('COMMIT');
    return result;
  } finally {
    client.release(broken);
  }
}

async function postgresSavepoint<T>(db: Db, depth: number, work: (tx: Db) => T | Promise<T>): Promise<T> {
  const name = `nested_${depth}`;
  await db.execute(sql.raw(`SAVEPOINT ${name}`));
  try {
    const nested = markDepth(Object.create(db) as Db, depth);
    openTally(nested);
    const result = await work(nested);
    await db.execute(sql.raw(`RELEASE SAVEPOINT ${name}`));
    mergeTally(nested, db);
    return result;
  } catch (error) {
    await db.execute(sql.raw(`ROLLBACK TO SAVEPOINT ${name}`));
    await db.execute(sql.raw(`RELEASE SAVEPOINT ${name}`));
    throw error;
  }
}

function markDepth(tx: Db, depth: number): Db {
  (tx as Handle)[DEPTH] = depth;
  return tx;
}
