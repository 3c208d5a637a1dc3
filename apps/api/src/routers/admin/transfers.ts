import { z } from 'zod';
import type { Context } from '../../context.js';
import type { ApprovalRequest } from '../../services/admin/approvals.js';
import { BULK_LIMIT } from '../../services/admin/bulk-actions.js';
import { accountTransferDetail, securitiesTransferDetail } from '../../services/admin/transfer-detail.js';
import { AdminTransferFiltersSchema, TRANSFER_KINDS } from '../../services/admin/transfer-filters.js';
import { FindTransfersInputSchema, findTransfers } from '../../services/admin/transfer-find.js';
import { listTransfers } from '../../services/admin/transfer-list.js';
import { runWrite } from '../../services/write/port.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ConsoleIdSchema } from './console-id.js';
import { signedInOperator } from './operator-context.js';
import { ExpectedUpdatedAtSchema, ReasonSchema, repairOf, todayOf } from './operator-write.js';

const IdSchema = z.strictObject({ id: ConsoleIdSchema });

/** With four eyes on, a manual settle or reject becomes a request for a second operator. */
async function asked(
  ctx: Context,
  request: ApprovalRequest,
  input: { reason: string; expected_updated_at?: string | undefined },
): Promise<{ ok: true; approval_id: string | null }> {
  const stored = await runWrite(ctx.writes, {
    op: 'console.approval.request',
    request,
    write: { reason: input.reason, expectedUpdatedAt: input.expected_updated_at },
    by: signedInOperator(ctx),
    at: ctx.clock.now().toISOString(),
  });
  return { ok: true, approval_id: stored.id };
}
/** Many transfers of one kind, one reason for the batch; each is done and audited on its own. */
const BulkSchema = z.strictObject({
  kind: z.enum(TRANSFER_KINDS),
  items: z
    .array(z.strictObject({ id: ConsoleIdSchema, expected_updated_at: ExpectedUpdatedAtSchema }))
    .min(1, 'select at least one transfer')
    .max(BULK_LIMIT, `at most ${BULK_LIMIT} transfers at once`),
  reason: ReasonSchema,
});

/** The console's view of transfers across tenants, and the operator's repairs. */
export const adminTransfersRouter = router({
  list: operatorProcedure('viewer')
    .input(AdminTransferFiltersSchema)
    .query(async ({ ctx, input }) => listTransfers(ctx.db, input, ctx.clock.now())),
  /** The search box: a transfer by any of its ids, references, counterparty, user, account or ISIN. */
  find: operatorProcedure('viewer')
    .input(FindTransfersInputSchema)
    .query(async ({ ctx, input }) => findTransfers(ctx.db, input.q, ctx.clock.now())),
  bulkCancel: operatorProcedure('operator')
    .input(BulkSchema)
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'console.transfer.bulkCancel',
        ...repairOf(ctx, input),
        kind: input.kind,
        items: input.items,
      }),
    ),
  bulkRedeliver: operatorProcedure('operator')
    .input(BulkSchema)
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'console.transfer.bulkRedeliver',
        ...repairOf(ctx, input),
        kind: input.kind,
        items: input.items,
      }),
    ),
  securities: operatorProcedure('viewer')
    .input(IdSchema)
    .query(async ({ ctx, input }) => ({
      ...(await securitiesTransferDetail(ctx.db, input.id, todayOf(ctx))),
      /** The api's clock, so ages are measured as the api sees them. */
      now: ctx.clock.now().toISOString(),
    })),
  account: operatorProcedure('viewer')
    .input(IdSchema)
    .query(({ ctx, input }) => accountTransferDetail(ctx.db, input.id, todayOf(ctx))),
  cancel: operatorProcedure('operator')
    .input(
      z.strictObject({
        kind: z.enum(TRANSFER_KINDS),
        id: ConsoleIdSchema,
        reason: ReasonSchema,
        expected_updated_at: ExpectedUpdatedAtSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      return await runWrite(ctx.writes, {
        op: 'console.transfer.cancel',
        ...repairOf(ctx, input),
        kind: input.kind,
        id: input.id,
      });
    }),
  reject: operatorProcedure('operator')
    .input(
      z.strictObject({
        id: ConsoleIdSchema,
        reason: ReasonSchema,
        expected_updated_at: ExpectedUpdatedAtSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (ctx.config.fourEyes) {
        return await asked(ctx, { action: 'MANUAL_REJECT', transferId: input.id }, input);
      }
      await runWrite(ctx.writes, { op: 'console.transfer.reject', ...repairOf(ctx, input), id: input.id });
      return { ok: true as const, approval_id: null };
    }),
  /** A transfer the worker parked after its failed attempts goes back to the queue. */
  retry: operatorProcedure('operator')
    .input(z.strictObject({ id: z.string().min(1).max(64), reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) => {
      return await runWrite(ctx.writes, {
        op: 'console.transfer.retry',
        ...repairOf(ctx, input),
        id: input.id,
      });
    }),
  settle: operatorProcedure('operator')
    .input(
      z.strictObject({
        id: ConsoleIdSchema,
        quantity: z.string().regex(/^[0-9]{1,15}$/, 'whole units only, e.g. 10'),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
        reason: ReasonSchema,
        expected_updated_at: ExpectedUpdatedAtSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (ctx.config.fourEyes) {
        const request: ApprovalRequest = {
          action: 'MANUAL_SETTLE',
          transferId: input.id,
          quantity: input.quantity,
          date: input.date,
        };
        return await asked(ctx, request, input);
      }
      await runWrite(ctx.writes, {
        op: 'console.transfer.settle',
        ...repairOf(ctx, input),
        id: input.id,
        quantity: input.quantity,
        date: input.date,
      });
      return { ok: true as const, approval_id: null };
    }),
});
