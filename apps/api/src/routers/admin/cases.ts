import { z } from 'zod';
import { CASE_KINDS } from '../../db/schema/index.js';
import { breakCase, casesOfTransfer, exceptionCase } from '../../services/admin/case-work.js';
import { openBreaksOfAccount } from '../../services/admin/reconciliation-breaks.js';
import { runWrite } from '../../services/write/port.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ConsoleIdSchema } from './console-id.js';
import { actingOf, ReasonSchema, repairOf } from './operator-write.js';

const CaseRefSchema = z.strictObject({ kind: z.enum(CASE_KINDS), id: ConsoleIdSchema });

/** Working custodian exceptions and reconciliation breaks; every write is audited. */
export const adminCasesRouter = router({
  exception: operatorProcedure('viewer')
    .input(z.strictObject({ id: ConsoleIdSchema }))
    .query(({ ctx, input }) => exceptionCase(ctx.db, input.id)),
  break: operatorProcedure('viewer')
    .input(z.strictObject({ id: ConsoleIdSchema }))
    .query(({ ctx, input }) => breakCase(ctx.db, input.id)),
  ofTransfer: operatorProcedure('viewer')
    .input(z.strictObject({ transfer_id: ConsoleIdSchema }))
    .query(({ ctx, input }) => casesOfTransfer(ctx.db, input.transfer_id)),
  accountBreaks: operatorProcedure('viewer')
    .input(z.strictObject({ account_id: ConsoleIdSchema }))
    .query(({ ctx, input }) => openBreaksOfAccount(ctx.db, input.account_id)),
  acknowledge: operatorProcedure('operator')
    .input(CaseRefSchema)
    .mutation(async ({ ctx, input }) => {
      await runWrite(ctx.writes, { op: 'console.case.acknowledge', ...actingOf(ctx), ...input });
      return { ok: true as const };
    }),
  resolve: operatorProcedure('operator')
    .input(CaseRefSchema.extend({ reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) => {
      await runWrite(ctx.writes, {
        op: 'console.case.resolve',
        ...repairOf(ctx, input),
        kind: input.kind,
        id: input.id,
      });
      return { ok: true as const };
    }),
  comment: operatorProcedure('operator')
    .input(
      CaseRefSchema.extend({
        body: z.string().trim().min(1, 'a comment cannot be empty').max(2000, 'at most 2000 characters'),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, { op: 'console.case.comment', ...actingOf(ctx), ...input }),
    ),
  link: operatorProcedure('operator')
    .input(CaseRefSchema.extend({ transfer_id: ConsoleIdSchema }))
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'console.case.link',
        ...actingOf(ctx),
        kind: input.kind,
        id: input.id,
        transferId: input.transfer_id,
      }),
    ),
});
