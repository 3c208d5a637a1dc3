import type {
  AccountTransferStatus,
  StatusReason,
  TransferCancellation,
  TransferDeadline,
} from '@tbo/contracts';
import { worseDeadlineState } from './deadline.js';

/** What each instrument of an account transfer shows, in request order. */
export interface ChildView {
  status: string;
  status_reason?: StatusReason | undefined;
  deadline?: TransferDeadline | undefined;
  cancellation?: TransferCancellation | undefined;
}

/**
 * The parent's own fields, from its children (first in request order wins a
 * tie): `status_reason` of the first cancelled child when the account
 * transfer is CANCELLED, or of the first child the custodian holds while it is
 * PROCESSING; `deadline` the open children's earliest date with their worst
 * state; `cancellation` pending while any child's is, else denied while any
 * was denied, else done.
 */
export function parentView(
  status: AccountTransferStatus,
  children: readonly ChildView[],
): Pick<ChildView, 'status_reason' | 'deadline' | 'cancellation'> {
  const out: Pick<ChildView, 'status_reason' | 'deadline' | 'cancellation'> = {};
  const reasonFrom =
    status === 'CANCELLED' ? 'CANCELLED' : status === 'PROCESSING' ? 'PROCESSING' : undefined;
  const withReason = children.find((c) => c.status === reasonFrom && c.status_reason !== undefined);
  if (withReason?.status_reason) out.status_reason = withReason.status_reason;

  let deadline: TransferDeadline | undefined;
  for (const child of children) {
    const d = child.deadline;
    if (d === undefined) continue;
    if (deadline === undefined) {
      deadline = { ...d };
      continue;
    }
    // Dates are YYYY-MM-DD: text order is date order.
    if (d.date < deadline.date) deadline.date = d.date;
    deadline.state = worseDeadlineState(deadline.state, d.state);
  }
  if (deadline) out.deadline = deadline;

  const cancellations = children
    .map((c) => c.cancellation)
    .filter((c): c is TransferCancellation => c !== undefined);
  const shown =
    cancellations.find((c) => c.state === 'REQUESTED') ??
    cancellations.find((c) => c.state === 'DENIED') ??
    cancellations[0];
  if (shown) {
    // RFC 3339 UTC timestamps of one format: text order is time order.
    const [first] = cancellations.map((c) => c.requested_at).sort();
    out.cancellation = { ...shown, requested_at: first ?? shown.requested_at };
  }
  return out;
}
