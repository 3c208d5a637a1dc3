import { createHash } from 'node:crypto';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { uuidv7 } from '../../lib/uuid-v7.js';
import {
  findCustodianExceptionId,
  insertCustodianException,
  resolveParkedWorkExceptions,
} from '../../repositories/custodian-cases.js';
import { noteSecuritiesTransfer } from '../journal.js';
import type { ChangeMeta } from '../transitions.js';
import type { CommandOutcome } from './outcome.js';

/** Where an inbound message came from, as much as the worker could read of it. */
export interface InboundOrigin {
  messageType?: string | undefined;
  messageReference?: string | undefined;
  relatedReference?: string | undefined;
  source?: string | undefined;
  raw?: string | undefined;
}

export interface ExceptionReason {
  /** ISIN_MISMATCH, ACCOUNT_MISMATCH, MESSAGE_TYPE_MISMATCH, QUANTITY_EXCEEDS_OUTSTANDING, UNKNOWN_REFERENCE… */
  code: string;
  detail: string;
}

/** A message is an exception once: by its custodian reference, else by its file and content. */
function dedupeKeyOf(origin: InboundOrigin): string {
  if (origin.messageReference !== undefined) {
    return `message:${origin.messageType ?? ''}:${origin.messageReference}`;
  }
  const content = createHash('sha256')
    .update(origin.raw ?? '')
    .digest('hex')
    .slice(0, 32);
  return `file:${origin.source ?? ''}:${content}`;
}

/**
 * Keeps a custodian message that is not booked – with its raw text – for an
 * operator to resolve in the console, and notes it in the transfer's history
 * when it names one of ours. The outcome is `EXCEPTION` (not an error): the
 * message has been dealt with and must not be retried.
 */
export async function recordCustodianException(
  tx: Executor,
  origin: InboundOrigin,
  reason: ExceptionReason,
  row: SecuritiesTransferRow | undefined,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  const key = dedupeKeyOf(origin);
  const seen = await findCustodianExceptionId(tx, key);
  const detail = `${reason.code}: ${reason.detail}`;
  if (seen) {
    return {
      id: row?.id ?? null,
      status: row?.status ?? null,
      outcome: 'EXCEPTION',
      detail: `${detail} (exception ${seen}, recorded before)`,
    };
  }
  const id = uuidv7();
  await insertCustodianException(tx, {
    id,
    dedupeKey: key,
    reasonCode: reason.code,
    detail: reason.detail,
    messageType: origin.messageType ?? null,
    messageReference: origin.messageReference ?? null,
    relatedReference: origin.relatedReference ?? null,
    source: origin.source ?? null,
    rawMessage: origin.raw ?? null,
    transferId: row?.id ?? null,
    tenantId: row?.tenantId ?? null,
    receivedAt: meta.at,
  });
  if (row) {
    await noteSecuritiesTransfer(tx, row, {
      actor: meta.actor,
      at: meta.at,
      reasonCode: 'CUSTODIAN_EXCEPTION',
      reason: `${origin.messageType ?? 'message'} ${origin.messageReference ?? ''} not booked – ${detail}`,
      sourceMessage: origin.source ?? origin.messageReference ?? null,
    });
  }
  return {
    id: row?.id ?? null,
    status: row?.status ?? null,
    outcome: 'EXCEPTION',
    detail: `${detail} (exception ${id})`,
  };
}

/**
 * A transfer the worker gave up on (parked after its bounded tries) is an
 * exception too, on the same list operators work through; it is resolved
 * when an operator sends the transfer back to the queue.
 */
export async function recordParkedWork(
  tx: Executor,
  row: SecuritiesTransferRow,
  detail: string,
  meta: ChangeMeta,
): Promise<void> {
  // A second park at the same instant is the same exception.
  await insertCustodianException(tx, {
    id: uuidv7(),
    dedupeKey: `parked:${row.id}:${meta.at}`,
    reasonCode: 'WORK_PARKED',
    detail,
    messageType: null,
    messageReference: null,
    relatedReference: null,
    source: null,
    rawMessage: null,
    transferId: row.id,
    tenantId: row.tenantId,
    receivedAt: meta.at,
  });
}

/** Closes a transfer's open parked-work exceptions when it is retried. */
export async function resolveParkedWork(
  tx: Executor,
  row: SecuritiesTransferRow,
  meta: ChangeMeta,
): Promise<void> {
  await resolveParkedWorkExceptions(tx, row.id, {
    at: meta.at,
    by: meta.actor,
    resolution: meta.reason ?? 'retried',
  });
}
