import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { setCustodianStatus } from '../../repositories/custodian-instructions.js';
import { announceIfClientVisible } from '../client-view/announce.js';
import { noteSecuritiesTransfer } from '../journal.js';
import {
  type ChangeMeta,
  changeSecuritiesTransferData,
  transitionSecuritiesTransfer,
} from '../transitions.js';
import { type InboundOrigin, recordCustodianException } from './custodian-exceptions.js';
import { type CommandOutcome, outcomeOf } from './outcome.js';

/** What a status advice (MT548) says: `<qualifier>//<code>`, its reason code and narrative. */
export interface CustodianStatusAdvice {
  status: string;
  reasonCode?: string | undefined;
  narrative?: string | undefined;
}

function describe(advice: CustodianStatusAdvice): string {
  const reason = advice.reasonCode === undefined ? '' : `, reason ${advice.reasonCode}`;
  const text = advice.narrative === undefined ? '' : `: ${advice.narrative}`;
  return `${advice.status}${reason}${text}`;
}

/** The custodian's reason for refusing a cancellation, as clients see it: its ISO code and narrative. */
function denialReasonOf(advice: CustodianStatusAdvice): string {
  if (advice.reasonCode === undefined)
    return advice.narrative ?? `refused by the custodian (${advice.status})`;
  return advice.narrative === undefined ? advice.reasonCode : `${advice.reasonCode}: ${advice.narrative}`;
}

/** A SETTLED transfer cannot be cancelled or rejected any more: the advice is an exception. */
async function settledException(
  tx: Executor,
  row: SecuritiesTransferRow,
  what: string,
  origin: InboundOrigin,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  return await recordCustodianException(
    tx,
    origin,
    { code: 'TRANSFER_NOT_OPEN', detail: `transfer ${row.id} is SETTLED (final); the ${what} cannot apply` },
    row,
    meta,
  );
}

/** The custodian rejected our instruction (MT548 INST, IPRC//REJT): CANCELLED `CUSTODIAN_REJECTED:<code>`. */
export async function applyRejection(
  tx: Executor,
  row: SecuritiesTransferRow,
  reasonCode: string,
  narrative: string | undefined,
  origin: InboundOrigin,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  if (row.status === 'CANCELLED') return outcomeOf(row, 'UNCHANGED', 'already CANCELLED');
  if (row.status === 'SETTLED') return await settledException(tx, row, 'rejection', origin, meta);
  const cancelled = await transitionSecuritiesTransfer(tx, row, 'CANCELLED', {
    ...meta,
    reasonCode: `CUSTODIAN_REJECTED:${reasonCode}`,
    reason: narrative ?? `rejected by the custodian (${reasonCode})`,
  });
  return outcomeOf(cancelled, 'CANCELLED', `CUSTODIAN_REJECTED:${reasonCode}`);
}

/**
 * The custodian confirmed the cancellation (MT548 CAND): CANCELLED, what is
 * left of the reservation released. Units settled before stay settled.
 */
export async function confirmCancellation(
  tx: Executor,
  row: SecuritiesTransferRow,
  origin: InboundOrigin,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  if (row.status === 'CANCELLED') return outcomeOf(row, 'UNCHANGED', 'already CANCELLED');
  if (row.status === 'SETTLED') return await settledException(tx, row, 'cancellation', origin, meta);
  const requested = row.cancellationRequestedAt !== null;
  const expired = requested && row.cancellationReasonCode === 'EXPIRED';
  const reasonCode = expired ? 'EXPIRED' : requested ? 'CANCELLED_BY_REQUEST' : 'CANCELLED_AT_CUSTODIAN';
  const reason = expired
    ? `incoming transfer not settled within 30 days (expired on ${row.dueDate}); the custodian confirmed the withdrawal`
    : requested
      ? 'cancellation confirmed by the custodian'
      : 'the custodian cancelled the instruction';
  const cancelled = await transitionSecuritiesTransfer(tx, row, 'CANCELLED', { ...meta, reasonCode, reason });
  return outcomeOf(
    cancelled,
    'CANCELLED',
    row.quantitySettled === '0' ? undefined : `${row.quantitySettled} settled before`,
  );
}

/**
 * The custodian refused our cancellation request (MT548 CAST, REJT or
 * CPRC//DEND): the instruction stays live, so the transfer stays PROCESSING
 * with its reservation. The pending cancellation ends (the client may ask
 * again), the denial and its reason go into the history, and clients get
 * DATA_CHANGED.
 */
export async function denyCancellation(
  tx: Executor,
  row: SecuritiesTransferRow,
  advice: CustodianStatusAdvice,
  origin: InboundOrigin,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  // Final in our books but live at the custodian (a withdrawal it refused): operations must act.
  if (row.status !== 'PROCESSING') {
    return await recordCustodianException(
      tx,
      origin,
      {
        code: 'TRANSFER_NOT_OPEN',
        detail: `the custodian refused the cancellation (${describe(advice)}) of transfer ${row.id}, which is ${row.status} in our books; the instruction may still settle`,
      },
      row,
      meta,
    );
  }
  const changed = await changeSecuritiesTransferData(
    tx,
    row,
    {
      cancellationRequestedAt: null,
      cancellationForwardedAt: null,
      cancellationReasonCode: null,
      cancellationDeniedAt: meta.at,
      cancellationDenialReason: denialReasonOf(advice),
      cancellationDenials: row.cancellationDenials + 1,
      custodianStatus: advice.status,
      custodianReasonCode: advice.reasonCode ?? null,
      custodianReasonText: advice.narrative ?? null,
      custodianStatusAt: meta.at,
      leaseOwner: null,
      leaseExpiresAt: null,
    },
    {
      ...meta,
      reasonCode: 'CANCELLATION_DENIED',
      reason: `the custodian refused the cancellation (${describe(advice)}); the transfer stays PROCESSING`,
    },
  );
  return outcomeOf(changed, 'CANCELLATION_DENIED', describe(advice));
}

/**
 * Any other status advice (matched, unmatched, pending, accepted…): the
 * latest one is kept on the transfer and every one in its history, so
 * operations see why a transfer does not settle. Clients see it when it
 * explains a hold (pending, unmatched: `status_reason`), with DATA_CHANGED.
 */
export async function recordCustodianStatus(
  tx: Executor,
  row: SecuritiesTransferRow,
  advice: CustodianStatusAdvice & { function: 'INST' | 'CAST' },
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  await setCustodianStatus(tx, row.id, {
    status: advice.status,
    reasonCode: advice.reasonCode ?? null,
    reasonText: advice.narrative ?? null,
    at: meta.at,
  });
  await noteSecuritiesTransfer(tx, row, {
    actor: meta.actor,
    at: meta.at,
    reasonCode: 'CUSTODIAN_STATUS',
    reason: `${advice.function === 'CAST' ? 'cancellation request' : 'instruction'}: ${describe(advice)}`,
    sourceMessage: meta.sourceMessage ?? null,
  });
  const recorded = {
    ...row,
    custodianStatus: advice.status,
    custodianReasonCode: advice.reasonCode ?? null,
    custodianReasonText: advice.narrative ?? null,
    custodianStatusAt: meta.at,
  };
  await announceIfClientVisible(tx, row, recorded, meta.at);
  return outcomeOf(row, 'STATUS_RECORDED', describe(advice));
}
