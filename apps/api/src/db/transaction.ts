import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './client.js';

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

function lockOf(db: Db): ConnectionLock {
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
  const depth = (db as Handle)[DEPTH];
  if (depth !== undefined) return inSavepoint(db, depth + 1, work);
  const client = db.$client;
  if (insideTransaction?.getStore() === client) {
    throw new Error(
      'a transaction began on the connection handle inside a transaction: pass the transaction handle',
    );
  }
  const lock = lockOf(db);
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
  const client = db.$client;
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
