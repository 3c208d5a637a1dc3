import {
  type AnyColumn,
  and,
  desc,
  eq,
  gt,
  isNull,
  min,
  notExists,
  notInArray,
  type SQL,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { dispatcherState, outboxEvents, webhookDeliveries, webhookSubscriptions } from '../db/tables.js';
import type { Executor } from '../db/types.js';

/**
 * The delivery queue: one row per (subscription, event), its lease and
 * back-off, and the fan-out's checkpoint in the outbox.
 */

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

const placeholder = sql.placeholder;
/** A placeholder where Drizzle's types take SQL only (the values of an UPDATE's SET). */
const setTo = (name: string) => sql`${placeholder(name)}`;

const checkpoint = (db: Executor) =>
  preparedQuery(db, 'webhookDeliveries.checkpoint', (d) =>
    d
      .select({ lastSeq: dispatcherState.lastSeq })
      .from(dispatcherState)
      .where(eq(dispatcherState.name, placeholder('name')))
      .prepare('webhookDeliveries.checkpoint'),
  );

const saveCheckpoint = (db: Executor) =>
  preparedQuery(db, 'webhookDeliveries.saveCheckpoint', (d) =>
    d
      .insert(dispatcherState)
      .values({ name: placeholder('name'), lastSeq: placeholder('lastSeq') })
      .onConflictDoUpdate({ target: dispatcherState.name, set: { lastSeq: setTo('lastSeq') } })
      .prepare('webhookDeliveries.saveCheckpoint'),
  );

/** The last outbox position a fan-out named `name` queued; 0 before the first. */
/** The position of the last event fanned out (its column predates positions; on SQLite a position is a seq). */
export async function findFanOutCheckpoint(db: Executor, name: string): Promise<number> {
  return (await first(checkpoint(db).execute({ name })))?.lastSeq ?? 0;
}

export async function saveFanOutCheckpoint(db: Executor, name: string, lastPosition: number): Promise<void> {
  await saveCheckpoint(db).execute({ name, lastSeq: lastPosition });
}

const insertDelivery = (db: Executor) =>
  preparedQuery(db, 'webhookDeliveries.insert', (d) =>
    d
      .insert(webhookDeliveries)
      .values({
        subscriptionId: placeholder('subscriptionId'),
        eventSeq: placeholder('eventSeq'),
        objectId: placeholder('objectId'),
        state: 'pending',
        attempts: 0,
        nextAttemptAt: placeholder('dueAt'),
      })
      .onConflictDoNothing()
      .prepare('webhookDeliveries.insert'),
  );

/** Queues one event for one subscription, due at `dueAt`; a delivery already queued stays as it is. */
export async function insertPendingDelivery(
  db: Executor,
  delivery: { subscriptionId: string; eventSeq: number; objectId: string; dueAt: string },
): Promise<void> {
  await insertDelivery(db).execute(delivery);
}

/** A pending delivery the claim may take (snake_case: the shape bundle planning reads). */
export interface CandidateRow {
  subscription_id: string;
  tenant_id: string;
  event_seq: number;
  object_id: string;
  attempts: number;
}

const column = <T extends AnyColumn>(c: T) => sql<T['_']['data']>`${c}`.mapWith(c);
/** The elements of a JSON array parameter, as a subquery. */
const jsonValues = (name: string) =>
  isPostgres()
    ? sql`(SELECT jsonb_array_elements_text(${placeholder(name)}::jsonb))`
    : sql`(SELECT value FROM json_each(${placeholder(name)}))`;

// Eligible: due, its subscription and tenant below their in-flight caps (so a
// dead endpoint's backlog cannot fill the scan), and no earlier pending delivery
// of the same object (same subscription) that is not due.
// On PostgreSQL, where several dispatchers claim at once, the candidates are
// locked as they are read and those another claim holds are skipped
// (`FOR UPDATE OF d SKIP LOCKED`); SQLite has one writer.
const candidates = (db: Executor) =>
  preparedQuery(db, 'webhookDeliveries.candidates', (d) => {
    // Built with the statement: the tables are bound when the database opens.
    const due = alias(webhookDeliveries, 'd');
    const earlier = alias(webhookDeliveries, 'p');
    const query = d
      // The columns of `d` as fragments: Drizzle checks plain columns against a
      // table source, and the source here is SQL (below).
      .select({
        subscription_id: column(due.subscriptionId),
        tenant_id: webhookSubscriptions.tenantId,
        event_seq: column(due.eventSeq),
        object_id: column(due.objectId),
        attempts: column(due.attempts),
      })
      // Drizzle cannot say INDEXED BY: the partial index of pending rows walks them
      // in seq order and stops at the limit, where the planner may pick the due index and sort.
      // (PostgreSQL has no INDEXED BY; its planner picks the partial index itself.)
      .from(
        isPostgres()
          ? sql`${webhookDeliveries} ${due}`
          : sql`${webhookDeliveries} ${due} INDEXED BY webhook_deliveries_pending_seq_idx`,
      )
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, due.subscriptionId))
      .where(
        and(
          // A literal, not a parameter: SQLite uses a partial index only for its own WHERE, word for word.
          sql`${due.state} = 'pending'`,
          sql`${due.nextAttemptAt} <= ${placeholder('now')}`,
          eq(webhookSubscriptions.enabled, true),
          isNull(webhookSubscriptions.deletedAt),
          notInArray(due.subscriptionId, jsonValues('fullSubscriptions')),
          notInArray(webhookSubscriptions.tenantId, jsonValues('fullTenants')),
          notExists(
            d
              .select({ one: sql`1` })
              .from(earlier)
              .where(
                and(
                  eq(earlier.subscriptionId, due.subscriptionId),
                  eq(earlier.objectId, due.objectId),
                  sql`${earlier.eventSeq} < ${due.eventSeq}`,
                  sql`${earlier.state} = 'pending'`,
                  gt(earlier.nextAttemptAt, placeholder('now')),
                ),
              ),
          ),
        ),
      )
      .orderBy(due.eventSeq)
      .limit(placeholder('limit'));
    return (isPostgres() ? query.for('update', { of: due, skipLocked: true }) : query).prepare(
      'webhookDeliveries.candidates',
    );
  });

