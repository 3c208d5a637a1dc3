import { z } from 'zod';
import { UuidSchema } from './fields.js';

export const DELIVERY_STATES = ['pending', 'delivered'] as const;
export const DeliveryStateSchema = z.enum(DELIVERY_STATES);

/** One event's delivery to one subscription. */
export const DeliverySchema = z.object({
  webhook_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  object_id: z.string(),
  state: DeliveryStateSchema,
  attempts: z.number(),
  next_attempt_at: z.string().nullable(),
  delivered_at: z.string().nullable(),
  last_attempt_at: z.string().nullable(),
  last_status_code: z.number().nullable(),
  last_error: z.string().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** One HTTP request to a subscription's url, with the events it carried. */
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

/** GET /webhooks/{id}/deliveries query (attempts take the same without `state`). */
export const DeliveryLogQuerySchema = z.strictObject({
  event_id: UuidSchema.optional(),
  /** A securities or account transfer id. */
  object_id: UuidSchema.optional(),
  state: DeliveryStateSchema.optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
export type DeliveryLogQuery = z.infer<typeof DeliveryLogQuerySchema>;

export const ListDeliveriesResponseSchema = z.object({ data: z.array(DeliverySchema) });
export type ListDeliveriesResponse = z.infer<typeof ListDeliveriesResponseSchema>;
export const ListAttemptsResponseSchema = z.object({ data: z.array(AttemptSchema) });
export type ListAttemptsResponse = z.infer<typeof ListAttemptsResponseSchema>;
