import { z } from 'zod';
import { accountDetail, searchAccounts } from '../services/admin/account-lookup.js';
import { sharedConsoleHealth } from '../services/admin/console-health.js';
import { deadlinesBoard } from '../services/admin/deadlines-board.js';
import { KeysetInputShape, PageCursorShape } from '../services/admin/keyset-page.js';
import { listReconciliationBreaks } from '../services/admin/reconciliation-breaks.js';
import { listTenants } from '../services/admin/tenants.js';
import { operatorProcedure, router } from '../trpc.js';
import { adminApprovalsRouter } from './admin/approvals.js';
import { adminAuditRouter } from './admin/audit.js';
import { adminCasesRouter } from './admin/cases.js';
import { adminChartsProcedure } from './admin/charts.js';
import { ConsoleIdSchema } from './admin/console-id.js';
import { adminExceptionsRouter } from './admin/exceptions.js';
import { adminOperatorsRouter, adminTotpRouter } from './admin/operators.js';
import { adminTransfersRouter } from './admin/transfers.js';
import { adminWebhooksRouter } from './admin/webhooks.js';

/** The operations console: every read needs a signed-in operator, every write the `operator` role, operator management `admin`. */
export const adminRouter = router({
  me: operatorProcedure('viewer').query(({ ctx }) => ({ email: ctx.actor.email, role: ctx.actor.role })),
  tenants: operatorProcedure('viewer').query(({ ctx }) => listTenants(ctx.db)),
  transfers: adminTransfersRouter,
  health: operatorProcedure('viewer').query(async ({ ctx }) => sharedConsoleHealth(ctx.db, ctx.clock.now())),
  deadlines: operatorProcedure('viewer')
    .input(
      z
        .strictObject({
          outgoing: z.strictObject(PageCursorShape).default({}),
          incoming: z.strictObject(PageCursorShape).default({}),
          limit: KeysetInputShape.limit,
        })
        .default({ outgoing: {}, incoming: {}, limit: 50 }),
    )
    .query(async ({ ctx, input }) => deadlinesBoard(ctx.db, ctx.clock.now(), input)),
  breaks: operatorProcedure('viewer')
    .input(
      z.strictObject({ state: z.enum(['open', 'resolved', 'all']).default('open'), ...KeysetInputShape }),
    )
    .query(({ ctx, input }) => listReconciliationBreaks(ctx.db, input.state, input)),
  webhooks: adminWebhooksRouter,
  exceptions: adminExceptionsRouter,
  charts: adminChartsProcedure,
  cases: adminCasesRouter,
  approvals: adminApprovalsRouter,
  audit: adminAuditRouter,
  operators: adminOperatorsRouter,
  totp: adminTotpRouter,
  accounts: router({
    search: operatorProcedure('viewer')
      .input(z.strictObject({ q: z.string().max(140).default(''), ...KeysetInputShape }))
      .query(({ ctx, input }) => searchAccounts(ctx.db, input.q, input)),
    get: operatorProcedure('viewer')
      .input(z.strictObject({ id: ConsoleIdSchema }))
      .query(({ ctx, input }) => accountDetail(ctx.db, input.id)),
  }),
});
