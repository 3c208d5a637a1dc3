import { z } from 'zod';
import { consoleCharts, MAX_CHART_DAYS } from '../../services/admin/console-charts.js';
import { operatorProcedure } from '../../trpc.js';

/** Ageing of open transfers, daily volumes and time to settle over the last `days` UTC days. */
export const adminChartsProcedure = operatorProcedure('viewer')
  .input(z.strictObject({ days: z.number().int().min(1).max(MAX_CHART_DAYS).default(30) }))
  .query(({ ctx, input }) => consoleCharts(ctx.db, ctx.clock.now(), input.days));
