import { z } from 'zod';
import { listOperators } from '../../services/admin/operator-directory.js';
import { AUDIT_ACTIONS, listOperatorActions } from '../../services/audit/operator-audit.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ConsoleIdSchema } from './console-id.js';

const IsoTimeSchema = z.iso.datetime({ offset: false });

/** The global log of operator actions, newest first, a keyset page at a time. */
export const adminAuditRouter = router({
  list: operatorProcedure('viewer')
    .input(
      z.strictObject({
        operator_id: ConsoleIdSchema.optional(),
        action: z.enum(AUDIT_ACTIONS).optional(),
        from: IsoTimeSchema.optional(),
        to: IsoTimeSchema.optional(),
        after: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      listOperatorActions(ctx.db, {
        operatorId: input.operator_id,
        action: input.action,
        from: input.from,
        to: input.to,
        after: input.after,
        limit: input.limit,
      }),
    ),
  /** What the filters offer: the actions and the operators (by e-mail). */
  facets: operatorProcedure('viewer').query(async ({ ctx }) => ({
    actions: [...AUDIT_ACTIONS],
    operators: (await listOperators(ctx.db)).map((o) => ({ id: o.id, email: o.email })),
  })),
});
