import type { DeadlineState, StatusReasonCode } from '@tbo/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import type { TransferKind } from '../db/types.js';
import { CUSTODIAN_REJECTED_PREFIX, KNOWN_CANCEL_CODES } from '../domain/status-reason-codes.js';

// The list filters that mirror what GET derives (`status_reason`, the
// deadline) as conditions over the stored columns. Kept as SQL text: values
// come from the contract's enums only (the query schema refuses others) and
// are written in as literals, so each filter is one fixed statement text the
// planner sees whole, with correlated subqueries over the alias `c`.

/** SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE (C collation: ASCII only) is the same match. */
const like = () => (isPostgres() ? 'ILIKE' : 'LIKE');

/** A PROCESSING transfer the custodian holds, in SQL over the columns of `c`. */
function holdSql(c: string): string {
  return `(${c}.status = 'PROCESSING' AND (${c}.custodian_status ${like()} '%//NMAT' OR ${c}.custodian_status IN ('SETT//PEND', 'SETT//PENF')))`;
}

/**
 * `statusReasonOf(row).code === code` as an SQL condition over the columns of
 * `c` (a table alias), for the list filter. Codes come from the contract's
 * enum, never from the request text, so they are written in as literals.
 */
function statusReasonSql(code: StatusReasonCode, c: string): string {
  const cancelled = (condition: string) => `(${c}.status = 'CANCELLED' AND ${condition})`;
  const reason = `${c}.cancel_reason_code`;
  switch (code) {
    case 'CUSTODIAN_REJECTED':
      return cancelled(`${reason} ${like()} '${CUSTODIAN_REJECTED_PREFIX}%'`);
    case 'OPERATOR_CANCELLED':
      return cancelled(
        `(${reason} IN ('CANCELLED_BY_OPERATOR', 'REJECTED_BY_OPERATOR') OR (${reason} = 'CANCELLED_BY_REQUEST' AND ${c}.cancellation_requested_by = 'OPERATOR'))`,
      );
    case 'CLIENT_CANCELLED':
      return cancelled(
        `${reason} = 'CANCELLED_BY_REQUEST' AND coalesce(${c}.cancellation_requested_by, '') <> 'OPERATOR'`,
      );
    case 'CUSTODIAN_CANCELLED':
      return cancelled(`${reason} = 'CANCELLED_AT_CUSTODIAN'`);
    case 'CUSTODIAN_UNMATCHED':
      return `(${c}.status = 'PROCESSING' AND ${c}.custodian_status ${like()} '%//NMAT')`;
    case 'CUSTODIAN_PENDING':
      return `(${c}.status = 'PROCESSING' AND ${c}.custodian_status IN ('SETT//PEND', 'SETT//PENF'))`;
    case 'OTHER':
      return cancelled(
        `(${reason} IS NULL OR (${reason} NOT IN (${KNOWN_CANCEL_CODES.map((k) => `'${k}'`).join(', ')}) AND ${reason} NOT ${like()} '${CUSTODIAN_REJECTED_PREFIX}%'))`,
      );
    default:
      return cancelled(`${reason} = '${code}'`);
  }
}

/** Whether `c` shows any status_reason at all (SQL), to find the child an account transfer takes it from. */
function hasStatusReasonSql(c: string): string {
  return `(${c}.status = 'CANCELLED' OR ${holdSql(c)})`;
}

const WORSE: Record<DeadlineState, DeadlineState[]> = {
  ON_TRACK: ['AT_RISK', 'OVERDUE'],
  AT_RISK: ['OVERDUE'],
  OVERDUE: [],
};

const openWithDeadline = (c: string) => `${c}.status IN ('NEW', 'PROCESSING') AND ${c}.due_date IS NOT NULL`;

/**
 * The `deadline_state` filter: a securities transfer's own state; an account
 * transfer's is its open children's worst, as `parentView` shows it.
 */
function deadlineStateSql(kind: TransferKind, state: DeadlineState): string {
  if (kind === 'SECURITIES_TRANSFER')
    return `(${openWithDeadline('securities_transfers')} AND deadline_state = '${state}')`;
  const child = (states: DeadlineState[]) =>
    `EXISTS (SELECT 1 FROM securities_transfers c WHERE c.account_transfer_id = account_transfers.id
      AND ${openWithDeadline('c')} AND c.deadline_state IN (${states.map((s) => `'${s}'`).join(', ')}))`;
  const worse = WORSE[state];
  return worse.length === 0 ? child([state]) : `(${child([state])} AND NOT ${child(worse)})`;
}

/**
 * The `status_reason` filter: a securities transfer's own code; an account
 * transfer's is the one of the first child (request order) of its status
 * that has a reason, as `parentView` shows it.
 */
function statusReasonFilterSql(kind: TransferKind, code: StatusReasonCode): string {
  if (kind === 'SECURITIES_TRANSFER') return statusReasonSql(code, 'securities_transfers');
  return `(account_transfers.status IN ('CANCELLED', 'PROCESSING') AND EXISTS (
    SELECT 1 FROM securities_transfers c WHERE c.account_transfer_id = account_transfers.id
      AND c.position_in_parent = (SELECT min(f.position_in_parent) FROM securities_transfers f
        WHERE f.account_transfer_id = account_transfers.id AND f.status = account_transfers.status
          AND ${hasStatusReasonSql('f')})
      AND ${statusReasonSql(code, 'c')}))`;
}

/** The `deadline_state` filter of a list of `kind`. */
export function deadlineStateCondition(kind: TransferKind, state: DeadlineState): SQL {
  return sql.raw(deadlineStateSql(kind, state));
}

/** The `status_reason` filter of a list of `kind`. */
export function statusReasonCondition(kind: TransferKind, code: StatusReasonCode): SQL {
  return sql.raw(statusReasonFilterSql(kind, code));
}
