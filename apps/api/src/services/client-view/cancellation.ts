import type { TransferCancellation } from '@tbo/contracts';
import type { SecuritiesTransferRow } from '../../db/types.js';

type CancellationRow = Pick<
  SecuritiesTransferRow,
  | 'status'
  | 'cancellationRequestedAt'
  | 'cancellationAskedAt'
  | 'cancellationRequestedBy'
  | 'cancellationReasonCode'
  | 'cancellationDeniedAt'
  | 'cancellationDenialReason'
>;

export type CancellationRequester = TransferCancellation['requested_by'];

/** Who asks, from the actor label of the change (client:…, operator:…, else the system). */
export function requesterOf(actor: string): CancellationRequester {
  if (actor.startsWith('client:')) return 'CLIENT';
  if (actor.startsWith('operator:')) return 'OPERATOR';
  return 'SYSTEM';
}

/**
 * `cancellation` once somebody asked: DONE when the transfer is CANCELLED,
 * REQUESTED while the custodian has it, DENIED when the custodian refused
 * (or the transfer settled before the cancellation could take effect).
 */
export function cancellationOf(row: CancellationRow): TransferCancellation | undefined {
  const requestedAt = row.cancellationRequestedAt ?? row.cancellationAskedAt;
  if (requestedAt === null) return undefined;
  const requestedBy: CancellationRequester =
    (row.cancellationRequestedBy as CancellationRequester | null) ??
    (row.cancellationReasonCode === 'EXPIRED' ? 'SYSTEM' : 'CLIENT');
  const systemReason =
    requestedBy === 'SYSTEM' && row.cancellationReasonCode ? row.cancellationReasonCode : undefined;
  if (row.status === 'CANCELLED') {
    return { requested_at: requestedAt, requested_by: requestedBy, state: 'DONE', ...reason(systemReason) };
  }
  if (row.status === 'SETTLED') {
    return {
      requested_at: requestedAt,
      requested_by: requestedBy,
      state: 'DENIED',
      reason: row.cancellationDenialReason ?? 'the transfer settled before the cancellation took effect',
    };
  }
  if (row.cancellationRequestedAt === null && row.cancellationDeniedAt !== null) {
    return {
      requested_at: requestedAt,
      requested_by: requestedBy,
      state: 'DENIED',
      ...reason(row.cancellationDenialReason ?? 'refused by the custodian'),
    };
  }
  return {
    requested_at: requestedAt,
    requested_by: requestedBy,
    state: 'REQUESTED',
    ...reason(systemReason),
  };
}

function reason(text: string | null | undefined): { reason?: string } {
  return text ? { reason: text } : {};
}
