import { EventTypeSchema, TimestampSchema, UuidSchema } from '@tbo/contracts';
import { z } from 'zod';

/** Subscriptions per tenant; deliveries fan out to each, so the number is bounded. */
export const MAX_SUBSCRIPTIONS_PER_TENANT = 25;

const UrlFieldSchema = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });
const EventTypesSchema = z
  .array(EventTypeSchema, { error: 'must be an array of event types' })
  .max(50, { error: 'must list at most 50 event types' });
const EnabledSchema = z.boolean({ error: 'must be true or false' });

export const CreateWebhookRequestSchema = z.strictObject({
  url: UrlFieldSchema,
  /** Absent or empty: every event type. */
  event_types: EventTypesSchema.optional(),
  enabled: EnabledSchema.optional(),
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequestSchema>;

const UpdateFields = {
  url: UrlFieldSchema.optional(),
  event_types: EventTypesSchema.optional(),
  enabled: EnabledSchema.optional(),
};
const changesSomething = (patch: { url?: unknown; event_types?: unknown; enabled?: unknown }) =>
  patch.url !== undefined || patch.event_types !== undefined || patch.enabled !== undefined;
const NOTHING_TO_CHANGE = { error: 'must change at least one of url, event_types, enabled' };

/** PATCH /webhooks/{id} body. */
export const UpdateWebhookRequestSchema = z
  .strictObject(UpdateFields)
  .refine(changesSomething, NOTHING_TO_CHANGE);
export type UpdateWebhookRequest = z.infer<typeof UpdateWebhookRequestSchema>;

/** tRPC `webhooks.update`: the id next to the changed fields. */
export const UpdateWebhookInputSchema = z
  .strictObject({ id: UuidSchema, ...UpdateFields })
  .refine(changesSomething, NOTHING_TO_CHANGE);

export const WebhookIdParamsSchema = z.strictObject({ id: UuidSchema });

export const WebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  /** Empty: every event type. */
  event_types: z.array(EventTypeSchema),
  enabled: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const ListWebhooksResponseSchema = z.object({ data: z.array(WebhookSchema) });

export const EVENT_LOG_LIMIT_DEFAULT = 100;
export const EVENT_LOG_LIMIT_MAX = 1000;

export const EventLogQuerySchema = z.strictObject({
  /** Opaque cursor from a previous `next_cursor`; absent: from the first event. */
  since: z.string().max(200).optional(),
  limit: z.number({ error: 'must be a number' }).int().min(1).max(EVENT_LOG_LIMIT_MAX).optional(),
  /** Only the events this subscription would receive, stamped with its id as `webhook_id`. */
  webhook_id: UuidSchema.optional(),
});
export type EventLogQuery = z.infer<typeof EventLogQuerySchema>;

export const EventLogEntrySchema = z.object({
  id: z.string(),
  created_at: z.string(),
  type: EventTypeSchema,
  object: z.record(z.string(), z.unknown()),
  webhook_id: z.string().optional(),
});

export const EventLogResponseSchema = z.object({
  data: z.array(EventLogEntrySchema),
  /** Pass as `since` to continue; returned even when `data` is empty. */
  next_cursor: z.string(),
  has_more: z.boolean(),
});
export type EventLogResponse = z.infer<typeof EventLogResponseSchema>;

export const PublicKeySchema = z.object({
  keyid: z.string(),
  alg: z.string(),
  pem: z.string(),
  created_at: z.string(),
});
export const PublicKeysResponseSchema = z.object({ keys: z.array(PublicKeySchema) });
export type PublicKeysResponse = z.infer<typeof PublicKeysResponseSchema>;

export const DeliverySchema = z.object({
  webhook_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  object_id: z.string(),
  state: z.enum(['pending', 'delivered']),
  attempts: z.number(),
  next_attempt_at: z.string().nullable(),
  delivered_at: z.string().nullable(),
  last_attempt_at: z.string().nullable(),
  last_status_code: z.number().nullable(),
  last_error: z.string().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const AttemptSchema = z.object({
  id: z.number(),
  webhook_id: z.string(),
  event_ids: z.array(z.string()),
  attempted_at: z.string(),
  status_code: z.number().nullable(),
  latency_ms: z.number().nullable(),
  error: z.string().nullable(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const DeliveryLogQuerySchema = z.strictObject({
  id: UuidSchema,
  event_id: UuidSchema.optional(),
  /** A securities or account transfer id. */
  object_id: UuidSchema.optional(),
  state: z.enum(['pending', 'delivered']).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

export const RedeliverEventRequestSchema = z.strictObject({ id: UuidSchema, event_id: UuidSchema });
export const RedeliverFailedRequestSchema = z.strictObject({ id: UuidSchema, since: TimestampSchema });
export const RedeliverResponseSchema = z.object({ redelivered: z.number() });
