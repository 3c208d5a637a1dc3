import { setTimeout } from 'node:timers/promises';
import {
  EVENT_LOG_LIMIT_DEFAULT,
  type EventLogEntry,
  type EventLogQuery,
  type EventLogResponse,
} from '@tbo/contracts';
import type { Db } from '../db/client.js';
import { isPostgres } from '../db/dialect.js';
import { listTenantEventsAfter } from '../repositories/webhook-events.js';
import { runWrite, type WritePort } from '../services/write/port.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { parseEventTypes, requireSubscription } from './subscriptions.js';

const PUBLICATION_TRIES = 20;
const PUBLICATION_RETRY_MS = 10;

/**
 * On PostgreSQL events are read by the position they get once published, so
 * the log publishes what has committed first: a client reads its own writes.
 * When another transaction holds the turn it may publish only what it saw
 * before this client's write, so the log asks again, briefly; after that it
 * reads what is published (the next read catches up).
 */
async function publishBeforeReading(writes: WritePort): Promise<void> {
  for (let i = 0; i < PUBLICATION_TRIES; i++) {
    if ((await runWrite(writes, { op: 'webhooks.publishEvents' })) !== 'busy') return;
    await setTimeout(PUBLICATION_RETRY_MS);
  }
}

/**
 * A tenant's events after a cursor, oldest first: how a client recovers what
 * it missed. With `webhook_id`, only what that subscription receives, in the
 * exact shape of a delivered event.
 */
export async function readEventLog(
  db: Db,
  writes: WritePort,
  tenantId: string,
  query: EventLogQuery,
): Promise<EventLogResponse> {
  if (isPostgres()) await publishBeforeReading(writes);
  const after = await decodeCursor(db, tenantId, query.since);
  const limit = query.limit ?? EVENT_LOG_LIMIT_DEFAULT;
  const subscription =
    query.webhook_id === undefined ? undefined : await requireSubscription(db, tenantId, query.webhook_id);
  const types = subscription ? parseEventTypes(subscription.eventTypes) : [];
  const rows = await listTenantEventsAfter(db, tenantId, after, types, limit + 1);
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
