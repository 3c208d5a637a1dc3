import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.js';

export const webhookSubscriptions = sqliteTable(
  'webhook_subscriptions',
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    url: text().notNull(),
    /** JSON array of event types; null means every type. */
    eventTypes: text(),
    enabled: integer({ mode: 'boolean' }).notNull().default(true),
    createdAt: text().notNull(),
    updatedAt: text().notNull(),
    deletedAt: text(),
    /** Health, kept by every recorded attempt so the console reads it without scanning attempts. */
    lastSuccessAt: text(),
    lastFailureAt: text(),
    /** The first failed attempt after the last success; null while the endpoint answers 2xx. */
    failingSince: text(),
  },
  (t) => [index('webhook_subscriptions_tenant_idx').on(t.tenantId)],
);

/** One row per (subscription, event): the delivery queue and its state. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    subscriptionId: text().notNull(),
    eventSeq: integer().notNull(),
    /** Ordering is kept per object: one stuck transfer holds back only itself. */
    objectId: text().notNull(),
    state: text({ enum: ['pending', 'delivered'] }).notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: text().notNull(),
    deliveredAt: text(),
    lastAttemptAt: text(),
    lastStatusCode: integer(),
    lastError: text(),
  },
  (t) => [
    primaryKey({ columns: [t.subscriptionId, t.eventSeq] }),
    index('webhook_deliveries_due_idx').on(t.state, t.nextAttemptAt),
    index('webhook_deliveries_object_idx').on(t.subscriptionId, t.objectId, t.eventSeq),
    /** The dispatcher walks pending deliveries in outbox order. */
    index('webhook_deliveries_pending_seq_idx').on(t.eventSeq).where(sql`state = 'pending'`),
    /** A subscription's backlog (count, oldest event) without walking its delivered rows. */
    index('webhook_deliveries_pending_sub_idx')
      .on(t.subscriptionId, t.eventSeq)
      .where(sql`state = 'pending'`),
    /** The console's list, newest events first (the key's columns, so it pages by keyset): all, by state. */
    index('webhook_deliveries_seq_idx').on(t.eventSeq, t.subscriptionId),
    index('webhook_deliveries_state_seq_idx').on(t.state, t.eventSeq, t.subscriptionId),
    /** Failing deliveries (pending after a failed attempt): few, so partial. */
    index('webhook_deliveries_failing_idx')
      .on(t.state, t.eventSeq, t.subscriptionId)
      .where(sql`attempts > 0`),
  ],
);

/** Every HTTP attempt, successful or not. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    subscriptionId: text().notNull(),
    /** JSON array of the event ids in the bundle. */
    eventIds: text().notNull(),
    attemptedAt: text().notNull(),
    statusCode: integer(),
    latencyMs: integer(),
    error: text(),
    /**
     * The exchange as sent and answered, bounded (see attempt-exchange.ts): request
     * headers and body, response headers (an allow-list) and the start of its body.
     * Null on attempts recorded before these columns existed.
     */
    requestHeaders: text(),
    requestBody: text(),
    requestBodyTruncated: integer({ mode: 'boolean' }).notNull().default(false),
    responseHeaders: text(),
    responseBody: text(),
    responseBodyTruncated: integer({ mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('webhook_attempts_sub_idx').on(t.subscriptionId, t.id),
    index('webhook_attempts_sub_time_idx').on(t.subscriptionId, t.attemptedAt),
  ],
);

/** Which events an attempt carried: attempts are queryable per event and per transfer. */
export const webhookAttemptEvents = sqliteTable(
  'webhook_attempt_events',
  {
    attemptId: integer().notNull(),
    eventSeq: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventSeq, t.attemptId] }),
    index('webhook_attempt_events_attempt_idx').on(t.attemptId),
  ],
);

/** The service's own signing keys for deliveries; the public half is published. */
export const serviceKeys = sqliteTable('service_keys', {
  keyId: text().primaryKey(),
  algorithm: text().notNull(),
  privateKeyPem: text().notNull(),
  publicKeyPem: text().notNull(),
  createdAt: text().notNull(),
});

/** Dispatcher checkpoint: the last outbox seq fanned out into deliveries. */
export const dispatcherState = sqliteTable('dispatcher_state', {
  name: text().primaryKey(),
  lastSeq: integer().notNull(),
});
