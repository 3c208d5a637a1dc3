import { randomUUID } from 'node:crypto';
import type { EventType, Webhook } from '@tbo/contracts';
import type { Executor } from '../db/types.js';
import { AppError, notFound } from '../domain/errors.js';
import {
  countLiveSubscriptions,
  findLiveSubscription,
  insertSubscription,
  listLiveSubscriptions,
  markSubscriptionDeleted,
  updateSubscriptionRow,
  type WebhookSubscriptionRow,
} from '../repositories/webhook-subscriptions.js';
import { MAX_SUBSCRIPTIONS_PER_TENANT } from './schemas.js';

export type SubscriptionRow = WebhookSubscriptionRow;

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

export async function findSubscription(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<SubscriptionRow | undefined> {
  return await findLiveSubscription(db, tenantId, id);
}

/** A tenant's live subscription; another tenant's id is simply not found. */
export async function requireSubscription(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<SubscriptionRow> {
  const row = await findLiveSubscription(db, tenantId, id);
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
  if ((await countLiveSubscriptions(tx, tenantId)) >= MAX_SUBSCRIPTIONS_PER_TENANT) {
    throw new AppError('CONFLICT', `a tenant may have at most ${MAX_SUBSCRIPTIONS_PER_TENANT} webhooks`);
  }
  const row = await insertSubscription(tx, {
    id: randomUUID(),
    tenantId,
    url: input.url,
    eventTypes: storeEventTypes(input.eventTypes),
    enabled: input.enabled ?? true,
    createdAt: at,
    updatedAt: at,
  });
  return toWebhook(row);
}

export async function listSubscriptions(db: Executor, tenantId: string): Promise<Webhook[]> {
  return (await listLiveSubscriptions(db, tenantId)).map(toWebhook);
}

export async function updateSubscription(
  tx: Executor,
  tenantId: string,
  id: string,
  patch: Partial<NewSubscription>,
  at: string,
): Promise<Webhook> {
  await requireSubscription(tx, tenantId, id);
  const row = await updateSubscriptionRow(tx, id, {
    ...(patch.url === undefined ? {} : { url: patch.url }),
    ...(patch.eventTypes === undefined ? {} : { eventTypes: storeEventTypes(patch.eventTypes) }),
    ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
    updatedAt: at,
  });
  if (!row) throw notFound('webhook', id);
  return toWebhook(row);
}

/** Soft delete: the delivery log stays queryable for operators; nothing more is sent. */
export async function deleteSubscription(
  tx: Executor,
  tenantId: string,
  id: string,
  at: string,
): Promise<{ id: string }> {
  await requireSubscription(tx, tenantId, id);
  await markSubscriptionDeleted(tx, id, at);
  return { id };
}

/** Whether an event type passes a subscription's filter. */
export function wantsEvent(row: Pick<SubscriptionRow, 'eventTypes'>, type: string): boolean {
  return row.eventTypes === null || (JSON.parse(row.eventTypes) as string[]).includes(type);
}
