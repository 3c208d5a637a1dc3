import { z } from 'zod';
import { InstrumentIdTypeSchema } from './enums.js';
import { BicSchema, DateSchema, IsinSchema, QuantityOutSchema } from './fields.js';
import { requiredOr } from './required.js';
import { TransferDeadlineSchema } from './transfer-deadline.js';

// The asynchronous checks a NEW transfer goes through, answered ahead of time
// by the validate endpoints. The codes are the ones a refused transfer's
// `status_reason.code` would carry.
export const VALIDATION_FINDING_CODES = [
  'ACCOUNT_INACTIVE',
  'INSTRUMENT_NOT_ENABLED',
  'FRACTIONAL_QUANTITY',
  'INSUFFICIENT_POSITION',
] as const;

export const ValidationFindingCodeSchema = z.enum(VALIDATION_FINDING_CODES, {
  error: requiredOr(`must be one of ${VALIDATION_FINDING_CODES.join(', ')} (validation finding code)`),
});

export const ValidationFindingSchema = z.object({
  code: ValidationFindingCodeSchema,
  /** The request field the finding is about, as a path (`account_id`, `instruments[1].quantity`). */
  field: z.string(),
  message: z.string(),
});
export type ValidationFinding = z.infer<typeof ValidationFindingSchema>;

const validationShape = {
  /** True when the transfer, created now, would pass every check and be instructed. */
  valid: z.boolean(),
  findings: z.array(ValidationFindingSchema),
  trade_date: DateSchema,
  settlement_date: DateSchema,
  /** How the service would move requested dates to match the market (closed days). */
  date_adjustments: z.array(z.string()),
  deadline: TransferDeadlineSchema,
};

export const SecuritiesTransferValidationSchema = z.object({
  ...validationShape,
  place_of_settlement: BicSchema.optional(),
});
export type SecuritiesTransferValidation = z.infer<typeof SecuritiesTransferValidationSchema>;

export const AccountTransferInstrumentValidationSchema = z.object({
  id: IsinSchema,
  id_type: InstrumentIdTypeSchema,
  quantity: QuantityOutSchema,
  place_of_settlement: BicSchema.optional(),
  findings: z.array(ValidationFindingSchema),
});

export const AccountTransferValidationSchema = z.object({
  ...validationShape,
  /** As the service would create them: an OUTGOING with no instruments lists the expansion of the account. */
  instruments: z.array(AccountTransferInstrumentValidationSchema),
});
export type AccountTransferValidation = z.infer<typeof AccountTransferValidationSchema>;
