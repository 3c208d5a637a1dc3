import { z } from 'zod';
import { requiredOr } from './required.js';

// Each list is the single place a value is added; the seeds warn that
// status lists grow, so consumers should treat unknown values gracefully.
export const DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;
export const TRANSFER_TYPES = ['NO_OWNER_CHANGE'] as const;
export const INSTRUMENT_ID_TYPES = ['ISIN'] as const;
export const SECURITIES_TRANSFER_STATUSES = ['NEW', 'PROCESSING', 'SETTLED', 'CANCELLED'] as const;
export const ACCOUNT_TRANSFER_STATUSES = [
  'NEW',
  'PROCESSING',
  'SETTLED',
  'PARTIALLY_SETTLED',
  'CANCELLED',
] as const;
export const SORT_FIELDS = ['created_at', 'updated_at'] as const;
export const SORT_ORDERS = ['ASC', 'DESC'] as const;

function enumOf<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: requiredOr(`must be one of ${values.join(', ')} (${what})`) });
}

export const DirectionSchema = enumOf(DIRECTIONS, 'direction');
export const TransferTypeSchema = enumOf(TRANSFER_TYPES, 'transfer type');
export const InstrumentIdTypeSchema = enumOf(INSTRUMENT_ID_TYPES, 'instrument id type');
export const SecuritiesTransferStatusSchema = enumOf(
  SECURITIES_TRANSFER_STATUSES,
  'securities transfer status',
);
export const AccountTransferStatusSchema = enumOf(ACCOUNT_TRANSFER_STATUSES, 'account transfer status');
export const SortFieldSchema = enumOf(SORT_FIELDS, 'sort field');
export const SortOrderSchema = enumOf(SORT_ORDERS, 'sort order');

export type Direction = z.infer<typeof DirectionSchema>;
export type TransferType = z.infer<typeof TransferTypeSchema>;
export type InstrumentIdType = z.infer<typeof InstrumentIdTypeSchema>;
export type SecuritiesTransferStatus = z.infer<typeof SecuritiesTransferStatusSchema>;
export type AccountTransferStatus = z.infer<typeof AccountTransferStatusSchema>;
export type SortField = z.infer<typeof SortFieldSchema>;
export type SortOrder = z.infer<typeof SortOrderSchema>;
