import { z } from 'zod';
import { requiredOr } from './required.js';

// Why a transfer is CANCELLED, or why the custodian holds it while PROCESSING.
// The list grows (the seeds warn that lists do): clients should treat an
// unknown code like OTHER and show its text.
export const STATUS_REASON_CODES = [
  'CLIENT_CANCELLED',
  'OPERATOR_CANCELLED',
  'INSUFFICIENT_POSITION',
  'ACCOUNT_INACTIVE',
  'INSTRUMENT_NOT_ENABLED',
  'FRACTIONAL_QUANTITY',
  'INSTRUCTION_INVALID',
  'CUSTODIAN_REJECTED',
  'CUSTODIAN_CANCELLED',
  'EXPIRED',
  'CUSTODIAN_PENDING',
  'CUSTODIAN_UNMATCHED',
  'OTHER',
] as const;

export const StatusReasonCodeSchema = z.enum(STATUS_REASON_CODES, {
  error: requiredOr(`must be one of ${STATUS_REASON_CODES.join(', ')} (status reason code)`),
});
export type StatusReasonCode = z.infer<typeof StatusReasonCodeSchema>;

export const StatusReasonSchema = z.object({
  code: StatusReasonCodeSchema,
  text: z.string(),
  /** The custodian's ISO 15022 reason code (e.g. `LACK`, `CMIS`, `SAFE`) when the custodian gave one. */
  custodian_code: z.string().optional(),
});
export type StatusReason = z.infer<typeof StatusReasonSchema>;
