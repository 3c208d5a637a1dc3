import type { Db } from '../../db/client.js';
import { custodianExceptions } from '../../db/tables.js';
import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import {
  type CustodianExceptionRow,
  type ExceptionFilter,
  type ExceptionWithTenant,
  findCustodianExceptionRow,
  findCustodianExceptionWithTenant,
  listExceptionPageRows,
  resolveCaseRow,
} from '../../repositories/case-work.js';
import { findTransferState } from '../../repositories/console-transfers.js';
import { recordHistory } from '../journal.js';
import { type KeysetOrder, type KeysetPage, type KeysetRequest, readKeysetPage } from './keyset-page.js';
import type { OperatorWrite } from './transfer-actions.js';

type ExceptionRow = CustodianExceptionRow;

function exceptionView(item: ExceptionRow, tenantName: string | null) {
  return {
    id: item.id,
    reason_code: item.reasonCode,
    detail: item.detail,
    message_type: item.messageType,
    message_reference: item.messageReference,
    related_reference: item.relatedReference,
    source: item.source,
    raw_message: item.rawMessage,
    transfer_id: item.transferId,
    tenant_id: item.tenantId,
    tenant_name: tenantName,
    received_at: item.receivedAt,
    acknowledged_at: item.acknowledgedAt,
    acknowledged_by: item.acknowledgedBy,
    resolved_at: item.resolvedAt,
    resolved_by: item.resolvedBy,
    resolution: item.resolution,
  };
}

export type CustodianExceptionView = ReturnType<typeof exceptionView>;

export async function findCustodianException(
  db: Db,
  id: string,
): Promise<CustodianExceptionView | undefined> {
  const found = await findCustodianExceptionWithTenant(db, id);
  return found && exceptionView(found.item, found.tenantName);
}

/** Newest first by receipt, then id. */
const NEWEST_FIRST: KeysetOrder<ExceptionWithTenant> = {
  columns: [custodianExceptions.receivedAt, custodianExceptions.id],
  direction: 'DESC',
  keyOf: ({ item }) => [item.receivedAt, item.id],
};

/** Custodian messages not booked, a keyset page at a time; open ones unless asked otherwise. */
export async function listCustodianExceptions(
  db: Db,
  filter: ExceptionFilter,
  request: KeysetRequest,
): Promise<KeysetPage<CustodianExceptionView>> {
  const page = await readKeysetPage(NEWEST_FIRST, request, (walk) => listExceptionPageRows(db, filter, walk));
  return { ...page, rows: page.rows.map(({ item, tenantName }) => exceptionView(item, tenantName)) };
}

/**
 * An operator closes an exception with the reason (what was done about the
 * message: asked the custodian, booked by hand, returned the units…). Who,
 * when and why are kept on the exception and, when it names a transfer, in
 * that transfer's history.
 */
export async function resolveCustodianException(
  tx: Executor,
  id: string,
  write: OperatorWrite,
): Promise<void> {
  const row = await findCustodianExceptionRow(tx, id);
  if (!row) throw notFound('custodian exception', id);
  if (row.resolvedAt !== null) {
    throw new AppError('CONFLICT', `exception ${id} was resolved by ${row.resolvedBy} at ${row.resolvedAt}`);
  }
  await resolveCaseRow(tx, 'EXCEPTION', id, write);
  if (row.transferId === null) return;
  const transfer = await findTransferState(tx, 'SECURITIES', row.transferId);
  if (!transfer) return;
  await recordHistory(tx, {
    tenantId: transfer.tenantId,
    kind: 'SECURITIES_TRANSFER',
    transferId: row.transferId,
    fromStatus: transfer.status,
    toStatus: transfer.status,
    actor: write.actor,
    at: write.at,
    reasonCode: 'CUSTODIAN_EXCEPTION_RESOLVED',
    reason: `${row.reasonCode} (${row.messageType ?? 'message'} ${row.messageReference ?? ''}): ${write.reason}`,
    sourceMessage: row.source ?? row.messageReference,
  });
}
