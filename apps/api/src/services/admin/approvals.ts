import { isUniqueViolation } from '../../db/errors.js';
import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { uuidv7 } from '../../lib/uuid-v7.js';
import {
  type ApprovalDecision,
  type ApprovalRequestRow,
  decideApprovalRequest,
  findApprovalRequest,
  insertApprovalRequest,
} from '../../repositories/approvals.js';
import { findSecuritiesTransferById } from '../../repositories/console-transfers.js';
import { type AuditActor, recordOperatorAction } from '../audit/operator-audit.js';
import { noteSecuritiesTransfer } from '../journal.js';
import {
  assertProcessing,
  assertSettleable,
  loadSecurities,
  rejectAsOperator,
  settleAsOperator,
} from './transfer-actions.js';

/**
 * Four eyes (docs/decisions.md): a manual settle or reject is stored as a
 * request; it runs only when another operator approves it, with the
 * transfer's state checked again at that moment.
 */
export type ApprovalRequest =
  | { action: 'MANUAL_SETTLE'; transferId: string; quantity: string; date: string }
  | { action: 'MANUAL_REJECT'; transferId: string };

type RequestRow = ApprovalRequestRow;

export function requestView(
  row: RequestRow,
  transfer?: { status: string; settlementReference: string; tenantName: string | null },
) {
  return {
    id: row.id,
    action: row.action,
    transfer_id: row.transferId,
    tenant_id: row.tenantId,
    quantity: row.quantity,
    settlement_date: row.settlementDate,
    reason: row.reason,
    state: row.state,
    requested_by: row.requestedBy,
    requested_by_id: row.requestedById,
    requested_at: row.requestedAt,
    decided_by: row.decidedBy,
    decided_at: row.decidedAt,
    decision_reason: row.decisionReason,
    transfer_status: transfer?.status ?? null,
    settlement_reference: transfer?.settlementReference ?? null,
    tenant_name: transfer?.tenantName ?? null,
  };
}

export type ApprovalView = ReturnType<typeof requestView>;

/** The unique index of pending requests (one per transfer) refused the insert. */
function isPendingConflict(error: unknown): boolean {
  return isUniqueViolation(error, { table: 'approval_requests', columns: ['transfer_id'] });
}

/** Stores the request after the same checks the action makes; nothing on the transfer changes but a note. */
export async function requestApproval(
  tx: Executor,
  request: ApprovalRequest,
  write: { reason: string; expectedUpdatedAt?: string | undefined },
  by: AuditActor & { operatorId: string },
  at: string,
): Promise<ApprovalView> {
  const row = await loadSecurities(tx, request.transferId);
  if (write.expectedUpdatedAt !== undefined && write.expectedUpdatedAt !== row.updatedAt) {
    throw new AppError('CONFLICT', `transfer ${row.id} changed since you opened it; review it and retry`);
  }
  if (request.action === 'MANUAL_SETTLE') assertSettleable(row, request, at);
  else assertProcessing(row, 'rejected');
  let inserted: RequestRow;
  try {
    inserted = await insertApprovalRequest(tx, {
      id: uuidv7(Date.parse(at)),
      action: request.action,
      transferId: row.id,
      tenantId: row.tenantId,
      quantity: request.action === 'MANUAL_SETTLE' ? request.quantity : null,
      settlementDate: request.action === 'MANUAL_SETTLE' ? request.date : null,
      reason: write.reason,
      transferUpdatedAt: row.updatedAt,
      state: 'PENDING',
      requestedById: by.operatorId,
      requestedBy: by.label,
      requestedAt: at,
    });
  } catch (error) {
    if (isPendingConflict(error)) {
      throw new AppError(
        'CONFLICT',
        `transfer ${request.transferId} already has a request waiting for approval`,
      );
    }
    throw error;
  }
  await noteSecuritiesTransfer(tx, row, {
    actor: by.label,
    at,
    reasonCode: `${request.action}_REQUESTED`,
    reason: `${describe(inserted)} waits for a second operator: ${write.reason}`,
  });
  await recordOperatorAction(tx, by, at, {
    action: 'approval.request',
    subjectKind: 'TRANSFER',
    subjectId: row.id,
    reason: write.reason,
    detail: { approval_id: inserted.id, action: request.action, quantity: inserted.quantity },
  });
  return requestView(inserted);
}

