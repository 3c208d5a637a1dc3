import { z } from 'zod';
import type { Context } from '../../context.js';
import { type ApprovalRequest, requestApproval } from '../../services/admin/approvals.js';
import { BULK_LIMIT, bulkCancel, bulkRedeliver } from '../../services/admin/bulk-actions.js';
import {
  cancelAsOperator,
  rejectAsOperator,
  settleAsOperator,
} from '../../services/admin/transfer-actions.js';
import { accountTransferDetail, securitiesTransferDetail } from '../../services/admin/transfer-detail.js';
import { AdminTransferFiltersSchema, TRANSFER_KINDS } from '../../services/admin/transfer-filters.js';
import { FindTransfersInputSchema, findTransfers } from '../../services/admin/transfer-find.js';
import { listTransfers } from '../../services/admin/transfer-list.js';
import { type AuditAction, type AuditEntry, audited } from '../../services/audit/operator-audit.js';
import { retryParked } from '../../services/settlement/work-failures.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ConsoleIdSchema } from './console-id.js';
import { signedInOperator } from './operator-context.js';
import { ExpectedUpdatedAtSchema, operatorWrite, ReasonSchema, todayOf } from './operator-write.js';

const IdSchema = z.strictObject({ id: ConsoleIdSchema });

function transferAudit(action: AuditAction, input: { id: string; reason: string }): AuditEntry {
  return { action, subjectKind: 'TRANSFER', subjectId: input.id, reason: input.reason };
}

/** With four eyes on, a manual settle or reject becomes a request for a second operator. */
async function asked(
  ctx: Context,
  request: ApprovalRequest,
  input: { reason: string; expected_updated_at?: string | undefined },
): Promise<{ ok: true; approval_id: string | null }> {
  const stored = await requestApproval(
    ctx.db,
    request,
    { reason: input.reason, expectedUpdatedAt: input.expected_updated_at },
    signedInOperator(ctx),
    ctx.clock.now().toISOString(),
  );
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
    .mutation(async ({ ctx, input }) => ({
      results: await bulkCancel(ctx, input.kind, input.items, operatorWrite(ctx, input)),
    })),
  bulkRedeliver: operatorProcedure('operator')
    .input(BulkSchema)
    .mutation(async ({ ctx, input }) => ({
      results: await bulkRedeliver(ctx, input.kind, input.items, operatorWrite(ctx, input)),
    })),
  securities: operatorProcedure('viewer')
    .input(IdSchema)
    .query(({ ctx, input }) => ({
      ...securitiesTransferDetail(ctx.db, input.id, todayOf(ctx)),
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
      const write = operatorWrite(ctx, input);
      await audited(ctx, transferAudit('transfer.cancel', input), async (tx) =>
        cancelAsOperator(tx, input.kind, input.id, write),
      );
      return { ok: true as const };
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
      const write = operatorWrite(ctx, input);
      await audited(ctx, transferAudit('transfer.reject', input), async (tx) =>
        rejectAsOperator(tx, input.id, write),
      );
      return { ok: true as const, approval_id: null };
    }),
  /** A transfer the worker parked after its failed attempts goes back to the queue. */
  retry: operatorProcedure('operator')
    .input(z.strictObject({ id: z.string().min(1).max(64), reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) => {
      const write = operatorWrite(ctx, input);
      await audited(ctx, transferAudit('transfer.retry', input), async (tx) =>
        retryParked(tx, input.id, { actor: write.actor, at: write.at, reason: write.reason }),
      );
      return { ok: true as const };
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
      const write = operatorWrite(ctx, input);
      await audited(
        ctx,
        {
          ...transferAudit('transfer.settle', input),
          detail: { quantity: input.quantity, date: input.date },
        },
        async (tx) => settleAsOperator(tx, input.id, input, write),
      );
      return { ok: true as const, approval_id: null };
    }),
});
