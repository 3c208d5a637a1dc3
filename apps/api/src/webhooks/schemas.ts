// The client-facing webhook shapes live in @tbo/contracts; these are the
// api's own: tRPC inputs that carry the subscription id beside the fields
// REST takes from the path, and the server's limits.
import {
  changesSomething,
  DeliveryLogQuerySchema,
  NOTHING_TO_CHANGE,
  TimestampSchema,
  UpdateWebhookFields,
  UuidSchema,
} from '@tbo/contracts';
import { z } from 'zod';

/** Subscriptions per tenant; deliveries fan out to each, so the number is bounded. */
export const MAX_SUBSCRIPTIONS_PER_TENANT = 25;

/** tRPC `webhooks.update`: the id next to the changed fields. */
export const UpdateWebhookInputSchema = z
  .strictObject({ id: UuidSchema, ...UpdateWebhookFields })
  .refine(changesSomething, NOTHING_TO_CHANGE);

export const WebhookIdParamsSchema = z.strictObject({ id: UuidSchema });

/** tRPC `webhooks.deliveries` / `attempts`: the id next to the filters. */
export const DeliveryLogInputSchema = DeliveryLogQuerySchema.extend({ id: UuidSchema });

export const RedeliverEventRequestSchema = z.strictObject({ id: UuidSchema, event_id: UuidSchema });
export const RedeliverFailedRequestSchema = z.strictObject({ id: UuidSchema, since: TimestampSchema });
