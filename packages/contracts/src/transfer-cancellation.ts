import { z } from 'zod';
import { TimestampSchema } from './fields.js';
import { requiredOr } from './required.js';

export const CANCELLATION_REQUESTERS = ['CLIENT', 'OPERATOR', 'SYSTEM'] as const;
export const CANCELLATION_STATES = ['REQUESTED', 'DENIED', 'DONE'] as const;

export const CancellationRequesterSchema = z.enum(CANCELLATION_REQUESTERS, {
  error: requiredOr(`must be one of ${CANCELLATION_REQUESTERS.join(', ')}`),
});
export const CancellationStateSchema = z.enum(CANCELLATION_STATES, {
  error: requiredOr(`must be one of ${CANCELLATION_STATES.join(', ')} (cancellation state)`),
});

/**
 * A cancellation somebody asked for: REQUESTED while the custodian decides,
 * DENIED when it refused (the transfer goes on; it may be asked again), DONE
 * once the transfer is CANCELLED.
 */
export const TransferCancellationSchema = z.object({
  requested_at: TimestampSchema,
  requested_by: CancellationRequesterSchema,
  state: CancellationStateSchema,
  /** Why: the custodian's reason for a denial, EXPIRED for the system's withdrawal of an expired INCOMING. */
  reason: z.string().optional(),
});
export type TransferCancellation = z.infer<typeof TransferCancellationSchema>;