/**
 * Due pending deliveries in outbox order, at most `limit`, leaving out the
 * subscriptions and tenants named (those at their in-flight caps).
 */
export async function listDeliveryCandidates(
  db: Executor,
  query: { now: string; fullSubscriptions: string[]; fullTenants: string[]; limit: number },
): Promise<CandidateRow[]> {
  return await candidates(db).execute({
    now: query.now,
    fullSubscriptions: JSON.stringify(query.fullSubscriptions),
    fullTenants: JSON.stringify(query.fullTenants),
    limit: query.limit,
  });
}

const lease = (db: Executor) =>
  preparedQuery(db, 'webhookDeliveries.lease', (d) =>
    d
      .update(webhookDeliveries)
      .set({ nextAttemptAt: setTo('until') })
      .where(
        and(
          eq(webhookDeliveries.subscriptionId, placeholder('subscriptionId')),
          eq(webhookDeliveries.eventSeq, placeholder('eventSeq')),
        ),
      )
      .prepare('webhookDeliveries.lease'),
  );

/** Makes a claimed delivery not due again before `until` (the crash-recovery lease). */
export async function leaseDelivery(
  db: Executor,
  subscriptionId: string,
  eventSeq: number,
  until: string,
): Promise<void> {
  await lease(db).execute({ subscriptionId, eventSeq, until });
}

const pendingDelivery = () =>
  and(
    eq(webhookDeliveries.subscriptionId, placeholder('subscriptionId')),
    eq(webhookDeliveries.eventSeq, placeholder('eventSeq')),
    eq(webhookDeliveries.state, 'pending'),
  );

const markDelivered = (db: Executor) =>
  preparedQuery(db, 'webhookDeliveries.markDelivered', (d) =>
    d
      .update(webhookDeliveries)
      .set({
        state: 'delivered',
        deliveredAt: setTo('deliveredAt'),
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastAttemptAt: setTo('attemptedAt'),
        lastStatusCode: setTo('statusCode'),
        lastError: null,
      })
      .where(pendingDelivery())
      .prepare('webhookDeliveries.markDelivered'),
  );

