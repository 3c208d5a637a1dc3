import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './fields.js';

/**
 * POST /webhooks/{id}/redeliver body: one event's delivery is due now, or
 * every pending delivery with a failed attempt at or after `since`.
 */
export const RedeliverRequestSchema = z.union([
  z.strictObject({ event_id: UuidSchema }),
  z.strictObject({ since: TimestampSchema }),
]);
export type RedeliverRequest = z.infer<typeof RedeliverRequestSchema>;

export const RedeliverResponseSchema = z.object({ redelivered: z.number() });
export type RedeliverResponse = z.infer<typeof RedeliverResponseSchema>;
