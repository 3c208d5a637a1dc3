import type { Db } from '../../db/client.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Tx } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import { asAppError } from '../../domain/problem.js';
import type { ChangeMeta } from '../transitions.js';
import { type CommandResult, type SettlementCommand, SettlementCommandSchema } from './command-schemas.js';
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

/** Something a batch runs: one command against the transaction. */
export type BatchTask = () => Promise<CommandOutcome>;

/** Each task in its own savepoint, so one failure only drops itself. */
async function runEach(tx: Tx, tasks: readonly BatchTask[]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const task of tasks) {
    try {
      results.push({ ok: true, result: await writeTransaction(tx, () => task()) });
    } catch (error) {
      const appError = asAppError(error);
      // Internal callers get the real message of an unexpected error (never sent to clients).
      const message =
        appError.code === 'INTERNAL' && error instanceof Error ? error.message : appError.message;
      results.push({ ok: false, error: { code: appError.code, message } });
    }
  }
  return results;
}

/**
 * The common case – every task succeeds – under one savepoint. `undefined`
 * once any task fails: its savepoint is rolled back, nothing of the attempt
 * remains, and the caller runs the tasks one by one.
 */
async function runAll(tx: Tx, tasks: readonly BatchTask[]): Promise<CommandResult[] | undefined> {
  try {
    return await writeTransaction(tx, async () => {
      const results: CommandResult[] = [];
      for (const task of tasks) results.push({ ok: true, result: await task() });
      return results;
    });
  } catch {
    return undefined;
  }
}

/**
 * Runs tasks in the caller's write transaction; a failing task only drops
 * itself (all at once when none fails, else one savepoint each). A task must
 * leave nothing but database writes behind: it may run twice.
 */
export async function runTasks(tx: Tx, tasks: readonly BatchTask[]): Promise<CommandResult[]> {
  return (tasks.length > 1 ? await runAll(tx, tasks) : undefined) ?? runEach(tx, tasks);
}

/** Many commands, one write transaction (one commit for the whole batch). */
export async function processBatch(
  db: Db,
  commands: readonly unknown[],
  meta: ChangeMeta,
): Promise<CommandResult[]> {
  return await writeTransaction(db, async (tx) =>
    runTasks(
      tx,
      commands.map((command) => async () => runCommand(tx, parseCommand(command), meta)),
    ),
  );
}
