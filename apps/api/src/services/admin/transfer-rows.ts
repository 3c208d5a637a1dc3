import { marketDate } from '@tbo/contracts';
import type { Db } from '../../db/client.js';
import type { AccountTransferRow, SecuritiesTransferRow } from '../../db/types.js';
import {
  countOpenExceptions,
  findAllTenantNames,
  findChildInstruments,
  findStatusSince,
} from '../../repositories/console-transfer-rows.js';
import { type DeadlineFlag, deadlineStateOf } from './deadline-state.js';
import type { AdminTransferKind } from './transfer-filters.js';

/** A transfer as the console's list (and its CSV export) shows it, with why it may be stuck. */
export interface AdminTransferRow {
  kind: AdminTransferKind;
  id: string;
  tenant_id: string;
  tenant_name: string;
  direction: string;
  status: string;
  /** When the transfer entered its current status (from its history). */
  status_since: string;
  /** Seconds since it was created, and since it entered its current status (the api's clock). */
  age_seconds: number;
  status_age_seconds: number;
  user_id: string;
  account_id: string;
  /** The ISIN, or for an account transfer the ISINs of its children. */
  instruments: string[];
  quantity: string | null;
  quantity_settled: string | null;
  settlement_reference: string;
  counterparty_bic: string;
  counterparty_name: string | null;
  custodian_reference: string | null;
  /** The account transfer a securities transfer belongs to. */
  account_transfer_id: string | null;
  created_at: string;
  updated_at: string;
  due_date: string | null;
  deadline: DeadlineFlag;
  days_left: number | null;
  /** The custodian's latest status advice (MT548) and its reason. */
  custodian_status: string | null;
  custodian_reason_code: string | null;
  custodian_reason_text: string | null;
  custodian_status_at: string | null;
  cancellation_requested: boolean;
  /** Asked for and the transfer still open (not yet confirmed by the custodian). */
  cancellation_pending: boolean;
  cancel_reason_code: string | null;
  cancel_reason_text: string | null;
  parked: boolean;
  work_error: string | null;
  open_exceptions: number;
}

const OPEN_STATUSES = new Set(['NEW', 'PROCESSING']);

/** The console rows of one page: a few indexed look-ups for the whole page, none per row. */
export async function toAdminRows(
  db: Db,
  kind: AdminTransferKind,
  rows: (SecuritiesTransferRow | AccountTransferRow)[],
  now: Date,
): Promise<AdminTransferRow[]> {
  const today = marketDate(now);
  const secondsSince = (at: string) => Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 1000));
  const ids = rows.map((r) => r.id);
  const names = await findAllTenantNames(db);
  const since = await findStatusSince(db, ids);
  const exceptions = kind === 'SECURITIES' ? await countOpenExceptions(db, ids) : new Map<string, number>();
  const children = kind === 'ACCOUNT' ? await findChildInstruments(db, ids) : new Map<string, string[]>();
  return rows.map((row): AdminTransferRow => {
    const single = 'isin' in row ? row : undefined;
    const deadline = single ? deadlineStateOf(single, today) : { flag: 'DONE' as const, days_left: null };
    const open = OPEN_STATUSES.has(row.status);
    return {
      kind,
      id: row.id,
      tenant_id: row.tenantId,
      tenant_name: names.get(row.tenantId) ?? row.tenantId,
      direction: row.direction,
      status: row.status,
      status_since: since.get(row.id) ?? row.createdAt,
      age_seconds: secondsSince(row.createdAt),
      status_age_seconds: secondsSince(since.get(row.id) ?? row.createdAt),
      user_id: row.userId,
      account_id: row.accountId,
      instruments: single ? [single.isin] : (children.get(row.id) ?? []),
      quantity: single ? single.quantity : null,
      quantity_settled: single ? single.quantitySettled : null,
      settlement_reference: row.settlementReference,
      counterparty_bic: row.counterpartyBic,
      counterparty_name: row.counterpartyName,
      custodian_reference: single?.custodianReference ?? null,
      account_transfer_id: single?.accountTransferId ?? null,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      due_date: single?.dueDate ?? null,
      deadline: deadline.flag,
      days_left: deadline.days_left,
      custodian_status: single?.custodianStatus ?? null,
      custodian_reason_code: single?.custodianReasonCode ?? null,
      custodian_reason_text: single?.custodianReasonText ?? null,
      custodian_status_at: single?.custodianStatusAt ?? null,
      cancellation_requested: row.cancellationRequestedAt !== null,
      cancellation_pending: open && row.cancellationRequestedAt !== null,
      cancel_reason_code: row.cancelReasonCode,
      cancel_reason_text: row.cancelReasonText,
      parked: open && single?.parkedAt != null,
      work_error: single?.workError ?? null,
      open_exceptions: exceptions.get(row.id) ?? 0,
    };
  });
}
