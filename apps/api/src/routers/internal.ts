import { z } from 'zod';
import type { Context } from '../context.js';
import { AppError } from '../domain/errors.js';
import { failedResult, settlementError } from '../services/settlement/command-result.js';
import {
  ApplyConfirmationCommandSchema,
  ApplyRejectionCommandSchema,
  ApplyReversalCommandSchema,
  CommandOutcomeSchema,
  type CommandResult,
  ConfirmCancellationCommandSchema,
  DenyCancellationCommandSchema,
  MarkCancellationForwardedCommandSchema,
  ProcessBatchRequestSchema,
  type ProcessBatchResponse,
  RecordCustodianStatusCommandSchema,
  RecordExceptionCommandSchema,
  RecordInstructionCommandSchema,
  RefuseInstructionCommandSchema,
  type SettlementCommand,
  SettlementCommandSchema,
  ValidateCommandSchema,
} from '../services/settlement/command-schemas.js';
import {
  DeadlinesQuerySchema,
  DeadlinesResponseSchema,
  listDeadlines,
} from '../services/settlement/deadlines.js';
import { listBreaks } from '../services/settlement/statements.js';
import type { WorkItem } from '../services/settlement/work-item.js';
import { WorkStatusSchema, workStatus } from '../services/settlement/work-status.js';
import { isBatchFailure } from '../services/write/batch-failure.js';
import type { WriteAnswer } from '../services/write/commands.js';
import { runWrite } from '../services/write/port.js';
import { router, serviceProcedure } from '../trpc.js';
import { changeMeta } from './mutation-meta.js';

/**
 * The batch's commands, each its own job of the write port, submitted
 * together: the port commits them in one group commit, and a failing one
 * rolls back only itself and answers its code and message. When the write
 * path fails as a whole (the transaction, the file lock, the writer thread)
 * no command was refused: the call fails, and the worker retries the batch.
 */
async function processBatch(ctx: Context, commands: readonly unknown[]): Promise<CommandResult[]> {
  const meta = changeMeta(ctx);
  const jobs = ctx.writes.submitTogether(
    commands.map((command) => ({ op: 'settlement.run' as const, command, meta })),
  );
  const settled = await Promise.allSettled(jobs);
  const batchFailure = settled.find((s) => s.status === 'rejected' && isBatchFailure(s.reason));
  if (batchFailure?.status === 'rejected') throw batchFailure.reason;
  return settled.map(
    (s): CommandResult =>
      s.status === 'fulfilled'
        ? { ok: true, result: s.value.value as WriteAnswer<'settlement.run'> }
        : failedResult(s.reason),
  );
}

/** One command through the same path as a batch's, so single calls and batches behave the same. */
async function single(ctx: Context, command: SettlementCommand) {
  try {
    return await runWrite(ctx.writes, { op: 'settlement.run', command, meta: changeMeta(ctx) });
  } catch (error) {
    const failure = settlementError(error);
    throw new AppError(failure.code, failure.message);
  }
}

const command = <S extends z.ZodObject, Op extends SettlementCommand['op']>(schema: S, op: Op) =>
  serviceProcedure
    .input(schema)
    .output(CommandOutcomeSchema)
    .mutation(async ({ ctx, input }) => single(ctx, SettlementCommandSchema.parse({ ...input, op })));

const BreakSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  accountId: z.string(),
  isin: z.string(),
  ours: z.string(),
  theirs: z.string(),
  statementReference: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
});

