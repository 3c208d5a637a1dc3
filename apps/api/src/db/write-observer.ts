import type { Db } from './client.js';

/** Hears of every group commit of client writes: how many writes, and how long the transaction took. */
export interface WriteObserver {
  batchCommitted(writes: number, seconds: number): void;
}

const observers = new WeakMap<Db, WriteObserver>();

/** The metrics of the app serving `db` observe its write path (writer thread or event loop). */
export function observeWrites(db: Db, observer: WriteObserver): void {
  observers.set(db, observer);
}

export function writeObserverOf(db: Db): WriteObserver | undefined {
  return observers.get(db);
}
