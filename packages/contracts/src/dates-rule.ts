import type { z } from 'zod';
import { isRealCalendarDate } from './fields.js';

/** Cross-field rule shared by both transfer kinds. */
export function settlementNotBeforeTrade(
  value: { trade_date?: string | undefined; settlement_date?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  const { trade_date: trade, settlement_date: settlement } = value;
  // Zod still runs this refinement when a date failed its own (non-aborting)
  // calendar check; such a date already has its issue, so compare only real
  // dates. ISO dates compare correctly as text.
  if (!trade || !settlement || !isRealCalendarDate(trade) || !isRealCalendarDate(settlement)) return;
  if (settlement < trade) {
    ctx.addIssue({
      code: 'custom',
      path: ['settlement_date'],
      message: 'must not be before trade_date',
    });
  }
}
