import { z } from 'zod';
import { CounterpartySchema } from './counterparty.js';
import { settlementNotBeforeTrade } from './dates-rule.js';
import {
  AccountTransferStatusSchema,
  DirectionSchema,
  InstrumentIdTypeSchema,
  SecuritiesTransferStatusSchema,
  TransferTypeSchema,
} from './enums.js';
import {
  DateSchema,
  IsinSchema,
  QuantityOutSchema,
  QuantitySchema,
  SettlementReferenceSchema,
  TimestampSchema,
  UuidSchema,
} from './fields.js';
import { listResponseOf, PaginationQueryShape } from './list.js';
import { requiredOr } from './required.js';
import { StatusReasonCodeSchema, StatusReasonSchema } from './status-reason.js';
import { TransferCancellationSchema } from './transfer-cancellation.js';
import { DeadlineStateSchema, TransferDeadlineSchema } from './transfer-deadline.js';

export const ACCOUNT_TRANSFER_MAX_INSTRUMENTS = 1000;

export const AccountTransferInstrumentRequestSchema = z.strictObject({
  id: IsinSchema,
  id_type: InstrumentIdTypeSchema,
  quantity: QuantitySchema,
});

export const CreateAccountTransferRequestSchema = z
  .strictObject({
    direction: DirectionSchema,
    user_id: UuidSchema,
    account_id: UuidSchema,
    transfer_type: TransferTypeSchema,
    settlement_reference: SettlementReferenceSchema,
    instruments: z
      .array(AccountTransferInstrumentRequestSchema, { error: requiredOr('must be an array') })
      .max(ACCOUNT_TRANSFER_MAX_INSTRUMENTS, {
        error: `must hold at most ${ACCOUNT_TRANSFER_MAX_INSTRUMENTS} instruments`,
      }),
    counterparty: CounterpartySchema,
    trade_date: DateSchema.optional(),
    settlement_date: DateSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.direction === 'INCOMING' && value.instruments.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['instruments'],
        message: 'INCOMING account transfers need at least one instrument',
      });
    }
    const seen = new Set<string>();
    value.instruments.forEach((instrument, index) => {
      if (seen.has(instrument.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['instruments', index, 'id'],
          message: `ISIN ${instrument.id} appears more than once`,
        });
      }
      seen.add(instrument.id);
    });
    settlementNotBeforeTrade(value, ctx);
  });
export type CreateAccountTransferRequest = z.infer<typeof CreateAccountTransferRequestSchema>;

export const AccountTransferInstrumentSchema = z.object({
  id: IsinSchema,
  id_type: InstrumentIdTypeSchema,
  quantity: QuantityOutSchema,
  status: SecuritiesTransferStatusSchema,
  transfer_id: UuidSchema,
  quantity_settled: QuantityOutSchema.optional(),
  status_reason: StatusReasonSchema.optional(),
  deadline: TransferDeadlineSchema.optional(),
  cancellation: TransferCancellationSchema.optional(),
});
export type AccountTransferInstrument = z.infer<typeof AccountTransferInstrumentSchema>;

export const AccountTransferSchema = z.object({
  id: UuidSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  direction: DirectionSchema,
  status: AccountTransferStatusSchema,
  transfer_type: TransferTypeSchema,
  instruments: z.array(AccountTransferInstrumentSchema),
  user_id: UuidSchema,
  account_id: UuidSchema,
  settlement_reference: z.string(),
  counterparty: CounterpartySchema,
  trade_date: DateSchema.optional(),
  settlement_date: DateSchema.optional(),
  status_reason: StatusReasonSchema.optional(),
  deadline: TransferDeadlineSchema.optional(),
  cancellation: TransferCancellationSchema.optional(),
});
export type AccountTransfer = z.infer<typeof AccountTransferSchema>;

export const ListAccountTransfersQuerySchema = z.strictObject({
  direction: DirectionSchema,
  ...PaginationQueryShape,
  user_id: UuidSchema.optional(),
  account_id: UuidSchema.optional(),
  account_group_id: UuidSchema.optional(),
  status: AccountTransferStatusSchema.optional(),
  deadline_state: DeadlineStateSchema.optional(),
  status_reason: StatusReasonCodeSchema.optional(),
});
export type ListAccountTransfersQuery = z.infer<typeof ListAccountTransfersQuerySchema>;
export type ListAccountTransfersQueryInput = z.input<typeof ListAccountTransfersQuerySchema>;

export const ListAccountTransfersResponseSchema = listResponseOf(AccountTransferSchema);
export type ListAccountTransfersResponse = z.infer<typeof ListAccountTransfersResponseSchema>;
