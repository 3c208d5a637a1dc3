import type { Executor } from './types.js';

/**
 * Changes a PostgreSQL write transaction adds up as it runs and applies just
 * before COMMIT, in key order: the list counters (the one tally today; a
 * second would be applied after it, so two tallies must not share rows).
 * Applied last and in one order by every transaction, their row locks are
 * held only from there to the commit and never taken in opposite orders, so
 * hot counter rows neither queue writers for a whole transaction nor deadlock. A savepoint keeps its
 * own tally, added to its parent's when it is released and dropped when it
 * rolls back, so a job that fails takes its changes with it.
 */

/** Applies a tally's changes, given in key order, in the transaction about to commit. */
export type TallyApply = (tx: Executor, changes: [key: string, change: number][]) => Promise<void>;

type Tallies = Map<TallyApply, Map<string, number>>;

const TALLIES = Symbol('commit tallies');
type TallyHandle = Executor & { [TALLIES]?: Tallies };

/** Gives a transaction's (or savepoint's) handle a tally of its own. */
export function openTally(handle: Executor): void {
  (handle as TallyHandle)[TALLIES] = new Map();
}

/**
 * Adds `change` under `key` to the transaction's tally, to be applied by
 * `apply` before COMMIT; false when `db` carries no tally – not a handle of
 * `writeTransaction` – and the caller applies the change at once.
 */
export function addToTally(db: Executor, apply: TallyApply, key: string, change: number): boolean {
  const tallies = (db as TallyHandle)[TALLIES];
  if (!tallies) return false;
  let tally = tallies.get(apply);
  if (!tally) {
    tally = new Map();
    tallies.set(apply, tally);
  }
  tally.set(key, (tally.get(key) ?? 0) + change);
  return true;
}

/** A released savepoint's tally joins its parent's. */
export function mergeTally(child: Executor, parent: Executor): void {
  for (const [apply, tally] of (child as TallyHandle)[TALLIES] ?? []) {
    for (const [key, change] of tally) {
      if (!addToTally(parent, apply, key, change)) throw new Error('a savepoint whose parent keeps no tally');
    }
  }
}

/** Applies what the transaction added up, each tally in key order, skipping changes that cancel out. */
export async function applyTallies(tx: Executor): Promise<void> {
  for (const [apply, tally] of (tx as TallyHandle)[TALLIES] ?? []) {
    const changes = [...tally]
      .filter(([, change]) => change !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (changes.length > 0) await apply(tx, changes);
  }
}
