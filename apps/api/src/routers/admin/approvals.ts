import { z } from 'zod';
import { APPROVAL_STATES } from '../../db/schema/index.js';
import { listApprovals } from '../../services/admin/approval-list.js';
import { KeysetInputShape } from '../../services/admin/keyset-page.js';
import { runWrite } from '../../services/write/port.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ConsoleIdSchema } from './console-id.js';
import { signedInOperator } from './operator-context.js';
import { ReasonSchema } from './operator-write.js';

/** Four eyes: manual settles and rejects waiting for a second operator. */
export const adminApprovalsRouter = router({
  list: operatorProcedure('viewer')
    .input(
      z.strictObject({
        state: z.enum(APPROVAL_STATES).default('PENDING'),
        transfer_id: ConsoleIdSchema.optional(),
        ...KeysetInputShape,
      }),
    )
    .query(({ ctx, input }) =>
      listApprovals(ctx.db, { state: input.state, transferId: input.transfer_id }, input),
    ),
  approve: operatorProcedure('operator')
    .input(z.strictObject({ id: ConsoleIdSchema }))
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'console.approval.approve',
        id: input.id,
        by: signedInOperator(ctx),
        at: ctx.clock.now().toISOString(),
      }),
    ),
  reject: operatorProcedure('operator')
    .input(z.strictObject({ id: ConsoleIdSchema, reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'console.approval.reject',
        id: input.id,
        reason: input.reason,
        by: signedInOperator(ctx),
        at: ctx.clock.now().toISOString(),
      }),
    ),
});
