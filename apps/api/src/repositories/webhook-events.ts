import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { outboxEvents } from '../db/tables.js';
import type { Executor } from '../db/types.js';

/**
 * The outbox as the webhooks read it: the fan-out's source, the bodies of
 * claimed bundles, a tenant's event log and its cursor. The outbox is written
 * by the journal; nothing here writes it.
 */

export type OutboxEventRow = typeof outboxEvents.$inferSelect;

export interface FanOutEvent {
  seq: number;
  position: number;
  tenantId: string;
  type: string;
  objectId: string;
  createdAt: string;
}

/** An event as a delivery body carries it (the payload is JSON text). */
export interface DeliveryEventRow {
  seq: number;
  id: string;
  type: string;
  createdAt: string;
  payload: string;
}

const eventsAfter = (db: Executor) =>
  preparedQuery(db, 'webhookEvents.after', (d) =>
    d
      .select({
        seq: outboxEvents.seq,
        // Published events only, so never null; bigint text on node-postgres.
        position: sql<number>`${outboxEvents.position}`.mapWith(Number),
        tenantId: outboxEvents.tenantId,
        type: outboxEvents.type,
        objectId: outboxEvents.objectId,
        createdAt: outboxEvents.createdAt,
      })
      .from(outboxEvents)
      .where(gt(outboxEvents.position, sql.placeholder('afterPosition')))
      .orderBy(asc(outboxEvents.position))
      .limit(sql.placeholder('limit'))
      .prepare('webhookEvents.after'),
  );

/** The next published events after a position, in order: what the fan-out queues. */
export async function listEventsAfter(
  db: Executor,
  afterPosition: number,
  limit: number,
): Promise<FanOutEvent[]> {
  return await eventsAfter(db).execute({ afterPosition, limit });
}

// One JSON array parameter instead of one `?` per seq: the statement stays
// the same for any bundle size, so it is prepared once.
const eventsBySeq = (db: Executor) =>
  preparedQuery(db, 'webhookEvents.bySeq', (d) =>
    d
      .select({
        seq: outboxEvents.seq,
        id: outboxEvents.id,
        type: outboxEvents.type,
        createdAt: outboxEvents.createdAt,
        payload: outboxEvents.payload,
      })
      .from(outboxEvents)
      .where(
        inArray(
          outboxEvents.seq,
          isPostgres()
            ? sql`(SELECT jsonb_array_elements_text(${sql.placeholder('seqs')}::jsonb)::bigint)`
            : sql`(SELECT value FROM json_each(${sql.placeholder('seqs')}))`,
        ),
      )
      .prepare('webhookEvents.bySeq'),
  );

/** The events at these outbox positions (in no particular order). */
export async function listEventsBySeq(db: Executor, seqs: readonly number[]): Promise<DeliveryEventRow[]> {
  return await eventsBySeq(db).execute({ seqs: JSON.stringify(seqs) });
}

/** The position of one of the tenant's published events. */
export async function findTenantEventPosition(
  db: Executor,
  tenantId: string,
  eventId: string,
): Promise<number | undefined> {
  const row = await first(
    db
      .select({ position: outboxEvents.position })
      .from(outboxEvents)
      .where(and(eq(outboxEvents.id, eventId), eq(outboxEvents.tenantId, tenantId))),
  );
  return row?.position ?? undefined;
}

/** An event's outbox position and tenant, whichever tenant it belongs to. */
export async function findEventPosition(
  db: Executor,
  eventId: string,
): Promise<{ seq: number; tenantId: string } | undefined> {
  return await first(
    db
      .select({ seq: outboxEvents.seq, tenantId: outboxEvents.tenantId })
      .from(outboxEvents)
      .where(eq(outboxEvents.id, eventId)),
  );
}

/** A tenant's published events after a position, oldest first; only these types when some are given. */
export async function listTenantEventsAfter(
  db: Executor,
  tenantId: string,
  afterPosition: number,
  types: readonly string[],
  limit: number,
): Promise<OutboxEventRow[]> {
  return await db
    .select()
    .from(outboxEvents)
    .where(
      and(
        eq(outboxEvents.tenantId, tenantId),
        gt(outboxEvents.position, afterPosition),
        types.length > 0 ? inArray(outboxEvents.type, [...types]) : undefined,
      ),
    )
    .orderBy(asc(outboxEvents.position))
    .limit(limit);
}
