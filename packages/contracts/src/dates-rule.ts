import type { z } from 'zod';

/** Cross-field rule shared by both transfer kinds. */
export function settlementNotBeforeTrade(
  value: { trade_date?: string | undefined; settlement_date?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  // ISO dates compare correctly as text.
  if (value.trade_date && value.settlement_date && value.settlement_date < value.trade_date) {
    ctx.addIssue({
      code: 'custom',
      path: ['settlement_date'],
      message: 'must not be before trade_date',
    });
  }
}
