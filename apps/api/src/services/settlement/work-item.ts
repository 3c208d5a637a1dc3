import { z } from 'zod';
import type { SecuritiesTransferRow } from '../../db/types.js';

/** Why the worker got the transfer: instruct it, forward its cancellation, or play the simulated custodian. */
export const WorkKindSchema = z.enum(['INSTRUCT', 'FORWARD_CANCEL', 'SIMULATE']);
export type WorkKind = z.infer<typeof WorkKindSchema>;

/** The internal view of a transfer: everything an instruction to the custodian needs. */
export const WorkItemSchema = z.object({
  work: WorkKindSchema,
  id: z.string(),
  tenantId: z.string(),
  accountTransferId: z.string().nullable(),
  direction: z.enum(['INCOMING', 'OUTGOING']),
  status: z.string(),
  isin: z.string(),
  quantity: z.string(),
  quantitySettled: z.string(),
  reservedQuantity: z.string(),
  accountId: z.string(),
  counterparty: z.object({
    bic: z.string(),
    accountNumber: z.string().nullable(),
    name: z.string().nullable(),
  }),
  tradeDate: z.string().nullable(),
  settlementDate: z.string().nullable(),
  placeOfSettlement: z.string().nullable(),
  settlementReference: z.string(),
  custodianReference: z.string().nullable(),
  instructedAt: z.string().nullable(),
  cancellationRequestedAt: z.string().nullable(),
  /** Cancellations the custodian refused so far: the next one needs a reference of its own. */
  cancellationDenials: z.number().int(),
  dueDate: z.string().nullable(),
  leaseExpiresAt: z.string().nullable(),
});
export type WorkItem = z.infer<typeof WorkItemSchema>;

/** The columns of a transfer a work item is made of. */
export type WorkItemRow = Pick<
  SecuritiesTransferRow,
  | 'id'
  | 'tenantId'
  | 'accountTransferId'
  | 'direction'
  | 'status'
  | 'isin'
  | 'quantity'
  | 'quantitySettled'
  | 'reservedQuantity'
  | 'accountId'
  | 'counterpartyBic'
  | 'counterpartyAccountNumber'
  | 'counterpartyName'
  | 'tradeDate'
  | 'settlementDate'
  | 'placeOfSettlement'
  | 'settlementReference'
  | 'custodianReference'
  | 'instructedAt'
  | 'cancellationRequestedAt'
  | 'cancellationDenials'
  | 'dueDate'
  | 'leaseExpiresAt'
>;

export function toWorkItem(row: WorkItemRow, work: WorkKind): WorkItem {
  return {
    work,
    id: row.id,
    tenantId: row.tenantId,
    accountTransferId: row.accountTransferId,
    direction: row.direction === 'OUTGOING' ? 'OUTGOING' : 'INCOMING',
    status: row.status,
    isin: row.isin,
    quantity: row.quantity,
    quantitySettled: row.quantitySettled,
    reservedQuantity: row.reservedQuantity,
    accountId: row.accountId,
    counterparty: {
      bic: row.counterpartyBic,
      accountNumber: row.counterpartyAccountNumber,
      name: row.counterpartyName,
    },
    tradeDate: row.tradeDate,
    settlementDate: row.settlementDate,
    placeOfSettlement: row.placeOfSettlement,
    settlementReference: row.settlementReference,
    custodianReference: row.custodianReference,
    instructedAt: row.instructedAt,
    cancellationRequestedAt: row.cancellationRequestedAt,
    cancellationDenials: row.cancellationDenials,
    dueDate: row.dueDate,
    leaseExpiresAt: row.leaseExpiresAt,
  };
}
