import type { AccountTransferRow, SecuritiesTransferRow } from '../../db/types.js';

/** Every stored field of a securities transfer, as the console shows it (worker lease included). */
export function securitiesTransferView(row: SecuritiesTransferRow) {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    direction: row.direction,
    status: row.status,
    transfer_type: row.transferType,
    user_id: row.userId,
    account_id: row.accountId,
    account_group_id: row.accountGroupId,
    instrument_id: row.isin,
    instrument_id_type: row.instrumentIdType,
    quantity: row.quantity,
    quantity_settled: row.quantitySettled,
    reserved_quantity: row.reservedQuantity,
    settlement_reference: row.settlementReference,
    counterparty_bic: row.counterpartyBic,
    counterparty_account_number: row.counterpartyAccountNumber,
    counterparty_name: row.counterpartyName,
    place_of_settlement: row.placeOfSettlement,
    trade_date: row.tradeDate,
    settlement_date: row.settlementDate,
    actual_settlement_date: row.actualSettlementDate,
    due_date: row.dueDate,
    custodian_reference: row.custodianReference,
    instructed_at: row.instructedAt,
    cancellation_requested_at: row.cancellationRequestedAt,
    cancellation_forwarded_at: row.cancellationForwardedAt,
    cancellation_reason_code: row.cancellationReasonCode,
    cancellation_denied_at: row.cancellationDeniedAt,
    custodian_status: row.custodianStatus,
    custodian_reason_code: row.custodianReasonCode,
    custodian_reason_text: row.custodianReasonText,
    custodian_status_at: row.custodianStatusAt,
    cancel_reason_code: row.cancelReasonCode,
    cancel_reason_text: row.cancelReasonText,
    account_transfer_id: row.accountTransferId,
    position_in_parent: row.positionInParent,
    lease_owner: row.leaseOwner,
    lease_expires_at: row.leaseExpiresAt,
    work_attempts: row.workAttempts,
    work_error: row.workError,
    parked_at: row.parkedAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export type SecuritiesTransferView = ReturnType<typeof securitiesTransferView>;

export function accountTransferView(row: AccountTransferRow) {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    direction: row.direction,
    status: row.status,
    transfer_type: row.transferType,
    user_id: row.userId,
    account_id: row.accountId,
    account_group_id: row.accountGroupId,
    settlement_reference: row.settlementReference,
    counterparty_bic: row.counterpartyBic,
    counterparty_account_number: row.counterpartyAccountNumber,
    counterparty_name: row.counterpartyName,
    trade_date: row.tradeDate,
    settlement_date: row.settlementDate,
    cancellation_requested_at: row.cancellationRequestedAt,
    cancel_reason_code: row.cancelReasonCode,
    cancel_reason_text: row.cancelReasonText,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export type AccountTransferView = ReturnType<typeof accountTransferView>;