/** The settlement worker's api (actor kind 'service', header x-internal-token); every call is idempotent. */
export const internalRouter = router({
  claimWork: serviceProcedure
    .input(
      z.object({
        owner: z.string().min(1).max(100),
        limit: z.number().int().min(1).max(5000),
        leaseSeconds: z.number().int().min(1).max(3600),
        /** Sandbox: hand out PROCESSING AUTO… transfers instructed this long ago; ignored in live mode. */
        simulateAfterMs: z.number().int().min(0).nullable().default(null),
        /** Also validate the INSTRUCT items in the claim's transaction (`validations`, in their order). */
        validate: z.boolean().default(false),
      }),
    )
    // Built field by field by toWorkItem / processBatch; not re-validated on the way out (1000s per call).
    .mutation(
      async ({ ctx, input }): Promise<{ items: WorkItem[]; validations?: CommandResult[] }> =>
        runWrite(ctx.writes, {
          op: 'settlement.claimWork',
          owner: input.owner,
          limit: input.limit,
          leaseSeconds: input.leaseSeconds,
          simulateAfterMs: ctx.config.live ? null : input.simulateAfterMs,
          now: ctx.clock.now().toISOString(),
          validateAs: input.validate ? changeMeta(ctx) : null,
        }),
    ),
  processBatch: serviceProcedure
    .input(ProcessBatchRequestSchema)
    // Results are built by processBatch (CommandResultSchema's shape); not re-validated on the way out.
    .mutation(
      async ({ ctx, input }): Promise<ProcessBatchResponse> => ({
        results: await processBatch(ctx, input.commands),
      }),
    ),
  validate: command(ValidateCommandSchema, 'validate'),
  recordInstruction: command(RecordInstructionCommandSchema, 'recordInstruction'),
  refuseInstruction: command(RefuseInstructionCommandSchema, 'refuseInstruction'),
  markCancellationForwarded: command(MarkCancellationForwardedCommandSchema, 'markCancellationForwarded'),
  applyConfirmation: command(ApplyConfirmationCommandSchema, 'applyConfirmation'),
  applyReversal: command(ApplyReversalCommandSchema, 'applyReversal'),
  applyRejection: command(ApplyRejectionCommandSchema, 'applyRejection'),
  confirmCancellation: command(ConfirmCancellationCommandSchema, 'confirmCancellation'),
  denyCancellation: command(DenyCancellationCommandSchema, 'denyCancellation'),
  recordCustodianStatus: command(RecordCustodianStatusCommandSchema, 'recordCustodianStatus'),
  recordException: command(RecordExceptionCommandSchema, 'recordException'),
  expireIncoming: serviceProcedure
    .input(z.object({ limit: z.number().int().min(1).max(10_000).default(1000) }).default({ limit: 1000 }))
    .output(z.object({ expired: z.array(z.string()), withdrawing: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, { op: 'settlement.expireIncoming', meta: changeMeta(ctx), limit: input.limit }),
    ),
  announceDeadlines: serviceProcedure
    .input(z.object({ limit: z.number().int().min(1).max(10_000).default(1000) }).default({ limit: 1000 }))
    .output(
      z.object({
        changed: z.array(z.object({ id: z.string(), state: z.enum(['ON_TRACK', 'AT_RISK', 'OVERDUE']) })),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'settlement.announceDeadlines',
        meta: changeMeta(ctx),
        atRiskDays: ctx.config.deadlineAtRiskDays,
        limit: input.limit,
      }),
    ),
  recordStatement: serviceProcedure
    .input(
      z
        .object({
          /** Our account id, or the safekeeping account the statement names (one of the two). */
          accountId: z.uuid().optional(),
          safekeepingAccount: z.string().min(1).max(35).optional(),
          statementDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          reference: z.string().min(1).max(35),
          holdings: z.array(
            z.object({ isin: z.string(), quantity: z.string().regex(/^-?[0-9]+(\.[0-9]+)?$/) }),
          ),
          complete: z.boolean().default(true),
        })
        .refine((s) => (s.accountId === undefined) !== (s.safekeepingAccount === undefined), {
          message: 'name the account by accountId or by safekeepingAccount (one of the two)',
        }),
    )
    .output(CommandOutcomeSchema)
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'settlement.recordStatement',
        statement: input,
        at: ctx.clock.now().toISOString(),
      }),
    ),
  listBreaks: serviceProcedure
    .input(
      z.object({
        open: z.boolean().optional(),
        accountId: z.string().optional(),
        tenantId: z.string().optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      }),
    )
    .output(z.object({ items: z.array(BreakSchema) }))
    .query(async ({ ctx, input }) => ({ items: await listBreaks(ctx.db, input) })),
  deadlines: serviceProcedure
    .input(DeadlinesQuerySchema)
    .output(DeadlinesResponseSchema)
    .query(async ({ ctx, input }) => listDeadlines(ctx.db, input, ctx.clock.now())),
  status: serviceProcedure
    .output(WorkStatusSchema)
    .query(async ({ ctx }) => workStatus(ctx.db, ctx.clock.now())),
});
