import { z } from 'zod';
import { OPERATOR_ROLES } from '../../db/schema/index.js';
import { listOperators, prepareOperator } from '../../services/admin/operator-directory.js';
import { runWrite } from '../../services/write/port.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ConsoleIdSchema } from './console-id.js';
import { signedInOperator } from './operator-context.js';
import { actingOf, ReasonSchema } from './operator-write.js';

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
    .mutation(async ({ ctx, input }) => {
      // Checked and hashed before the write: scrypt never holds the write transaction.
      const operator = await prepareOperator(input);
      return await runWrite(ctx.writes, { op: 'console.operator.create', ...actingOf(ctx), operator });
    }),
  setRole: operatorProcedure('admin')
    .input(z.strictObject({ id: ConsoleIdSchema, role: z.enum(OPERATOR_ROLES), reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, { op: 'console.operator.setRole', ...actingOf(ctx), ...input }),
    ),
  setDisabled: operatorProcedure('admin')
    .input(z.strictObject({ id: ConsoleIdSchema, disabled: z.boolean(), reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, { op: 'console.operator.setDisabled', ...actingOf(ctx), ...input }),
    ),
  resetTotp: operatorProcedure('admin')
    .input(z.strictObject({ id: ConsoleIdSchema, reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, { op: 'console.operator.resetTotp', ...actingOf(ctx), ...input }),
    ),
});

/** The signed-in operator's own second factor (every role). */
export const adminTotpRouter = router({
  begin: operatorProcedure('viewer').mutation(({ ctx }) =>
    runWrite(ctx.writes, { op: 'console.totp.begin', operatorId: ctx.actor.operatorId }),
  ),
  confirm: operatorProcedure('viewer')
    .input(z.strictObject({ code: CodeSchema }))
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'console.totp.confirm',
        by: signedInOperator(ctx),
        at: ctx.clock.now().toISOString(),
        code: input.code,
      }),
    ),
  disable: operatorProcedure('viewer')
    .input(z.strictObject({ code: CodeSchema }))
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'console.totp.disable',
        by: signedInOperator(ctx),
        at: ctx.clock.now().toISOString(),
        code: input.code,
      }),
    ),
});
