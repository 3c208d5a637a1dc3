import { randomUUID } from 'node:crypto';
import type { EventType, Webhook } from '@tbo/contracts';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { webhookSubscriptions } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { AppError, notFound } from '../domain/errors.js';
import { MAX_SUBSCRIPTIONS_PER_TENANT } from './schemas.js';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;

/** The stored filter: null means every event type. */
export function parseEventTypes(stored: string | null): EventType[] {
  return stored === null ? [] : (JSON.parse(stored) as EventType[]);
}

function storeEventTypes(types: readonly EventType[] | undefined): string | null {
  return types === undefined || types.length === 0 ? null : JSON.stringify([...new Set(types)]);
}

export function toWebhook(row: SubscriptionRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    event_types: parseEventTypes(row.eventTypes),
    enabled: row.enabled,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function findSubscription(db: Executor, tenantId: string, id: string): SubscriptionRow | undefined {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.id, id),
        eq(webhookSubscriptions.tenantId, tenantId),
        isNull(webhookSubscriptions.deletedAt),
      ),
    )
    .get();
}

/** A tenant's live subscription; another tenant's id is simply not found. */
export function requireSubscription(db: Executor, tenantId: string, id: string): SubscriptionRow {
  const row = findSubscription(db, tenantId, id);
  if (!row) throw notFound('webhook', id);
  return row;
}

export interface NewSubscription {
  /** Already validated by validateTargetUrl. */
  url: string;
  eventTypes?: readonly EventType[] | undefined;
  enabled?: boolean | undefined;
}

export async function createSubscription(
  tx: Executor,
  tenantId: string,
  input: NewSubscription,
  at: string,
): Promise<Webhook> {
  const [existing] = tx
    .select({ n: count() })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.tenantId, tenantId), isNull(webhookSubscriptions.deletedAt)))
    .all();
  if ((existing?.n ?? 0) >= MAX_SUBSCRIPTIONS_PER_TENANT) {
    throw new AppError('CONFLICT', `a tenant may have at most ${MAX_SUBSCRIPTIONS_PER_TENANT} webhooks`);
  }
  const row = tx
    .insert(webhookSubscriptions)
    .values({
      id: randomUUID(),
      tenantId,
      url: input.url,
      eventTypes: storeEventTypes(input.eventTypes),
      enabled: input.enabled ?? true,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
  return toWebhook(row);
}

export function listSubscriptions(db: Executor, tenantId: string): Webhook[] {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.tenantId, tenantId), isNull(webhookSubscriptions.deletedAt)))
    .orderBy(asc(webhookSubscriptions.createdAt), sql`rowid`)
    .all()
    .map(toWebhook);
}

export function updateSubscription(
  tx: Executor,
  tenantId: string,
  id: string,
  patch: Partial<NewSubscription>,
  at: string,
): Webhook {
  requireSubscription(tx, tenantId, id);
  const row = tx
    .update(webhookSubscriptions)
    .set({
      ...(patch.url === undefined ? {} : { url: patch.url }),
      ...(patch.eventTypes === undefined ? {} : { eventTypes: storeEventTypes(patch.eventTypes) }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      updatedAt: at,
    })
    .where(eq(webhookSubscriptions.id, id))
    .returning()
    .get();
  if (!row) throw notFound('webhook', id);
  return toWebhook(row);
}

/** Soft delete: the delivery log stays queryable for operators; nothing more is sent. */
export function deleteSubscription(tx: Executor, tenantId: string, id: string, at: string): { id: string } {
  requireSubscription(tx, tenantId, id);
  tx.update(webhookSubscriptions)
    .set({ deletedAt: at, enabled: false, updatedAt: at })
    .where(eq(webhookSubscriptions.id, id))
    .run();
  return { id };
}

/** Whether an event type passes a subscription's filter. */
export function wantsEvent(row: Pick<SubscriptionRow, 'eventTypes'>, type: string): boolean {
  return row.eventTypes === null || (JSON.parse(row.eventTypes) as string[]).includes(type);
}
