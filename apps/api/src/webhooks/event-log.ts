import {
  EVENT_LOG_LIMIT_DEFAULT,
  type EventLogEntry,
  type EventLogQuery,
  type EventLogResponse,
} from '@tbo/contracts';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outboxEvents } from '../db/schema/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { parseEventTypes, requireSubscription } from './subscriptions.js';

/**
 * A tenant's events after a cursor, oldest first: how a client recovers what
 * it missed. With `webhook_id`, only what that subscription receives, in the
 * exact shape of a delivered event.
 */
export function readEventLog(db: Db, tenantId: string, query: EventLogQuery): EventLogResponse {
  const after = decodeCursor(db, tenantId, query.since);
  const limit = query.limit ?? EVENT_LOG_LIMIT_DEFAULT;
  const subscription =
    query.webhook_id === undefined ? undefined : requireSubscription(db, tenantId, query.webhook_id);
  const types = subscription ? parseEventTypes(subscription.eventTypes) : [];
  const rows = db
    .select()
    .from(outboxEvents)
    .where(
      and(
        eq(outboxEvents.tenantId, tenantId),
        gt(outboxEvents.seq, after),
        types.length > 0 ? inArray(outboxEvents.type, types) : undefined,
      ),
    )
    .orderBy(asc(outboxEvents.seq))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    // The stored payload is the resource as GET answered it; the procedure's
    // output schema checks each entry against the published contract.
    data: page.map(
      (row) =>
        ({
          id: row.id,
          created_at: row.createdAt,
          type: row.type,
          object: JSON.parse(row.payload),
          ...(subscription ? { webhook_id: subscription.id } : {}),
        }) as EventLogEntry,
    ),
    // An empty page hands the client's own cursor back.
    next_cursor: last ? encodeCursor(last.id) : query.since || encodeCursor(undefined),
    has_more: rows.length > limit,
  };
}
