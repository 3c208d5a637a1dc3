import type {
  AccountTransfer,
  AccountTransferInstrument,
  Counterparty,
  SecuritiesTransfer,
  SecuritiesTransferStatus,
} from '@tbo/contracts';
import { isZeroDecimal } from '@tbo/contracts';
import type { AccountTransferRow, SecuritiesTransferRow } from '../db/types.js';
import { cancellationOf } from './client-view/cancellation.js';
import { deadlineOf } from './client-view/deadline.js';
import { parentView } from './client-view/parent.js';
import { statusReasonOf } from './client-view/status-reason.js';

// Key order follows the API reference so responses read like its examples.

function counterpartyOf(row: {
  counterpartyBic: string;
  counterpartyAccountNumber: string | null;
  counterpartyName: string | null;
}): Counterparty {
  const counterparty: Counterparty = { bic: row.counterpartyBic };
  if (row.counterpartyAccountNumber !== null) counterparty.account_number = row.counterpartyAccountNumber;
  if (row.counterpartyName !== null) counterparty.name = row.counterpartyName;
  return counterparty;
}

/** status_reason, deadline and cancellation: present only when they say something. */
function visibleState(row: SecuritiesTransferRow) {
  const reason = statusReasonOf(row);
  const deadline = deadlineOf(row);
  const cancellation = cancellationOf(row);
  return {
    ...(reason !== undefined ? { status_reason: reason } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
    ...(cancellation !== undefined ? { cancellation } : {}),
  };
}

function showsSettled(status: string, quantitySettled: string): boolean {
  return status === 'SETTLED' || !isZeroDecimal(quantitySettled);
}

/** The securities transfer exactly as GET returns it (and as events carry it). */
export function toSecuritiesTransfer(row: SecuritiesTransferRow): SecuritiesTransfer {
  const settledShown = showsSettled(row.status, row.quantitySettled);
  return {
    id: row.id,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    direction: row.direction as SecuritiesTransfer['direction'],
    status: row.status as SecuritiesTransferStatus,
    transfer_type: row.transferType as SecuritiesTransfer['transfer_type'],
    instrument_id: row.isin,
    instrument_id_type: row.instrumentIdType as SecuritiesTransfer['instrument_id_type'],
    quantity: row.quantity,
    ...(settledShown ? { quantity_settled: row.quantitySettled } : {}),
    user_id: row.userId,
    account_id: row.accountId,
    settlement_reference: row.settlementReference,
    counterparty: counterpartyOf(row),
    ...(row.placeOfSettlement !== null ? { place_of_settlement: row.placeOfSettlement } : {}),
    ...(row.tradeDate !== null ? { trade_date: row.tradeDate } : {}),
    ...(row.settlementDate !== null ? { settlement_date: row.settlementDate } : {}),
    ...(row.status === 'SETTLED' && row.actualSettlementDate !== null
      ? { actual_settlement_date: row.actualSettlementDate }
      : {}),
    ...visibleState(row),
  };
}

export function toAccountTransferInstrument(child: SecuritiesTransferRow): AccountTransferInstrument {
  const instrument: AccountTransferInstrument = {
    id: child.isin,
    id_type: child.instrumentIdType as AccountTransferInstrument['id_type'],
    quantity: child.quantity,
    status: child.status as SecuritiesTransferStatus,
    transfer_id: child.id,
  };
  if (showsSettled(child.status, child.quantitySettled)) instrument.quantity_settled = child.quantitySettled;
  return Object.assign(instrument, visibleState(child));
}

/** The account transfer as GET returns it; `children` in request order. */
export function toAccountTransfer(
  row: AccountTransferRow,
  children: readonly SecuritiesTransferRow[],
): AccountTransfer {
  const out: AccountTransfer = {
    id: row.id,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    direction: row.direction as AccountTransfer['direction'],
    status: row.status as AccountTransfer['status'],
    transfer_type: row.transferType as AccountTransfer['transfer_type'],
    instruments: children.map(toAccountTransferInstrument),
    user_id: row.userId,
    account_id: row.accountId,
    settlement_reference: row.settlementReference,
    counterparty: counterpartyOf(row),
  };
  if (row.tradeDate !== null) out.trade_date = row.tradeDate;
  if (row.settlementDate !== null) out.settlement_date = row.settlementDate;
  return Object.assign(out, parentView(out.status, out.instruments));
}
