import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gt, inArray, lte } from 'drizzle-orm';
import { changedRows, first } from '../db/query.js';
import { loginFailures } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// Failed console sign-ins, per e-mail ('account') and per client address
// ('address'): the login throttle's counts, shared by every api instance.
// Times are ISO 8601 UTC text, as everywhere in the api.

export type LoginFailureScope = (typeof loginFailures.$inferSelect)['scope'];

const ofKey = (scope: LoginFailureScope, key: string) =>
  and(eq(loginFailures.scope, scope), eq(loginFailures.key, key));

/** How many failures `key` has had after `since` (exclusive). */
export async function countFailuresSince(
  db: Executor,
  scope: LoginFailureScope,
  key: string,
  since: string,
): Promise<number> {
  const row = await first(
    db
      .select({ n: count() })
      .from(loginFailures)
      .where(and(ofKey(scope, key), gt(loginFailures.failedAt, since))),
  );
  return row?.n ?? 0;
}

/**
 * The oldest of `key`'s last `n` failures after `since`: the one whose expiry
 * frees a slot. Undefined when there are fewer than `n`.
 */
export async function oldestOfLastFailures(
  db: Executor,
  scope: LoginFailureScope,
  key: string,
  since: string,
  n: number,
): Promise<string | undefined> {
  const row = await first(
    db
      .select({ failedAt: loginFailures.failedAt })
      .from(loginFailures)
      .where(and(ofKey(scope, key), gt(loginFailures.failedAt, since)))
      .orderBy(desc(loginFailures.failedAt))
      .limit(1)
      .offset(n - 1),
  );
  return row?.failedAt;
}

export async function insertLoginFailure(
  db: Executor,
  failure: { scope: LoginFailureScope; key: string; failedAt: string },
): Promise<void> {
  await db.insert(loginFailures).values({ id: randomUUID(), ...failure });
}

/** Forgets an account's failures (a successful sign-in); its address's stay. */
export async function deleteAccountFailures(db: Executor, account: string): Promise<void> {
  await db.delete(loginFailures).where(ofKey('account', account));
}

/**
 * Deletes at most `limit` failures at or before `cutoff` (out of every
 * window), the oldest first, through the `failed_at` index; how many went.
 */
export async function deleteFailuresBefore(db: Executor, cutoff: string, limit: number): Promise<number> {
  const oldest = db
    .select({ id: loginFailures.id })
    .from(loginFailures)
    .where(lte(loginFailures.failedAt, cutoff))
    .orderBy(loginFailures.failedAt)
    .limit(limit);
  return changedRows(await db.delete(loginFailures).where(inArray(loginFailures.id, oldest)));
}
