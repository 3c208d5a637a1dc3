import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { webhookSubscriptions as s } from '../db/tables.js';
import type { Executor } from '../db/types.js';

export type WebhookSubscriptionRow = typeof s.$inferSelect;
export type NewWebhookSubscriptionRow = typeof s.$inferInsert;
export type WebhookSubscriptionChanges = Partial<
  Pick<NewWebhookSubscriptionRow, 'url' | 'eventTypes' | 'enabled' | 'updatedAt'>
>;

const live = (tenantId: string) => and(eq(s.tenantId, tenantId), isNull(s.deletedAt));

/** A tenant's subscription that is not deleted. */
export async function findLiveSubscription(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<WebhookSubscriptionRow | undefined> {
  return await first(
    db
      .select()
      .from(s)
      .where(and(eq(s.id, id), live(tenantId))),
  );
}

export async function countLiveSubscriptions(db: Executor, tenantId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(s).where(live(tenantId));
  return row?.n ?? 0;
}

/** A tenant's subscriptions that are not deleted, oldest first. */
export async function listLiveSubscriptions(
  db: Executor,
  tenantId: string,
): Promise<WebhookSubscriptionRow[]> {
  // Ties in creation time in insertion order: SQLite's rowid; PostgreSQL has none, the id decides.
  const tieBreak = isPostgres() ? asc(s.id) : sql`rowid`;
  return await db.select().from(s).where(live(tenantId)).orderBy(asc(s.createdAt), tieBreak);
}

export async function insertSubscription(
  db: Executor,
  row: NewWebhookSubscriptionRow,
): Promise<WebhookSubscriptionRow> {
  const [inserted] = await db.insert(s).values(row).returning();
  if (!inserted) throw new Error('the subscription insert returned no row');
  return inserted;
}

export async function updateSubscriptionRow(
  db: Executor,
  id: string,
  changes: WebhookSubscriptionChanges,
): Promise<WebhookSubscriptionRow | undefined> {
  return await first(db.update(s).set(changes).where(eq(s.id, id)).returning());
}

/** Soft delete: the row (and its delivery log) stays; nothing more is sent. */
export async function markSubscriptionDeleted(db: Executor, id: string, at: string): Promise<void> {
  await db.update(s).set({ deletedAt: at, enabled: false, updatedAt: at }).where(eq(s.id, id));
}

/** The enabled, live subscriptions of these tenants (the fan-out's targets). */
export async function listEnabledSubscriptionsOf(
  db: Executor,
  tenantIds: string[],
): Promise<WebhookSubscriptionRow[]> {
  return await db
    .select()
    .from(s)
    .where(and(inArray(s.tenantId, tenantIds), eq(s.enabled, true), isNull(s.deletedAt)));
}

export interface SubscriptionTarget {
  id: string;
  url: string;
  tenantId: string;
}

/** Where each subscription delivers, whatever its state (a claimed bundle is sent regardless). */
export async function listSubscriptionTargets(db: Executor, ids: string[]): Promise<SubscriptionTarget[]> {
  return await db.select({ id: s.id, url: s.url, tenantId: s.tenantId }).from(s).where(inArray(s.id, ids));
}

const at = sql.placeholder('at');

// Two dispatchers may record out of order, so each column only moves forward
// in time: a success clears "failing since" unless a later failure is recorded.
// Built with each statement: the table is bound when the database opens.
const healthAfterSuccess = () => ({
  lastSuccessAt: sql`CASE WHEN ${s.lastSuccessAt} IS NULL OR ${s.lastSuccessAt} < ${at} THEN ${at} ELSE ${s.lastSuccessAt} END`,
  failingSince: sql`CASE WHEN ${s.lastFailureAt} > ${at}
    THEN CASE WHEN ${s.failingSince} > ${at} THEN ${s.failingSince} ELSE ${s.lastFailureAt} END
    ELSE NULL END`,
});
const healthAfterFailure = () => ({
  lastFailureAt: sql`CASE WHEN ${s.lastFailureAt} IS NULL OR ${s.lastFailureAt} < ${at} THEN ${at} ELSE ${s.lastFailureAt} END`,
  failingSince: sql`CASE WHEN ${s.lastSuccessAt} >= ${at} THEN ${s.failingSince}
    ELSE ${isPostgres() ? sql`least` : sql`min`}(coalesce(${s.failingSince}, ${at}), ${at}) END`,
});

const recordSuccess = (db: Executor) =>
  preparedQuery(db, 'webhookSubscriptions.recordSuccess', (d) =>
    d
      .update(s)
      .set(healthAfterSuccess())
      .where(eq(s.id, sql.placeholder('id')))
      .prepare('webhookSubscriptions.recordSuccess'),
  );
const recordFailure = (db: Executor) =>
  preparedQuery(db, 'webhookSubscriptions.recordFailure', (d) =>
    d
      .update(s)
      .set(healthAfterFailure())
      .where(eq(s.id, sql.placeholder('id')))
      .prepare('webhookSubscriptions.recordFailure'),
  );

/** Moves the subscription's health (last success, last failure, failing since) on to an attempt at `attemptedAt`. */
export async function recordSubscriptionHealth(
  db: Executor,
  id: string,
  ok: boolean,
  attemptedAt: string,
): Promise<void> {
  await (ok ? recordSuccess(db) : recordFailure(db)).execute({ id, at: attemptedAt });
}
