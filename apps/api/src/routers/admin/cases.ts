import { z } from 'zod';
import { CASE_KINDS } from '../../db/schema/index.js';
import {
  acknowledgeCase,
  breakCase,
  type CaseKind,
  casesOfTransfer,
  commentOnCase,
  exceptionCase,
  linkTransferToCase,
  resolveBreak,
} from '../../services/admin/case-work.js';
import { resolveCustodianException } from '../../services/admin/custodian-exceptions.js';
import { openBreaksOfAccount } from '../../services/admin/reconciliation-breaks.js';
import { audited } from '../../services/audit/operator-audit.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ConsoleIdSchema } from './console-id.js';
import { operatorWrite, ReasonSchema } from './operator-write.js';

const CaseRefSchema = z.strictObject({ kind: z.enum(CASE_KINDS), id: ConsoleIdSchema });

const SUBJECT = { EXCEPTION: 'exception', BREAK: 'break' } as const;

function subject(kind: CaseKind, id: string) {
  return { subjectKind: kind, subjectId: id } as const;
}

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
      const write = operatorWrite(ctx, { reason: 'acknowledged' });
      await audited(
        ctx,
        { action: `${SUBJECT[input.kind]}.acknowledge`, ...subject(input.kind, input.id) },
        (tx) => acknowledgeCase(tx, input.kind, input.id, write.actor, write.at),
      );
      return { ok: true as const };
    }),
  resolve: operatorProcedure('operator')
    .input(CaseRefSchema.extend({ reason: ReasonSchema }))
    .mutation(async ({ ctx, input }) => {
      const write = operatorWrite(ctx, input);
      await audited(
        ctx,
        { action: `${SUBJECT[input.kind]}.resolve`, ...subject(input.kind, input.id), reason: input.reason },
        async (tx) =>
          input.kind === 'EXCEPTION'
            ? await resolveCustodianException(tx, input.id, write)
            : resolveBreak(tx, input.id, write.actor, write.at, write.reason),
      );
      return { ok: true as const };
    }),
  comment: operatorProcedure('operator')
    .input(
      CaseRefSchema.extend({
        body: z.string().trim().min(1, 'a comment cannot be empty').max(2000, 'at most 2000 characters'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const write = operatorWrite(ctx, { reason: input.body });
      const id = await audited(
        ctx,
        { action: `${SUBJECT[input.kind]}.comment`, ...subject(input.kind, input.id), reason: input.body },
        async (tx) => commentOnCase(tx, input.kind, input.id, input.body, write.actor, write.at),
      );
      return { ok: true as const, id };
    }),
  link: operatorProcedure('operator')
    .input(CaseRefSchema.extend({ transfer_id: ConsoleIdSchema }))
    .mutation(async ({ ctx, input }) => {
      const write = operatorWrite(ctx, { reason: 'linked' });
      const transferKind = await audited(
        ctx,
        {
          action: `${SUBJECT[input.kind]}.link`,
          ...subject(input.kind, input.id),
          detail: { transfer_id: input.transfer_id },
        },
        async (tx) => linkTransferToCase(tx, input.kind, input.id, input.transfer_id, write.actor, write.at),
      );
      return { ok: true as const, transfer_kind: transferKind };
    }),
});
