import { z } from 'zod';
import { OPERATOR_ROLES } from '../../db/schema/index.js';
import {
  changeOperatorRole,
  createOperator,
  listOperators,
  resetOperatorTotp,
  setOperatorDisabled,
} from '../../services/admin/operator-directory.js';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableOwnTotp,
} from '../../services/admin/operator-totp.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ConsoleIdSchema } from './console-id.js';
import { signedInOperator } from './operator-context.js';
import { ReasonSchema } from './operator-write.js';

const CodeSchema = z.string().regex(/^[0-9]{6}$/, 'the 6 digits the authenticator app shows');

/** Operator management: admins only. */
export const adminOperatorsRouter = router({
  list: operatorProcedure('admin').query(({ ctx }) => listOperators(ctx.db)),
  create: operatorProcedure('admin')
    .input(
      z.strictObject({
        email: z.email().max(254),
        name: z.string().trim().min(1).max(120),
        role: z.enum(OPERATOR_ROLES),
        password: z.string().max(200),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      createOperator(ctx.db, input, signedInOperator(ctx), ctx.clock.now().toISOString()),
    ),
  setRole: operatorProcedure('admin')
    .input(z.strictObject({ id: ConsoleIdSchema, role: z.enum(OPERATOR_ROLES), reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) =>
      changeOperatorRole(
        ctx.db,
        input.id,
        input.role,
        input.reason,
        signedInOperator(ctx),
        ctx.clock.now().toISOString(),
      ),
    ),
  setDisabled: operatorProcedure('admin')
    .input(z.strictObject({ id: ConsoleIdSchema, disabled: z.boolean(), reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) =>
      setOperatorDisabled(
        ctx.db,
        input.id,
        input.disabled,
        input.reason,
        signedInOperator(ctx),
        ctx.clock.now().toISOString(),
      ),
    ),
  resetTotp: operatorProcedure('admin')
    .input(z.strictObject({ id: ConsoleIdSchema, reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) =>
      resetOperatorTotp(ctx.db, input.id, input.reason, signedInOperator(ctx), ctx.clock.now().toISOString()),
    ),
});

/** The signed-in operator's own second factor (every role). */
export const adminTotpRouter = router({
  begin: operatorProcedure('viewer').mutation(({ ctx }) => beginTotpEnrolment(ctx.db, ctx.actor.operatorId)),
  confirm: operatorProcedure('viewer')
    .input(z.strictObject({ code: CodeSchema }))
    .mutation(async ({ ctx, input }) => {
      await confirmTotpEnrolment(
        ctx.db,
        ctx.actor.operatorId,
        input.code,
        ctx.clock.now(),
        signedInOperator(ctx),
      );
      return { ok: true as const };
    }),
  disable: operatorProcedure('viewer')
    .input(z.strictObject({ code: CodeSchema }))
    .mutation(async ({ ctx, input }) => {
      await disableOwnTotp(ctx.db, ctx.actor.operatorId, input.code, ctx.clock.now(), signedInOperator(ctx));
      return { ok: true as const };
    }),
});
