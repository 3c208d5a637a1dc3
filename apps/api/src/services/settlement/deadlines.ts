import { marketDate } from '@tbo/contracts';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { addCalendarDays, daysBetween } from '../../domain/calendar.js';
import { countDeadlinesByFlag, listDeadlineRows } from '../../repositories/deadlines.js';

export const DeadlineFlagSchema = z.enum(['ON_TRACK', 'AT_RISK', 'OVERDUE']);
export type DeadlineFlag = z.infer<typeof DeadlineFlagSchema>;

export const DeadlineSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  accountTransferId: z.string().nullable(),
  direction: z.enum(['INCOMING', 'OUTGOING']),
  status: z.string(),
  isin: z.string(),
  quantity: z.string(),
  receivedOn: z.string(),
  /** OUTGOING: the legal deadline (receipt + 21 days). INCOMING: the expiry (receipt + 30 days). */
  dueDate: z.string(),
  kind: z.enum(['LEGAL_DEADLINE', 'INCOMING_EXPIRY']),
  daysLeft: z.number().int(),
  flag: DeadlineFlagSchema,
});
export type Deadline = z.infer<typeof DeadlineSchema>;

/** Days left at which an open transfer is flagged at risk, unless a caller asks otherwise. */
export const DEFAULT_AT_RISK_DAYS = 5;

export const DeadlinesQuerySchema = z.object({
  atRiskDays: z.number().int().min(0).max(60).default(DEFAULT_AT_RISK_DAYS),
  direction: z.enum(['INCOMING', 'OUTGOING']).optional(),
  tenantId: z.string().optional(),
  /** Only these flags in `items` (counts always cover every flag). */
  flags: z.array(DeadlineFlagSchema).optional(),
  limit: z.number().int().min(0).max(1000).default(100),
});
export type DeadlinesQuery = z.infer<typeof DeadlinesQuerySchema>;

export const DeadlinesResponseSchema = z.object({
  today: z.string(),
  atRiskDays: z.number(),
  counts: z.record(DeadlineFlagSchema, z.number()),
  items: z.array(DeadlineSchema),
});
export type DeadlinesResponse = z.infer<typeof DeadlinesResponseSchema>;

/**
 * Unfinished transfers against their date, soonest first: OVERDUE past the
 * due date, AT_RISK within `atRiskDays`, else ON_TRACK. Pure query over the
 * work index, so the console can call it as often as it likes.
 */
export async function listDeadlines(db: Db, query: DeadlinesQuery, now: Date): Promise<DeadlinesResponse> {
  const today = marketDate(now);
  const filter = {
    today,
    riskEnd: addCalendarDays(today, query.atRiskDays),
    direction: query.direction,
    tenantId: query.tenantId,
  };
  const counts: Record<DeadlineFlag, number> = { ON_TRACK: 0, AT_RISK: 0, OVERDUE: 0 };
  for (const c of await countDeadlinesByFlag(db, filter)) counts[c.flag] = c.n;
  const flags = query.flags ?? DeadlineFlagSchema.options;
  const rows = await listDeadlineRows(db, { ...filter, flags, limit: query.limit });
  return {
    today,
    atRiskDays: query.atRiskDays,
    counts,
    items: rows.map((r) => ({
      id: r.id,
      tenantId: r.tenantId,
      accountTransferId: r.accountTransferId,
      direction: r.direction === 'OUTGOING' ? 'OUTGOING' : 'INCOMING',
      status: r.status,
      isin: r.isin,
      quantity: r.quantity,
      receivedOn: marketDate(r.createdAt),
      dueDate: r.dueDate,
      kind: r.direction === 'OUTGOING' ? 'LEGAL_DEADLINE' : 'INCOMING_EXPIRY',
      daysLeft: daysBetween(today, r.dueDate),
      flag: r.flag,
    })),
  };
}
