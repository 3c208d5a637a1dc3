import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { APPROVAL_ACTIONS, APPROVAL_STATES } from '../schema/approval-requests.js';
import { instant, quantity } from './columns.js';

/** Four eyes: a manual settle or reject asked for by one operator, applied when a second approves it. */
export const approvalRequests = pgTable(
  'approval_requests',
  {
    id: text().primaryKey(),
    action: text({ enum: APPROVAL_ACTIONS }).notNull(),
    transferId: text().notNull(),
    tenantId: text().notNull(),
    /** MANUAL_SETTLE: the whole units and the settlement date asked for. */
    quantity: quantity(),
    settlementDate: date({ mode: 'string' }),
    reason: text().notNull(),
    /** The transfer's updated_at when it was asked for: any change since makes approval a conflict. */
    transferUpdatedAt: instant().notNull(),
    state: text({ enum: APPROVAL_STATES }).notNull(),
    requestedById: text().notNull(),
    requestedBy: text().notNull(),
    requestedAt: instant().notNull(),
    decidedById: text(),
    decidedBy: text(),
    decidedAt: instant(),
    /** Why it was rejected (an approval needs none). */
    decisionReason: text(),
  },
  (t) => [
    index('approval_requests_state_idx').on(t.state, t.requestedAt, t.id),
    uniqueIndex('approval_requests_pending_uq').on(t.transferId).where(sql`state = 'PENDING'`),
  ],
);
