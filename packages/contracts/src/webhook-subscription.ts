import { z } from 'zod';
import { EventTypeSchema } from './events.js';
import { TimestampSchema, UuidSchema } from './fields.js';

const UrlFieldSchema = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });
const EventTypesSchema = z
  .array(EventTypeSchema, { error: 'must be an array of event types' })
  .max(50, { error: 'must list at most 50 event types' });
const EnabledSchema = z.boolean({ error: 'must be true or false' });

/** POST /webhooks body. The server also checks the url (scheme, credentials, address policy). */
export const CreateWebhookRequestSchema = z.strictObject({
  url: UrlFieldSchema,
  /** Absent or empty: every event type. */
  event_types: EventTypesSchema.optional(),
  enabled: EnabledSchema.optional(),
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequestSchema>;

/** The fields a change may carry; shared by PATCH /webhooks/{id} and tRPC `webhooks.update`. */
export const UpdateWebhookFields = {
  url: UrlFieldSchema.optional(),
  event_types: EventTypesSchema.optional(),
  enabled: EnabledSchema.optional(),
};

/** A change must name at least one field. */
export function changesSomething(patch: {
  url?: unknown;
  event_types?: unknown;
  enabled?: unknown;
}): boolean {
  return patch.url !== undefined || patch.event_types !== undefined || patch.enabled !== undefined;
}
export const NOTHING_TO_CHANGE = { error: 'must change at least one of url, event_types, enabled' };

/** PATCH /webhooks/{id} body. */
export const UpdateWebhookRequestSchema = z
  .strictObject(UpdateWebhookFields)
  .refine(changesSomething, NOTHING_TO_CHANGE);
export type UpdateWebhookRequest = z.infer<typeof UpdateWebhookRequestSchema>;

/** A subscription as the api answers it. */
export const WebhookSchema = z.object({
  id: UuidSchema,
  url: z.string(),
  /** Empty: every event type. */
  event_types: z.array(EventTypeSchema),
  enabled: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Webhook = z.infer<typeof WebhookSchema>;

/** GET /webhooks. */
export const ListWebhooksResponseSchema = z.object({ data: z.array(WebhookSchema) });
export type ListWebhooksResponse = z.infer<typeof ListWebhooksResponseSchema>;
