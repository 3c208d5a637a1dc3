import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { outboxEvents, webhookAttemptEvents, webhookAttempts, webhookSubscriptions } from '../db/tables.js';
import type { Executor } from '../db/types.js';

/** Every HTTP attempt of the dispatcher, the events it carried and the exchange as kept. */

export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;
export type NewWebhookAttempt = Omit<WebhookAttemptRow, 'id'>;

const placeholder = sql.placeholder;

const insertAttemptRow = (db: Executor) =>
  preparedQuery(db, 'webhookAttempts.insert', (d) =>
    d
      .insert(webhookAttempts)
      .values({
        subscriptionId: placeholder('subscriptionId'),
        eventIds: placeholder('eventIds'),
        attemptedAt: placeholder('attemptedAt'),
        statusCode: placeholder('statusCode'),
        latencyMs: placeholder('latencyMs'),
        error: placeholder('error'),
        requestHeaders: placeholder('requestHeaders'),
        requestBody: placeholder('requestBody'),
        requestBodyTruncated: placeholder('requestBodyTruncated'),
        responseHeaders: placeholder('responseHeaders'),
        responseBody: placeholder('responseBody'),
        responseBodyTruncated: placeholder('responseBodyTruncated'),
      })
      .returning({ id: webhookAttempts.id })
      .prepare('webhookAttempts.insert'),
  );

const insertAttemptEventRow = (db: Executor) =>
  preparedQuery(db, 'webhookAttempts.insertEvent', (d) =>
    d
      .insert(webhookAttemptEvents)
      .values({ attemptId: placeholder('attemptId'), eventSeq: placeholder('eventSeq') })
      .prepare('webhookAttempts.insertEvent'),
  );

/** Writes one attempt and which events it carried; returns the attempt's id. */
export async function insertAttempt(
  db: Executor,
  attempt: NewWebhookAttempt,
  eventSeqs: readonly number[],
): Promise<number> {
  const row = await first(insertAttemptRow(db).execute(attempt));
  if (!row) throw new Error('the attempt insert returned no row');
  const insertEvent = insertAttemptEventRow(db);
  for (const eventSeq of eventSeqs) await insertEvent.execute({ attemptId: row.id, eventSeq });
  return row.id;
}

/** What the attempt log may be narrowed to. */
export interface AttemptLogQuery {
  tenantId?: string | undefined;
  subscriptionId?: string | undefined;
  /** Attempts that carried this event. */
  eventId?: string | undefined;
  /** Attempts that carried any event about this transfer. */
  objectId?: string | undefined;
  limit: number;
}

/** Attempts, newest first. */
export async function listAttemptLog(db: Executor, query: AttemptLogQuery): Promise<WebhookAttemptRow[]> {
  const where: SQL[] = [];
  if (query.tenantId !== undefined) where.push(eq(webhookSubscriptions.tenantId, query.tenantId));
  if (query.subscriptionId !== undefined)
    where.push(eq(webhookAttempts.subscriptionId, query.subscriptionId));
  if (query.eventId !== undefined || query.objectId !== undefined) {
    const seqs = db
      .select({ seq: outboxEvents.seq })
      .from(outboxEvents)
      .where(
        and(
          query.eventId === undefined ? undefined : eq(outboxEvents.id, query.eventId),
          query.objectId === undefined ? undefined : eq(outboxEvents.objectId, query.objectId),
        ),
      );
    const ids = db
      .select({ id: webhookAttemptEvents.attemptId })
      .from(webhookAttemptEvents)
      .where(inArray(webhookAttemptEvents.eventSeq, seqs));
    where.push(inArray(webhookAttempts.id, ids));
  }
  const rows = await db
    .select({ attempt: webhookAttempts })
    .from(webhookAttempts)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookAttempts.subscriptionId))
    .where(and(...where, sql`1 = 1`))
    .orderBy(desc(webhookAttempts.id))
    .limit(query.limit);
  return rows.map((row) => row.attempt);
}

/** One attempt and the URL of its subscription (null if that row is gone). */
export async function findAttemptWithUrl(
  db: Executor,
  attemptId: number,
): Promise<{ attempt: WebhookAttemptRow; url: string | null } | undefined> {
  return await first(
    db
      .select({ attempt: webhookAttempts, url: webhookSubscriptions.url })
      .from(webhookAttempts)
      .leftJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookAttempts.subscriptionId))
      .where(eq(webhookAttempts.id, attemptId)),
  );
}
