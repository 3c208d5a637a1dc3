import { z } from 'zod';
import {
  listCustodianExceptions,
  resolveCustodianException,
} from '../../services/admin/custodian-exceptions.js';
import { KeysetInputShape } from '../../services/admin/keyset-page.js';
import { audited } from '../../services/audit/operator-audit.js';
import { operatorProcedure, router } from '../../trpc.js';
import { operatorWrite, ReasonSchema } from './operator-write.js';

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
      const write = operatorWrite(ctx, input);
      await audited(
        ctx,
        { action: 'exception.resolve', subjectKind: 'EXCEPTION', subjectId: input.id, reason: input.reason },
        async (tx) => resolveCustodianException(tx, input.id, write),
      );
      return { ok: true as const };
    }),
});