const markFailed = (db: Executor) =>
  preparedQuery(db, 'webhookDeliveries.markFailed', (d) =>
    d
      .update(webhookDeliveries)
      .set({
        attempts: setTo('attempts'),
        nextAttemptAt: setTo('nextAttemptAt'),
        lastAttemptAt: setTo('attemptedAt'),
        lastStatusCode: setTo('statusCode'),
        lastError: setTo('error'),
      })
      .where(pendingDelivery())
      .prepare('webhookDeliveries.markFailed'),
  );

export interface DeliveryKey {
  subscriptionId: string;
  eventSeq: number;
}

/** A pending delivery answered with a 2xx; one no longer pending is left alone. */
export async function markDeliveryDelivered(
  db: Executor,
  key: DeliveryKey,
  outcome: { deliveredAt: string; attemptedAt: string; statusCode: number | null },
): Promise<void> {
  await markDelivered(db).execute({ ...key, ...outcome });
}

/** A pending delivery that failed: its attempt count and when it is due again. */
export async function markDeliveryFailed(
  db: Executor,
  key: DeliveryKey,
  outcome: {
    attempts: number;
    nextAttemptAt: string;
    attemptedAt: string;
    statusCode: number | null;
    error: string | null;
  },
): Promise<void> {
  await markFailed(db).execute({ ...key, ...outcome });
}

const nextDue = (db: Executor) =>
  preparedQuery(db, 'webhookDeliveries.nextDue', (d) =>
    d
      .select({ next: min(webhookDeliveries.nextAttemptAt) })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.state, 'pending'),
          gt(webhookDeliveries.nextAttemptAt, placeholder('after')),
        ),
      )
      .prepare('webhookDeliveries.nextDue'),
  );

/** The earliest next attempt of a pending delivery after `after`, if any. */
export async function findNextDueAfter(db: Executor, after: string): Promise<string | null> {
  return (await first(nextDue(db).execute({ after })))?.next ?? null;
}

/** Pending deliveries (due or backing off), counted through the pending index up to `cap`. */
export async function countPendingDeliveries(db: Executor, cap: number): Promise<number> {
  const capped = db
    .select({ one: sql`1` })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.state, 'pending'))
    .limit(cap)
    .as('capped');
  const [counted] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(capped);
  return counted?.n ?? 0;
}

/** The earliest next attempt among pending deliveries. */
export async function findEarliestPendingDue(db: Executor): Promise<string | null> {
  const [row] = await db
    .select({ at: min(webhookDeliveries.nextAttemptAt) })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.state, 'pending'));
  return row?.at ?? null;
}

/** What the delivery and attempt logs may be narrowed to. */
export interface DeliveryLogQuery {
  tenantId?: string | undefined;
  subscriptionId?: string | undefined;
  eventId?: string | undefined;
  /** Every event about this transfer. */
  objectId?: string | undefined;
  state?: 'pending' | 'delivered' | undefined;
  limit: number;
}

function eventConditions(query: Omit<DeliveryLogQuery, 'limit'>): SQL[] {
  const where: SQL[] = [];
  if (query.tenantId !== undefined) where.push(eq(webhookSubscriptions.tenantId, query.tenantId));
  if (query.subscriptionId !== undefined) where.push(eq(webhookSubscriptions.id, query.subscriptionId));
  if (query.eventId !== undefined) where.push(eq(outboxEvents.id, query.eventId));
  if (query.objectId !== undefined) where.push(eq(outboxEvents.objectId, query.objectId));
  return where;
}

export interface DeliveryLogRow {
  delivery: WebhookDeliveryRow;
  eventId: string;
  type: string;
}

/** Deliveries with their event's id and type, newest event first. */
export async function listDeliveryLog(db: Executor, query: DeliveryLogQuery): Promise<DeliveryLogRow[]> {
  const where = eventConditions(query);
  if (query.state !== undefined) where.push(eq(webhookDeliveries.state, query.state));
  return await db
    .select({ delivery: webhookDeliveries, eventId: outboxEvents.id, type: outboxEvents.type })
    .from(webhookDeliveries)
    .innerJoin(outboxEvents, eq(outboxEvents.seq, webhookDeliveries.eventSeq))
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.eventSeq))
    .limit(query.limit);
}
