import type { StatusReason, StatusReasonCode } from '@tbo/contracts';
import type { SecuritiesTransferRow } from '../../db/types.js';

type ReasonRow = Pick<
  SecuritiesTransferRow,
  | 'status'
  | 'cancelReasonCode'
  | 'cancelReasonText'
  | 'cancellationRequestedBy'
  | 'custodianStatus'
  | 'custodianReasonCode'
  | 'custodianReasonText'
>;

// Codes whose stored text an operator wrote for operations: clients get a fixed text instead.
const OPERATOR_CODES = new Set(['CANCELLED_BY_OPERATOR', 'REJECTED_BY_OPERATOR']);
// Codes the asynchronous checks and the custodian side store as they are shown.
const SAME_CODES = new Set<StatusReasonCode>([
  'INSUFFICIENT_POSITION',
  'ACCOUNT_INACTIVE',
  'INSTRUMENT_NOT_ENABLED',
  'FRACTIONAL_QUANTITY',
  'INSTRUCTION_INVALID',
  'EXPIRED',
]);

const CUSTODIAN_REJECTED_PREFIX = 'CUSTODIAN_REJECTED:';

/** Why a CANCELLED transfer was cancelled, from the internal reason code of its transition. */
function cancelledReason(row: ReasonRow): StatusReason {
  const internal = row.cancelReasonCode ?? '';
  const text = row.cancelReasonText ?? undefined;
  if (internal.startsWith(CUSTODIAN_REJECTED_PREFIX)) {
    const custodianCode = internal.slice(CUSTODIAN_REJECTED_PREFIX.length);
    return {
      code: 'CUSTODIAN_REJECTED',
      text: text ?? `rejected by the custodian (${custodianCode})`,
      ...(custodianCode !== '' ? { custodian_code: custodianCode } : {}),
    };
  }
  if (SAME_CODES.has(internal as StatusReasonCode)) {
    return { code: internal as StatusReasonCode, text: text ?? internal };
  }
  if (OPERATOR_CODES.has(internal)) return { code: 'OPERATOR_CANCELLED', text: 'cancelled by operations' };
  if (internal === 'CANCELLED_BY_REQUEST') {
    return row.cancellationRequestedBy === 'OPERATOR'
      ? { code: 'OPERATOR_CANCELLED', text: 'cancelled by operations' }
      : { code: 'CLIENT_CANCELLED', text: 'cancelled at the client’s request' };
  }
  if (internal === 'CANCELLED_AT_CUSTODIAN') {
    return { code: 'CUSTODIAN_CANCELLED', text: 'the custodian cancelled the instruction' };
  }
  return { code: 'OTHER', text: 'cancelled' };
}

/**
 * The custodian's latest status advice when it explains why a PROCESSING
 * transfer does not settle: unmatched (`MTCH//NMAT`) or pending
 * (`SETT//PEND`, `SETT//PENF`). Advices about our cancellation request
 * (`CPRC//…`) show in `cancellation`, not here.
 */
function custodianHold(row: ReasonRow): StatusReason | undefined {
  if (row.custodianStatus === null) return undefined;
  const [qualifier, status] = row.custodianStatus.split('//');
  let code: StatusReasonCode;
  if (status === 'NMAT') code = 'CUSTODIAN_UNMATCHED';
  else if (qualifier === 'SETT' && (status === 'PEND' || status === 'PENF')) code = 'CUSTODIAN_PENDING';
  else return undefined;
  const reason = row.custodianReasonCode ?? undefined;
  return {
    code,
    text:
      row.custodianReasonText ??
      `the custodian reports ${row.custodianStatus}${reason !== undefined ? ` (${reason})` : ''}`,
    ...(reason !== undefined ? { custodian_code: reason } : {}),
  };
}

/** `status_reason` as clients see it: always when CANCELLED, while PROCESSING when the custodian holds it. */
export function statusReasonOf(row: ReasonRow): StatusReason | undefined {
  if (row.status === 'CANCELLED') return cancelledReason(row);
  if (row.status === 'PROCESSING') return custodianHold(row);
  return undefined;
}

/** A PROCESSING transfer the custodian holds, in SQL over the columns of `c`. */
function holdSql(c: string): string {
  return `(${c}.status = 'PROCESSING' AND (${c}.custodian_status LIKE '%//NMAT' OR ${c}.custodian_status IN ('SETT//PEND', 'SETT//PENF')))`;
}

const KNOWN_CANCEL_CODES = [
  ...SAME_CODES,
  ...OPERATOR_CODES,
  'CANCELLED_BY_REQUEST',
  'CANCELLED_AT_CUSTODIAN',
];

/**
 * `statusReasonOf(row).code === code` as an SQL condition over the columns of
 * `c` (a table alias), for the list filter. Codes come from the contract's
 * enum, never from the request text, so they are written in as literals.
 */
export function statusReasonSql(code: StatusReasonCode, c: string): string {
  const cancelled = (condition: string) => `(${c}.status = 'CANCELLED' AND ${condition})`;
  const reason = `${c}.cancel_reason_code`;
  switch (code) {
    case 'CUSTODIAN_REJECTED':
      return cancelled(`${reason} LIKE '${CUSTODIAN_REJECTED_PREFIX}%'`);
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
      return `(${c}.status = 'PROCESSING' AND ${c}.custodian_status LIKE '%//NMAT')`;
    case 'CUSTODIAN_PENDING':
      return `(${c}.status = 'PROCESSING' AND ${c}.custodian_status IN ('SETT//PEND', 'SETT//PENF'))`;
    case 'OTHER':
      return cancelled(
        `(${reason} IS NULL OR (${reason} NOT IN (${KNOWN_CANCEL_CODES.map((k) => `'${k}'`).join(', ')}) AND ${reason} NOT LIKE '${CUSTODIAN_REJECTED_PREFIX}%'))`,
      );
    default:
      return cancelled(`${reason} = '${code}'`);
  }
}

/** Whether `c` shows any status_reason at all (SQL), to find the child an account transfer takes it from. */
export function hasStatusReasonSql(c: string): string {
  return `(${c}.status = 'CANCELLED' OR ${holdSql(c)})`;
}