function describe(row: RequestRow): string {
  return row.action === 'MANUAL_SETTLE'
    ? `manual settlement of ${row.quantity} units on ${row.settlementDate}`
    : 'manual rejection';
}

async function loadPending(tx: Executor, id: string): Promise<RequestRow> {
  const row = await findApprovalRequest(tx, id);
  if (!row) throw notFound('approval request', id);
  if (row.state !== 'PENDING') {
    throw new AppError(
      'CONFLICT',
      `approval request ${id} was already ${row.state.toLowerCase()} by ${row.decidedBy}`,
    );
  }
  return row;
}

/**
 * A second operator approves: in one transaction the transfer is checked
 * again (unchanged since the request, still PROCESSING, quantity still
 * open) and the action runs with the requester's reason; on any refusal
 * nothing is applied and the request stays pending.
 */
export async function approveRequest(
  tx: Executor,
  id: string,
  by: AuditActor & { operatorId: string },
  at: string,
): Promise<ApprovalView> {
  const request = await loadPending(tx, id);
  if (request.requestedById === by.operatorId) {
    throw new AppError('FORBIDDEN', 'you asked for this action; another operator must approve it');
  }
  const write = {
    actor: request.requestedBy,
    at,
    reason: `${request.reason} (approved by ${by.label})`,
    expectedUpdatedAt: request.transferUpdatedAt,
  };
  try {
    if (request.action === 'MANUAL_SETTLE') {
      await settleAsOperator(
        tx,
        request.transferId,
        { quantity: request.quantity ?? '', date: request.settlementDate ?? '' },
        write,
      );
    } else {
      await rejectAsOperator(tx, request.transferId, write);
    }
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONFLICT') {
      throw new AppError(
        'CONFLICT',
        `transfer ${request.transferId} changed since the request; reject this request and ask again`,
      );
    }
    throw error;
  }
  const decided = await decide(tx, id, {
    state: 'APPROVED',
    decidedById: by.operatorId,
    decidedBy: by.label,
    decidedAt: at,
  });
  await recordOperatorAction(tx, by, at, {
    action: 'approval.approve',
    subjectKind: 'APPROVAL',
    subjectId: id,
    detail: {
      transfer_id: request.transferId,
      action: request.action,
      requested_by: request.requestedBy,
    },
  });
  return requestView(decided);
}

/** Any operator may turn a request down (the requester withdraws it the same way); nothing is applied. */
export async function rejectRequest(
  tx: Executor,
  id: string,
  reason: string,
  by: AuditActor & { operatorId: string },
  at: string,
): Promise<ApprovalView> {
  const request = await loadPending(tx, id);
  const decided = await decide(tx, id, {
    state: 'REJECTED',
    decidedById: by.operatorId,
    decidedBy: by.label,
    decidedAt: at,
    decisionReason: reason,
  });
  const transfer = await findSecuritiesTransferById(tx, request.transferId);
  if (transfer) {
    await noteSecuritiesTransfer(tx, transfer, {
      actor: by.label,
      at,
      reasonCode: 'APPROVAL_REJECTED',
      reason: `${describe(request)} asked by ${request.requestedBy} not approved: ${reason}`,
    });
  }
  await recordOperatorAction(tx, by, at, {
    action: 'approval.reject',
    subjectKind: 'APPROVAL',
    subjectId: id,
    reason,
    detail: {
      transfer_id: request.transferId,
      action: request.action,
      requested_by: request.requestedBy,
    },
  });
  return requestView(decided);
}

async function decide(tx: Executor, id: string, decision: ApprovalDecision): Promise<RequestRow> {
  const decided = await decideApprovalRequest(tx, id, decision);
  if (!decided) throw notFound('approval request', id);
  return decided;
}
