import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { findConfirmationByReference } from '../../repositories/settlement-confirmations.js';
import type { ChangeMeta } from '../transitions.js';
import { applyOnce } from './applied-changes.js';
import type { SettlementCommand } from './command-schemas.js';
import { applyConfirmation, applyReversal } from './confirmations.js';
import { type InboundOrigin, recordCustodianException } from './custodian-exceptions.js';
import {
  applyRejection,
  confirmCancellation,
  denyCancellation,
  recordCustodianStatus,
} from './custodian-outcomes.js';
import { findByCustodianReference, requireTransfer } from './find-transfer.js';
import { confirmationMismatch, instructionMismatch } from './match-confirmation.js';
import type { CommandOutcome } from './outcome.js';
import { ourSafekeepingAccount } from './safekeeping.js';

/** The commands that carry a custodian message. */
export type InboundCommand = Extract<
  SettlementCommand,
  {
    op:
      | 'applyConfirmation'
      | 'applyReversal'
      | 'applyRejection'
      | 'confirmCancellation'
      | 'denyCancellation'
      | 'recordCustodianStatus'
      | 'recordException';
  }
>;

/** A message about a transfer: which one, named by id (the simulated custodian) or by our reference. */
type AboutTransfer = Exclude<InboundCommand, { op: 'applyReversal' | 'recordException' }>;

/** Confirmations name their type; every other message about a transfer is a status advice. */
function originOf(command: AboutTransfer): InboundOrigin {
  return {
    messageType: command.op === 'applyConfirmation' ? command.messageType : 'MT548',
    messageReference: command.messageReference,
    relatedReference: command.custodianReference ?? command.id,
    source: command.source,
    raw: command.raw,
  };
}

/** `NONREF` is how a custodian names no instruction at all: a delivery nobody asked for. */
async function unknownReference(
  tx: Executor,
  command: AboutTransfer,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  const reference = command.custodianReference ?? command.id ?? '';
  const unsolicited = reference === 'NONREF';
  return await recordCustodianException(
    tx,
    originOf(command),
    unsolicited
      ? { code: 'UNSOLICITED', detail: 'the message names no instruction of ours (NONREF)' }
      : { code: 'UNKNOWN_REFERENCE', detail: `no transfer of ours has the reference ${reference}` },
    undefined,
    meta,
  );
}

async function transferOf(tx: Executor, command: AboutTransfer): Promise<SecuritiesTransferRow | undefined> {
  if (command.id !== undefined) return await requireTransfer(tx, { id: command.id });
  return command.custodianReference === undefined
    ? undefined
    : await findByCustodianReference(tx, command.custodianReference);
}

async function confirm(
  tx: Executor,
  command: Extract<InboundCommand, { op: 'applyConfirmation' }>,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  const row = await transferOf(tx, command);
  if (row === undefined) return await unknownReference(tx, command, meta);
  const mismatch = confirmationMismatch(row, command, await ourSafekeepingAccount(tx, row.accountId));
  if (mismatch !== undefined) {
    // A replay of a confirmation booked before no longer fits what is outstanding; it is no exception.
    const booked = await findConfirmationByReference(tx, command.messageReference);
    if (!booked) return await recordCustodianException(tx, originOf(command), mismatch, row, meta);
  }
  return await applyConfirmation(tx, row, command, meta);
}

async function reverse(
  tx: Executor,
  command: Extract<InboundCommand, { op: 'applyReversal' }>,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  const original = await findConfirmationByReference(tx, command.previousReference);
  const origin = {
    messageType: command.messageType,
    messageReference: command.messageReference,
    relatedReference: command.previousReference,
    source: command.source,
    raw: command.raw,
  };
  if (!original) {
    return await recordCustodianException(
      tx,
      origin,
      { code: 'UNKNOWN_REFERENCE', detail: `no booked confirmation ${command.previousReference} to reverse` },
      undefined,
      meta,
    );
  }
  const row = await requireTransfer(tx, { id: original.transferId });
  const mismatch = instructionMismatch(row, command, await ourSafekeepingAccount(tx, row.accountId));
  if (mismatch !== undefined) return await recordCustodianException(tx, origin, mismatch, row, meta);
  return await applyOnce(tx, `reversal:${command.messageReference}`, meta.at, async () =>
    applyReversal(
      tx,
      command.previousReference,
      command.messageReference,
      async (id) => await requireTransfer(tx, { id }),
      meta,
    ),
  );
}

/** A status advice, applied once per message reference. */
async function advise(
  tx: Executor,
  command: Exclude<AboutTransfer, { op: 'applyConfirmation' }>,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  const m = { ...meta, sourceMessage: meta.sourceMessage ?? command.messageReference };
  return await applyOnce(tx, `message:${command.messageReference}`, meta.at, async () => {
    const row = await transferOf(tx, command);
    if (row === undefined) return await unknownReference(tx, command, m);
    const origin = originOf(command);
    const mismatch = instructionMismatch(row, command, await ourSafekeepingAccount(tx, row.accountId));
    if (mismatch !== undefined) return await recordCustodianException(tx, origin, mismatch, row, m);
    switch (command.op) {
      case 'applyRejection':
        return await applyRejection(tx, row, command.reasonCode, command.narrative, origin, m);
      case 'confirmCancellation':
        return await confirmCancellation(tx, row, origin, m);
      case 'denyCancellation':
        return await denyCancellation(tx, row, command, origin, m);
      case 'recordCustodianStatus':
        return await recordCustodianStatus(tx, row, command, m);
    }
  });
}

/**
 * Applies a custodian message once it matches what we instructed; anything
 * that does not – another direction, ISIN or account, more than is
 * outstanding, a transfer no longer open, a reference we never gave out – is
 * kept as an exception for operations instead of being booked.
 */
export async function applyInboundCommand(
  tx: Executor,
  command: InboundCommand,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  switch (command.op) {
    case 'applyConfirmation':
      return await confirm(tx, command, meta);
    case 'applyReversal':
      return await reverse(tx, command, meta);
    case 'recordException':
      return await recordCustodianException(
        tx,
        command,
        { code: command.reasonCode, detail: command.detail },
        undefined,
        meta,
      );
    default:
      return await advise(tx, command, meta);
  }
}
