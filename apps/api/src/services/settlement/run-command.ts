import type { Tx } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import type { ChangeMeta } from '../transitions.js';
import { type SettlementCommand, SettlementCommandSchema } from './command-schemas.js';
import { requireTransfer } from './find-transfer.js';
import { applyInboundCommand } from './inbound-commands.js';
import { markCancellationForwarded, recordInstruction, refuseInstruction } from './instruct.js';
import type { CommandOutcome } from './outcome.js';
import { validateTransfer } from './validate-transfer.js';
import { failWork } from './work-failures.js';

/** One command of a batch, checked on its own: a bad one is a VALIDATION_FAILED result of its own. */
export function parseCommand(raw: unknown): SettlementCommand {
  const parsed = SettlementCommandSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const invalidParams = parsed.error.issues.map((issue) => ({
    name: issue.path.join('.') || 'command',
    reason: issue.message,
  }));
  throw new AppError('VALIDATION_FAILED', invalidParams.map((p) => `${p.name}: ${p.reason}`).join('; '), {
    invalidParams,
  });
}

/** Applies one command in the caller's transaction; every branch is idempotent. */
export async function runCommand(
  tx: Tx,
  command: SettlementCommand,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  const source = 'source' in command && command.source !== undefined ? command.source : undefined;
  const m: ChangeMeta = source !== undefined ? { ...meta, sourceMessage: source } : meta;
  switch (command.op) {
    case 'validate':
      return await validateTransfer(tx, await requireTransfer(tx, command), m);
    case 'recordInstruction':
      return await recordInstruction(tx, await requireTransfer(tx, command), command.custodianReference, m);
    case 'refuseInstruction':
      return await refuseInstruction(
        tx,
        await requireTransfer(tx, command),
        command.reasonCode,
        command.reason,
        m,
      );
    case 'markCancellationForwarded':
      return await markCancellationForwarded(
        tx,
        await requireTransfer(tx, command),
        command.cancellationReference,
        m,
      );
    case 'applyConfirmation':
    case 'applyReversal':
    case 'applyRejection':
    case 'confirmCancellation':
    case 'denyCancellation':
    case 'recordCustodianStatus':
    case 'recordException':
      return await applyInboundCommand(tx, command, m);
    case 'failWork':
      return await failWork(tx, await requireTransfer(tx, command), command, m);
  }
}
