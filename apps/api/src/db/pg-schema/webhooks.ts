import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant, jsonDocument } from './columns.js';
import { tenants } from './tenants.js';

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    url: text().notNull(),
    /** Event types; null means every type. jsonb, so a dispatcher can ask `event_types ? $type`. */
    eventTypes: jsonDocument(),
    enabled: boolean().notNull().default(true),
    createdAt: instant().notNull(),
    updatedAt: instant().notNull(),
    deletedAt: instant(),
    lastSuccessAt: instant(),
    lastFailureAt: instant(),
    failingSince: instant(),
  },
  (t) => [index('webhook_subscriptions_tenant_idx').on(t.tenantId)],
);

/** One row per (subscription, event): the delivery queue and its state. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    subscriptionId: text().notNull(),
    eventSeq: bigint({ mode: 'number' }).notNull(),
    /** Ordering is kept per object: one stuck transfer holds back only itself. */
    objectId: text().notNull(),
    state: text({ enum: ['pending', 'delivered'] }).notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: instant().notNull(),
    deliveredAt: instant(),
    lastAttemptAt: instant(),
    lastStatusCode: integer(),
    lastError: text(),
  },
  (t) => [
    primaryKey({ columns: [t.subscriptionId, t.eventSeq] }),
    index('webhook_deliveries_due_idx').on(t.state, t.nextAttemptAt),
    index('webhook_deliveries_seq_idx').on(t.eventSeq, t.subscriptionId),
    index('webhook_deliveries_state_seq_idx').on(t.state, t.eventSeq, t.subscriptionId),
    index('webhook_deliveries_failing_idx')
      .on(t.state, t.eventSeq, t.subscriptionId)
      .where(sql`attempts > 0`),
    index('webhook_deliveries_object_idx').on(t.subscriptionId, t.objectId, t.eventSeq),
    index('webhook_deliveries_pending_seq_idx').on(t.eventSeq).where(sql`state = 'pending'`),
    index('webhook_deliveries_pending_sub_idx')
      .on(t.subscriptionId, t.eventSeq)
      .where(sql`state = 'pending'`),
  ],
);

/** Every HTTP attempt, successful or not. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    subscriptionId: text().notNull(),
    /** The event ids of the bundle, in order. */
    eventIds: jsonDocument().notNull(),
    attemptedAt: instant().notNull(),
    statusCode: integer(),
    latencyMs: integer(),
    error: text(),
    /** The exchange as sent and answered: text, byte for byte, never re-encoded. */
    requestHeaders: text(),
    requestBody: text(),
    requestBodyTruncated: boolean().notNull().default(false),
    responseHeaders: text(),
    responseBody: text(),
    responseBodyTruncated: boolean().notNull().default(false),
  },
  (t) => [
    index('webhook_attempts_sub_idx').on(t.subscriptionId, t.id),
    index('webhook_attempts_sub_time_idx').on(t.subscriptionId, t.attemptedAt),
  ],
);

/** Which events an attempt carried: attempts are queryable per event and per transfer. */
export const webhookAttemptEvents = pgTable(
  'webhook_attempt_events',
  {
    attemptId: bigint({ mode: 'number' }).notNull(),
    eventSeq: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventSeq, t.attemptId] }),
    index('webhook_attempt_events_attempt_idx').on(t.attemptId),
  ],
);

/** The service's own signing keys for deliveries; the public half is published. */
export const serviceKeys = pgTable('service_keys', {
  keyId: text().primaryKey(),
  algorithm: text().notNull(),
  privateKeyPem: text().notNull(),
  publicKeyPem: text().notNull(),
  createdAt: instant().notNull(),
});

/** Dispatcher checkpoint: the last outbox seq fanned out into deliveries. */
export const dispatcherState = pgTable('dispatcher_state', {
  name: text().primaryKey(),
  lastSeq: bigint({ mode: 'number' }).notNull(),
});
