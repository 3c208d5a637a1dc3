import { accountTransfersRouter } from './routers/account-transfers.js';
import { adminRouter } from './routers/admin.js';
import { internalRouter } from './routers/internal.js';
import { referenceRouter } from './routers/reference.js';
import { securitiesTransfersRouter } from './routers/securities-transfers.js';
import { webhooksRouter } from './routers/webhooks.js';
import { createCallerFactory, router } from './trpc.js';

export const appRouter = router({
  securitiesTransfers: securitiesTransfersRouter,
  accountTransfers: accountTransfersRouter,
  reference: referenceRouter,
  admin: adminRouter,
  internal: internalRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

/**
 * Every procedure's dotted path, as tRPC's router definition lists them: the
 * /trpc mount's batch rule and the request log's labels name only these.
 */
export const PROCEDURE_PATHS: ReadonlySet<string> = new Set(Object.keys(appRouter._def.procedures));
