import { z } from 'zod';
import { CounterpartySchema } from './counterparty.js';
import { settlementNotBeforeTrade } from './dates-rule.js';
import {
  DirectionSchema,
  InstrumentIdTypeSchema,
  SecuritiesTransferStatusSchema,
  TransferTypeSchema,
} from './enums.js';
import {
  BicSchema,
  DateSchema,
  IsinSchema,
  QuantityOutSchema,
  QuantitySchema,
  SettlementReferenceSchema,
  TimestampSchema,
  UuidSchema,
} from './fields.js';
import { listResponseOf, PaginationQueryShape } from './list.js';
import { StatusReasonCodeSchema, StatusReasonSchema } from './status-reason.js';
import { TransferCancellationSchema } from './transfer-cancellation.js';
import { DeadlineStateSchema, TransferDeadlineSchema } from './transfer-deadline.js';

export const CreateSecuritiesTransferRequestSchema = z
  .strictObject({
    direction: DirectionSchema,
    instrument_id: IsinSchema,
    instrument_id_type: InstrumentIdTypeSchema,
    quantity: QuantitySchema,
    transfer_type: TransferTypeSchema,
    user_id: UuidSchema,
    account_id: UuidSchema,
    settlement_reference: SettlementReferenceSchema,
    counterparty: CounterpartySchema,
    place_of_settlement: BicSchema.optional(),
    trade_date: DateSchema.optional(),
    settlement_date: DateSchema.optional(),
  })
  .superRefine(settlementNotBeforeTrade);
export type CreateSecuritiesTransferRequest = z.infer<typeof CreateSecuritiesTransferRequestSchema>;

export const SecuritiesTransferSchema = z.object({
  id: UuidSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  direction: DirectionSchema,
  status: SecuritiesTransferStatusSchema,
  transfer_type: TransferTypeSchema,
  instrument_id: IsinSchema,
  instrument_id_type: InstrumentIdTypeSchema,
  quantity: QuantityOutSchema,
  quantity_settled: QuantityOutSchema.optional(),
  user_id: UuidSchema,
  account_id: UuidSchema,
  settlement_reference: z.string(),
  counterparty: CounterpartySchema,
  place_of_settlement: BicSchema.optional(),
  trade_date: DateSchema.optional(),
  settlement_date: DateSchema.optional(),
  actual_settlement_date: DateSchema.optional(),
  status_reason: StatusReasonSchema.optional(),
  deadline: TransferDeadlineSchema.optional(),
  cancellation: TransferCancellationSchema.optional(),
});
export type SecuritiesTransfer = z.infer<typeof SecuritiesTransferSchema>;

export const ListSecuritiesTransfersQuerySchema = z.strictObject({
  direction: DirectionSchema,
  ...PaginationQueryShape,
  user_id: UuidSchema.optional(),
  account_id: UuidSchema.optional(),
  account_group_id: UuidSchema.optional(),
  status: SecuritiesTransferStatusSchema.optional(),
  deadline_state: DeadlineStateSchema.optional(),
  status_reason: StatusReasonCodeSchema.optional(),
});
export type ListSecuritiesTransfersQuery = z.infer<typeof ListSecuritiesTransfersQuerySchema>;
export type ListSecuritiesTransfersQueryInput = z.input<typeof ListSecuritiesTransfersQuerySchema>;

export const ListSecuritiesTransfersResponseSchema = listResponseOf(SecuritiesTransferSchema);
export type ListSecuritiesTransfersResponse = z.infer<typeof ListSecuritiesTransfersResponseSchema>;

export const TransferIdParamsSchema = z.strictObject({ id: UuidSchema });
