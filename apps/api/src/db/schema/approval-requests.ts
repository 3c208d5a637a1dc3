import { sql } from 'drizzle-orm';
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const APPROVAL_ACTIONS = ['MANUAL_SETTLE', 'MANUAL_REJECT'] as const;
export const APPROVAL_STATES = ['PENDING', 'APPROVED', 'REJECTED'] as const;

/**
 * Four eyes: a manual settle or reject asked for by one operator, applied only
 * when a second one approves it (docs/decisions.md).
 */
export const approvalRequests = sqliteTable(
  'approval_requests',
  {
    id: text().primaryKey(),
    action: text({ enum: APPROVAL_ACTIONS }).notNull(),
    transferId: text().notNull(),
    tenantId: text().notNull(),
    /** MANUAL_SETTLE: the whole units and the settlement date asked for. */
    quantity: text(),
    settlementDate: text(),
    reason: text().notNull(),
    /** The transfer's updated_at when it was asked for: any change since makes approval a conflict. */
    transferUpdatedAt: text().notNull(),
    state: text({ enum: APPROVAL_STATES }).notNull(),
    requestedById: text().notNull(),
    requestedBy: text().notNull(),
    requestedAt: text().notNull(),
    decidedById: text(),
    decidedBy: text(),
    decidedAt: text(),
    /** Why it was rejected (an approval needs none). */
    decisionReason: text(),
  },
  (t) => [
    // id last: the console pages by keyset on (requested_at, id) within a state.
    index('approval_requests_state_idx').on(t.state, t.requestedAt, t.id),
    // One open request per transfer: two pending settles could both be approved.
    uniqueIndex('approval_requests_pending_uq').on(t.transferId).where(sql`state = 'PENDING'`),
  ],
);
