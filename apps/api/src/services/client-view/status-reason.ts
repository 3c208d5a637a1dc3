import type { StatusReason, StatusReasonCode } from '@tbo/contracts';
import type { SecuritiesTransferRow } from '../../db/types.js';
import { CUSTODIAN_REJECTED_PREFIX, OPERATOR_CODES, SAME_CODES } from '../../domain/status-reason-codes.js';

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
