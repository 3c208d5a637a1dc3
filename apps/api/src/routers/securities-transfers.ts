import {
  CreateSecuritiesTransferRequestSchema,
  ListSecuritiesTransfersQuerySchema,
  type SecuritiesTransfer,
  SecuritiesTransferSchema,
  SecuritiesTransferValidationSchema,
  TransferIdParamsSchema,
} from '@tbo/contracts';
import { validateSecuritiesTransferRequest } from '../services/pre-validation.js';
import { getSecuritiesTransfer, listSecuritiesTransfers } from '../services/securities-transfers.js';
import { clientProcedure, router } from '../trpc.js';
import { commandOutput } from './command-output.js';
import { SecuritiesTransfersListOutput } from './list-output.js';
import { idempotentCommand } from './mutation-meta.js';

export const securitiesTransfersRouter = router({
  create: clientProcedure('transfers:admin')
    .input(CreateSecuritiesTransferRequestSchema)
    .output(commandOutput(SecuritiesTransferSchema))
    .mutation(({ ctx, input }) =>
      idempotentCommand<SecuritiesTransfer>(ctx, input, (meta) => ({
        op: 'securitiesTransfers.create',
        tenantId: ctx.tenantId,
        request: input,
        meta,
      })),
    ),
  /** What the asynchronous checks would decide about this create request today; creates nothing. */
  validate: clientProcedure('transfers:admin')
    .input(CreateSecuritiesTransferRequestSchema)
    .output(SecuritiesTransferValidationSchema)
    .query(async ({ ctx, input }) =>
      validateSecuritiesTransferRequest(ctx.db, ctx.tenantId, input, {
        at: ctx.clock.now().toISOString(),
        atRiskDays: ctx.config.deadlineAtRiskDays,
      }),
    ),
  get: clientProcedure('transfers:read')
    .input(TransferIdParamsSchema)
    .output(SecuritiesTransferSchema)
    .query(({ ctx, input }) => getSecuritiesTransfer(ctx.db, ctx.tenantId, input.id)),
  list: clientProcedure('transfers:read')
    .input(ListSecuritiesTransfersQuerySchema)
    .output(SecuritiesTransfersListOutput)
    .query(async ({ ctx, input }) => listSecuritiesTransfers(ctx.db, ctx.tenantId, input)),
  cancel: clientProcedure('transfers:admin')
    .input(TransferIdParamsSchema)
    .output(commandOutput(SecuritiesTransferSchema))
    .mutation(({ ctx, input }) =>
      idempotentCommand<SecuritiesTransfer>(ctx, input, (meta) => ({
        op: 'securitiesTransfers.cancel',
        tenantId: ctx.tenantId,
        id: input.id,
        meta,
      })),
    ),
});
