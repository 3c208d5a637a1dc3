import { z } from 'zod';
import type { Context } from '../context.js';
import { writeTransaction } from '../db/transaction.js';
import { AppError, ERROR_CODES, type ErrorCode } from '../domain/errors.js';
import { announceDeadlines } from '../services/settlement/announce-deadlines.js';
import { claimWork } from '../services/settlement/claim-work.js';
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
import { expireIncoming } from '../services/settlement/expire-incoming.js';
import { processBatch } from '../services/settlement/run-command.js';
import { listBreaks, recordStatement } from '../services/settlement/statements.js';
import type { WorkItem } from '../services/settlement/work-item.js';
import { WorkStatusSchema, workStatus } from '../services/settlement/work-status.js';
import { router, serviceProcedure } from '../trpc.js';
import { changeMeta } from './mutation-meta.js';

/** One command through the batch path, so single calls and batches behave the same. */
async function single(ctx: Context, command: SettlementCommand) {
  const [result] = await processBatch(ctx.db, [command], changeMeta(ctx));
  if (!result) throw new AppError('INTERNAL', 'no result');
  if (result.ok) return result.result;
  const code = (result.error.code in ERROR_CODES ? result.error.code : 'INTERNAL') as ErrorCode;
  throw new AppError(code, result.error.message);
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
        claimWork(
          ctx.db,
          {
            owner: input.owner,
            limit: input.limit,
            leaseSeconds: input.leaseSeconds,
            simulateAfterMs: ctx.config.live ? null : input.simulateAfterMs,
            now: ctx.clock.now(),
          },
          input.validate ? { meta: changeMeta(ctx) } : undefined,
        ),
    ),
  processBatch: serviceProcedure
    .input(ProcessBatchRequestSchema)
    // Results are built by processBatch (CommandResultSchema's shape); not re-validated on the way out.
    .mutation(
      async ({ ctx, input }): Promise<ProcessBatchResponse> => ({
        results: await processBatch(ctx.db, input.commands, changeMeta(ctx)),
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
    .mutation(async ({ ctx, input }) => expireIncoming(ctx.db, changeMeta(ctx), input.limit)),
  announceDeadlines: serviceProcedure
    .input(z.object({ limit: z.number().int().min(1).max(10_000).default(1000) }).default({ limit: 1000 }))
    .output(
      z.object({
        changed: z.array(z.object({ id: z.string(), state: z.enum(['ON_TRACK', 'AT_RISK', 'OVERDUE']) })),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      announceDeadlines(ctx.db, changeMeta(ctx), ctx.config.deadlineAtRiskDays, input.limit),
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
      writeTransaction(ctx.db, async (tx) => recordStatement(tx, input, ctx.clock.now().toISOString())),
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
