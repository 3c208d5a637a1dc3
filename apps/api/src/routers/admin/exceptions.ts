import { z } from 'zod';
import { listCustodianExceptions } from '../../services/admin/custodian-exceptions.js';
import { KeysetInputShape } from '../../services/admin/keyset-page.js';
import { runWrite } from '../../services/write/port.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ReasonSchema, repairOf } from './operator-write.js';

/** Custodian messages that were not booked: the operators' queue. */
export const adminExceptionsRouter = router({
  list: operatorProcedure('viewer')
    .input(
      z.strictObject({
        state: z.enum(['open', 'resolved', 'all']).default('open'),
        transfer_id: z.string().min(1).max(64).optional(),
        ...KeysetInputShape,
      }),
    )
    .query(({ ctx, input }) =>
      listCustodianExceptions(ctx.db, { state: input.state, transferId: input.transfer_id }, input),
    ),
  resolve: operatorProcedure('operator')
    .input(z.strictObject({ id: z.string().min(1).max(64), reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) => {
      await runWrite(ctx.writes, {
        op: 'console.case.resolve',
        ...repairOf(ctx, input),
        kind: 'EXCEPTION',
        id: input.id,
      });
      return { ok: true as const };
    }),
});
