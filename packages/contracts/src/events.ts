import { z } from 'zod';
import { AccountTransferSchema } from './account-transfer.js';
import { TimestampSchema, UuidSchema } from './fields.js';
import { requiredOr } from './required.js';
import { SecuritiesTransferSchema } from './securities-transfer.js';

export const SECURITIES_TRANSFER_EVENT_TYPES = [
  'SECURITIES_TRANSFER.NEW',
  'SECURITIES_TRANSFER.PROCESSING',
  'SECURITIES_TRANSFER.SETTLED',
  'SECURITIES_TRANSFER.CANCELLED',
  'SECURITIES_TRANSFER.DATA_CHANGED',
] as const;

export const ACCOUNT_TRANSFER_EVENT_TYPES = [
  'ACCOUNT_TRANSFER.NEW',
  'ACCOUNT_TRANSFER.PROCESSING',
  'ACCOUNT_TRANSFER.SETTLED',
  'ACCOUNT_TRANSFER.PARTIALLY_SETTLED',
  'ACCOUNT_TRANSFER.CANCELLED',
] as const;

export const EVENT_TYPES = [...SECURITIES_TRANSFER_EVENT_TYPES, ...ACCOUNT_TRANSFER_EVENT_TYPES] as const;

export const SecuritiesTransferEventTypeSchema = z.enum(SECURITIES_TRANSFER_EVENT_TYPES, {
  error: requiredOr(`must be one of ${SECURITIES_TRANSFER_EVENT_TYPES.join(', ')}`),
});
export const AccountTransferEventTypeSchema = z.enum(ACCOUNT_TRANSFER_EVENT_TYPES, {
  error: requiredOr(`must be one of ${ACCOUNT_TRANSFER_EVENT_TYPES.join(', ')}`),
});
export const EventTypeSchema = z.enum(EVENT_TYPES, {
  error: requiredOr(`must be one of ${EVENT_TYPES.join(', ')}`),
});
export type EventType = z.infer<typeof EventTypeSchema>;

export const SecuritiesTransferEventSchema = z.object({
  id: UuidSchema,
  created_at: TimestampSchema,
  type: SecuritiesTransferEventTypeSchema,
  object: SecuritiesTransferSchema,
  webhook_id: UuidSchema,
});
export type SecuritiesTransferEvent = z.infer<typeof SecuritiesTransferEventSchema>;

export const AccountTransferEventSchema = z.object({
  id: UuidSchema,
  created_at: TimestampSchema,
  type: AccountTransferEventTypeSchema,
  object: AccountTransferSchema,
  webhook_id: UuidSchema,
});
export type AccountTransferEvent = z.infer<typeof AccountTransferEventSchema>;

/**
 * Any webhook event; `type` tells which `object` shape to expect, so the
 * issues of a bad event name the field that is wrong (`type`, `object.quantity`).
 */
export const WebhookEventSchema = z.discriminatedUnion(
  'type',
  [SecuritiesTransferEventSchema, AccountTransferEventSchema],
  {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const input = issue.input;
      const type = typeof input === 'object' && input !== null && 'type' in input ? input.type : undefined;
      return type === undefined ? 'is required' : `must be one of ${EVENT_TYPES.join(', ')}`;
    },
  },
);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/** A delivery may bundle several events, ordered by created_at. */
export const WebhookDeliveryBodySchema = z.object({ payload: z.array(WebhookEventSchema) });
export type WebhookDeliveryBody = z.infer<typeof WebhookDeliveryBodySchema>;
