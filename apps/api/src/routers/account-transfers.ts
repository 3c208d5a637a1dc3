import {
  type AccountTransfer,
  AccountTransferSchema,
  AccountTransferValidationSchema,
  CreateAccountTransferRequestSchema,
  ListAccountTransfersQuerySchema,
  TransferIdParamsSchema,
} from '@tbo/contracts';
import { getAccountTransfer, listAccountTransfers } from '../services/account-transfers.js';
import { validateAccountTransferRequest } from '../services/pre-validation.js';
import { clientProcedure, router } from '../trpc.js';
import { commandOutput } from './command-output.js';
import { AccountTransfersListOutput } from './list-output.js';
import { idempotentCommand } from './mutation-meta.js';

export const accountTransfersRouter = router({
  create: clientProcedure('transfers:admin')
    .input(CreateAccountTransferRequestSchema)
    .output(commandOutput(AccountTransferSchema))
    .mutation(({ ctx, input }) =>
      idempotentCommand<AccountTransfer>(ctx, input, (meta) => ({
        op: 'accountTransfers.create',
        tenantId: ctx.tenantId,
        request: input,
        meta,
      })),
    ),
  /** What the asynchronous checks would decide about this create request today; creates nothing. */
  validate: clientProcedure('transfers:admin')
    .input(CreateAccountTransferRequestSchema)
    .output(AccountTransferValidationSchema)
    .query(({ ctx, input }) =>
      validateAccountTransferRequest(ctx.db, ctx.tenantId, input, {
        at: ctx.clock.now().toISOString(),
        atRiskDays: ctx.config.deadlineAtRiskDays,
      }),
    ),
  get: clientProcedure('transfers:read')
    .input(TransferIdParamsSchema)
    .output(AccountTransferSchema)
    .query(({ ctx, input }) => getAccountTransfer(ctx.db, ctx.tenantId, input.id)),
  list: clientProcedure('transfers:read')
    .input(ListAccountTransfersQuerySchema)
    .output(AccountTransfersListOutput)
    .query(async ({ ctx, input }) => listAccountTransfers(ctx.db, ctx.tenantId, input)),
  cancel: clientProcedure('transfers:admin')
    .input(TransferIdParamsSchema)
    .output(commandOutput(AccountTransferSchema))
    .mutation(({ ctx, input }) =>
      idempotentCommand<AccountTransfer>(ctx, input, (meta) => ({
        op: 'accountTransfers.cancel',
        tenantId: ctx.tenantId,
        id: input.id,
        meta,
      })),
    ),
});
