import { marketDate } from '@tbo/contracts';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { addCalendarDays, daysBetween } from '../../domain/calendar.js';

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

interface Row {
  id: string;
  tenant_id: string;
  account_transfer_id: string | null;
  direction: 'INCOMING' | 'OUTGOING';
  status: string;
  isin: string;
  quantity: string;
  created_at: string;
  due_date: string;
  flag: DeadlineFlag;
}

/**
 * Unfinished transfers against their date, soonest first: OVERDUE past the
 * due date, AT_RISK within `atRiskDays`, else ON_TRACK. Pure query over the
 * work index, so the console can call it as often as it likes.
 */
export async function listDeadlines(db: Db, query: DeadlinesQuery, now: Date): Promise<DeadlinesResponse> {
  const today = marketDate(now);
  const params = {
    today,
    riskEnd: addCalendarDays(today, query.atRiskDays),
    direction: query.direction ?? null,
    tenantId: query.tenantId ?? null,
  };
  const base = `FROM (SELECT *, CASE WHEN due_date < @today THEN 'OVERDUE' WHEN due_date <= @riskEnd THEN 'AT_RISK' ELSE 'ON_TRACK' END AS flag
      FROM securities_transfers
      WHERE status IN ('NEW', 'PROCESSING') AND due_date IS NOT NULL
        AND (@direction IS NULL OR direction = @direction) AND (@tenantId IS NULL OR tenant_id = @tenantId))`;
  const counts: Record<DeadlineFlag, number> = { ON_TRACK: 0, AT_RISK: 0, OVERDUE: 0 };
  for (const c of db.$client.prepare(`SELECT flag, count(*) AS n ${base} GROUP BY flag`).all(params) as {
    flag: DeadlineFlag;
    n: number;
  }[]) {
    counts[c.flag] = c.n;
  }
  const flags = query.flags ?? DeadlineFlagSchema.options;
  const rows = db.$client
    .prepare(
      `SELECT id, tenant_id, account_transfer_id, direction, status, isin, quantity, created_at, due_date, flag ${base}
       WHERE flag IN (${flags.map((f) => `'${f}'`).join(', ')}) ORDER BY due_date, created_at LIMIT @limit`,
    )
    .all({ ...params, limit: query.limit }) as Row[];
  return {
    today,
    atRiskDays: query.atRiskDays,
    counts,
    items: rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      accountTransferId: r.account_transfer_id,
      direction: r.direction,
      status: r.status,
      isin: r.isin,
      quantity: r.quantity,
      receivedOn: marketDate(r.created_at),
      dueDate: r.due_date,
      kind: r.direction === 'OUTGOING' ? 'LEGAL_DEADLINE' : 'INCOMING_EXPIRY',
      daysLeft: daysBetween(today, r.due_date),
      flag: r.flag,
    })),
  };
}
