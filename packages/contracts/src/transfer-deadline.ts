import { z } from 'zod';
import { DateSchema } from './fields.js';
import { requiredOr } from './required.js';

export const DEADLINE_KINDS = ['TRANSFER_LIMIT', 'INCOMING_EXPIRY'] as const;
export const DEADLINE_STATES = ['ON_TRACK', 'AT_RISK', 'OVERDUE'] as const;

export const DeadlineKindSchema = z.enum(DEADLINE_KINDS, {
  error: requiredOr(`must be one of ${DEADLINE_KINDS.join(', ')} (deadline kind)`),
});
export const DeadlineStateSchema = z.enum(DEADLINE_STATES, {
  error: requiredOr(`must be one of ${DEADLINE_STATES.join(', ')} (deadline state)`),
});
export type DeadlineState = z.infer<typeof DeadlineStateSchema>;

/**
 * The date an open transfer is measured against: OUTGOING the legal 3-week
 * limit (receipt + 21 calendar days), INCOMING its 30-day expiry. Shown while
 * the transfer is not final.
 */
export const TransferDeadlineSchema = z.object({
  kind: DeadlineKindSchema,
  date: DateSchema,
  state: DeadlineStateSchema,
});
export type TransferDeadline = z.infer<typeof TransferDeadlineSchema>;
