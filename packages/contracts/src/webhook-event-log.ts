import { z } from 'zod';
import { AccountTransferEventSchema, SecuritiesTransferEventSchema } from './events.js';
import { UuidSchema } from './fields.js';

export const EVENT_LOG_LIMIT_DEFAULT = 100;
export const EVENT_LOG_LIMIT_MAX = 1000;

/** GET /webhooks/events query (tRPC `webhooks.events` input). */
export const EventLogQuerySchema = z.strictObject({
  /** Opaque cursor from a previous `next_cursor`; absent: from the first event. */
  since: z.string().max(200).optional(),
  limit: z.number({ error: 'must be a number' }).int().min(1).max(EVENT_LOG_LIMIT_MAX).optional(),
  /** Only the events this subscription would receive, stamped with its id as `webhook_id`. */
  webhook_id: UuidSchema.optional(),
});
export type EventLogQuery = z.infer<typeof EventLogQuerySchema>;

/**
 * One event of the log: the webhook event itself; `webhook_id` only when the
 * log was read for one subscription (then it equals the delivered event).
 */
export const EventLogEntrySchema = z.discriminatedUnion('type', [
  SecuritiesTransferEventSchema.extend({ webhook_id: UuidSchema.optional() }),
  AccountTransferEventSchema.extend({ webhook_id: UuidSchema.optional() }),
]);
export type EventLogEntry = z.infer<typeof EventLogEntrySchema>;

/** GET /webhooks/events. */
export const EventLogResponseSchema = z.object({
  data: z.array(EventLogEntrySchema),
  /** Pass as `since` to continue; returned even when `data` is empty. */
  next_cursor: z.string(),
  has_more: z.boolean(),
});
export type EventLogResponse = z.infer<typeof EventLogResponseSchema>;
